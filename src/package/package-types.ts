/** What reading, building and inspecting a package take and give. */
import type { KeyObject } from 'node:crypto';
import type { Manifest } from './manifest.js';
import type { TrustStatus } from './trust.js';

/** Options for reading a package (from a file, bytes or the expanded form). */
export interface PackageReadOptions {
  /** The keys trusted to sign packages, by key id (default: the built-in test key, see `defaultTrustedKeys`). */
  trusted?: ReadonlyMap<string, KeyObject>;
  /** What is being read, for messages (a file name). */
  source?: string;
  /**
   * Accept an unsigned package or one signed by an unknown key (for inspecting it); `trust` tells which.
   * A signature by a trusted key that does not match is refused regardless.
   */
  allowUntrusted?: boolean;
  /**
   * Hashes many byte arrays with SHA-256 (hex digests, in order), for instance through a worker pool:
   * `(items) => pool.hashAll(items, { algorithm: 'sha256' })`. `load` and `fromBytesAsync` then hash
   * the file and its members there; without it they hash on the calling thread.
   */
  sha256Many?: (items: readonly Uint8Array[]) => Promise<readonly string[]>;
  /**
   * With `sha256Many`: hashes many byte arrays with xxh64 (16 lower-case hex digits each, in order),
   * so that no member is hashed on the calling thread either (by default their xxh64s are computed
   * there while `sha256Many` runs).
   */
  xxh64Many?: (items: readonly Uint8Array[]) => Promise<readonly string[]>;
  /**
   * Hashes many byte arrays with SHA-256 and xxh64 at once (each item read once for both, in order),
   * for instance `(items) => pool.hashBoth(items)`. When given, `load` and `fromBytesAsync` hash the
   * members with it alone, starting as soon as the file's structure is read when no member is
   * deflated (the checks before the payload's then run meanwhile; their errors come first as ever).
   */
  memberHashes?: (
    items: readonly Uint8Array[],
  ) => Promise<{ sha256: readonly string[]; xxh64: readonly string[] }>;
  /**
   * The most bytes reading may inflate in all (default {@link DEFAULT_MAX_INFLATED_BYTES}, 2 GiB).
   * Only members the authenticated manifest names are inflated, each to the size it gives them.
   */
  maxInflatedBytes?: number;
}

/** Options for building a package. */
export interface PackageBuildOptions {
  /** Raw-deflate payload members that shrink in the package file (default false). */
  compress?: boolean;
  /**
   * The package file format to write: 3 (the default), or 2 or 1 for readers that predate it. The
   * formats differ only in what the integrity hash covers; each reads to the same package.
   */
  formatVersion?: 1 | 2 | 3;
}

/** What `inspect()` reports. */
export interface PackageSummary {
  id: string;
  title: string;
  product: string;
  kind: Manifest['kind'];
  level: number | undefined;
  language: string;
  editions: string[];
  /** Entries in the manifest's file list. */
  files: number;
  /** Payload members. */
  members: number;
  /** Bytes of payload (uncompressed). */
  payloadBytes: number;
  /** Bytes of the package file. */
  packageBytes: number;
  protectedFiles: number;
  optionalComponentFiles: number;
  oemFiles: number;
  driverFiles: number;
  registryInstructions: number;
  tasks: number;
  supersedes: string[];
  includesHotfixes: string[];
  /** The signer's key id, or `null` when unsigned. */
  signer: string | null;
  trust: TrustStatus;
  /** The integrity hash of the package file, hex: xxh64 of all before the members (format 3) or before the integrity field (2), SHA-256 of the latter (1). */
  integrity: string;
  formatVersion: number;
}
