import { createPublicKey, type KeyObject } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError, WinError } from '../errors/index.js';
import { hashHex, readFileShared, readFileWhole, xxh64 } from '../image/index.js';
import {
  EXPANDED_MANIFEST,
  EXPANDED_SIGNATURE,
  ExpandedLookup,
  decodeSignatureFile,
  encodeSignatureFile,
  isReservedName,
} from './expanded.js';
import { checkPackageIntegrity, readPackageLayout } from './format-decode.js';
import { encodePackageFile } from './format-encode.js';
import {
  integrityHash,
  type DecodedPackageFile,
  PACKAGE_FORMAT_VERSION,
  type PackageSignature,
} from './format.js';
import { validateManifest, type Manifest } from './manifest.js';
import { defaultSigningKey, defaultTrustedKeys, keyIdOf, signManifest, type Signer } from './signing.js';
import { checkPayload, checkSignature, type KnownHashes, type TrustStatus } from './trust.js';
import { inflateMembers } from './inflate.js';

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

interface PackageState {
  manifest: Manifest;
  manifestBytes: Uint8Array;
  payload: Map<string, Uint8Array>;
  /** Each manifest file's member bytes, in manifest order (found once: installs visit every file). */
  fileBytes: readonly Uint8Array[];
  /** The payload's bytes in member order, made on first use. */
  memberBytes?: readonly Uint8Array[];
  signature: PackageSignature | null;
  trust: TrustStatus;
  compress: boolean;
  /** The format `toBytes` writes when the package was not read from a file. */
  formatVersion?: 1 | 2 | 3;
  encoded?: EncodedPackage;
}

/** A package file whose signature and manifest have been checked and whose named members are inflated. */
interface AuthenticatedFile extends DecodedPackageFile {
  manifest: Manifest;
  trust: TrustStatus;
}

/** SHA-256s through `hashMany`, one per item (a wrong count is the hasher's bug). */
async function hashesOf(
  hashMany: (items: readonly Uint8Array[]) => Promise<readonly string[]>,
  items: readonly Uint8Array[],
): Promise<readonly string[]> {
  const digests = await hashMany(items);
  if (digests.length !== items.length) {
    throw new Error(
      `Package.fromBytesAsync: sha256Many gave ${digests.length} digests for ${items.length} items`,
    );
  }
  return digests;
}

interface EncodedPackage {
  bytes: Uint8Array;
  integrity: string;
  formatVersion: number;
}

function encodeManifest(manifest: Manifest): Uint8Array {
  return Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`, 'utf8');
}

function decodeManifest(bytes: Uint8Array, source: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new InputError(
      source,
      `the manifest is not valid UTF-8 JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return validateManifest(json, `${source} manifest`);
}

function reservedNames(names: Iterable<string>, source: string): void {
  const taken = [...names].filter(isReservedName);
  if (taken.length > 0) {
    throw new InputError(
      source,
      taken.map((name) => ({
        where: `payload:${name}`,
        message: 'is reserved for the expanded form of the package',
      })),
    );
  }
}

/**
 * A service pack or hotfix package: a validated manifest, its payload and its signature.
 * Immutable once made. Built from a manifest and payload, read from a `.svcpkg` file, or read from its expanded form.
 * Reading verifies the integrity hash, the signature against trusted keys and every member against the manifest.
 */
export class Package {
  readonly manifest: Manifest;
  readonly #state: PackageState;

  private constructor(state: PackageState) {
    this.#state = state;
    this.manifest = state.manifest;
  }

  /**
   * Builds and signs a package. Every problem of the manifest, and every mismatch between it and the payload
   * (missing, extra or unsafe members, wrong sizes, SHA-256s or xxh64s), is reported at once as an `InputError`.
   * `signer` defaults to the built-in test key; `null` builds an unsigned package.
   * The payload bytes are kept, not copied: do not change them afterwards.
   */
  static build(
    manifest: Manifest,
    payload: ReadonlyMap<string, Uint8Array>,
    signer: Signer | null = defaultSigningKey(),
    options: PackageBuildOptions = {},
  ): Package {
    const valid = validateManifest(manifest, 'manifest', { payload });
    reservedNames(payload.keys(), 'payload');
    if (signer && keyIdOf(createPublicKey(signer.privateKey)) !== signer.keyId) {
      throw new InputError('signer', `key id ${signer.keyId} is not the id of the private key`, 'keyId');
    }
    const manifestBytes = encodeManifest(valid);
    const signature = signer
      ? { keyId: signer.keyId, signature: signManifest(manifestBytes, signer.privateKey) }
      : null;
    return new Package({
      manifest: valid,
      manifestBytes,
      payload: new Map(payload),
      fileBytes: valid.files.map((file) => payload.get(file.source)!),
      signature,
      trust: signer ? 'trusted' : 'unsigned',
      compress: options.compress ?? false,
      formatVersion: options.formatVersion,
    });
  }

  /**
   * {@link Package.build}, which checks every file's xxh64 against its payload member too (a wrong one is an
   * `InputError` at `/files/<i>/xxh64`). Kept for callers written when xxh64 needed an asynchronous start.
   */
  static async buildVerified(
    manifest: Manifest,
    payload: ReadonlyMap<string, Uint8Array>,
    signer: Signer | null = defaultSigningKey(),
    options: PackageBuildOptions = {},
  ): Promise<Package> {
    return Promise.resolve(Package.build(manifest, payload, signer, options));
  }

  /**
   * Reads a package file from bytes and verifies it: structure (`InputError` with the byte offset), integrity hash
   * (`TRUST_E_BAD_DIGEST`), signature (`TRUST_E_NOSIGNATURE` when unsigned or by an unknown key,
   * `TRUST_E_BAD_DIGEST` when it does not match), manifest (`InputError` with JSON pointers), and only then the
   * payload: the deflated members the manifest names are inflated (bounded, see `maxInflatedBytes`) and every
   * member is checked against the manifest's size, SHA-256 and xxh64 (`TRUST_E_BAD_DIGEST` naming the member).
   * Stored members are views into `bytes`.
   */
  static fromBytes(bytes: Uint8Array, options: PackageReadOptions = {}): Package {
    const source = options.source ?? 'package';
    const layout = readPackageLayout(bytes, source);
    const actual = integrityHash(bytes.subarray(0, layout.hashedLength), layout.integrityAlgorithm);
    const file = Package.authenticated(checkPackageIntegrity(layout, actual), options, source);
    return Package.made(bytes, file, checkPayload(file.manifest, file.members, source));
  }

  /**
   * The checks after the file's structure and integrity, before any member is inflated or hashed:
   * signature, manifest, names; then the members the manifest names are inflated.
   */
  private static authenticated(
    file: DecodedPackageFile,
    options: PackageReadOptions,
    source: string,
  ): AuthenticatedFile {
    const trust = checkSignature(
      file.manifestBytes,
      file.signature,
      options.trusted ?? defaultTrustedKeys(),
      source,
      options.allowUntrusted ?? false,
    );
    const manifest = decodeManifest(file.manifestBytes, source);
    reservedNames(file.members.keys(), source);
    const sizes = new Map<string, number>();
    if (file.deflated.length > 0)
      for (const f of manifest.files) if (!sizes.has(f.source)) sizes.set(f.source, f.size);
    const members = inflateMembers(
      file.members,
      file.deflated,
      (name) => sizes.get(name),
      source,
      options.maxInflatedBytes,
    );
    return { ...file, members, manifest, trust };
  }

  /** The package of an authenticated file whose payload has been checked. */
  private static made(bytes: Uint8Array, file: AuthenticatedFile, fileBytes: Uint8Array[]): Package {
    return new Package({
      manifest: file.manifest,
      manifestBytes: file.manifestBytes,
      payload: file.members,
      fileBytes,
      signature: file.signature,
      trust: file.trust,
      compress: file.deflated.length > 0,
      encoded: { bytes, integrity: file.integrity, formatVersion: file.formatVersion },
    });
  }

  /**
   * Like {@link Package.fromBytes}, with the same checks in the same order and the same errors, but
   * the members' SHA-256s (and a format-1 file's SHA-256 integrity hash) are computed by
   * `options.sha256Many` when it is given; the members' xxh64s are computed here meanwhile.
   */
  static async fromBytesAsync(bytes: Uint8Array, options: PackageReadOptions = {}): Promise<Package> {
    const hashMany = options.sha256Many;
    if (hashMany === undefined) return Package.fromBytes(bytes, options);
    const source = options.source ?? 'package';
    const layout = readPackageLayout(bytes, source);
    const prefix = bytes.subarray(0, layout.hashedLength);
    const actual =
      layout.integrityAlgorithm === 'sha256'
        ? (await hashesOf(hashMany, [prefix]))[0]
        : integrityHash(prefix, layout.integrityAlgorithm);
    const file = Package.authenticated(checkPackageIntegrity(layout, actual), options, source);
    const names = [...file.members.keys()];
    const items = [...file.members.values()];
    const sha256s = hashesOf(hashMany, items);
    const xxh64s = items.map((item) => hashHex(xxh64(item)));
    const digests = await sha256s;
    const known: KnownHashes = {
      sha256: new Map(names.map((name, i) => [name, digests[i]])),
      xxh64: new Map(names.map((name, i) => [name, xxh64s[i]])),
    };
    return Package.made(bytes, file, checkPayload(file.manifest, file.members, source, known));
  }

  /**
   * Reads and verifies a package file on the host (see {@link Package.fromBytesAsync}). With
   * `sha256Many` the file is read into shared memory, so hash workers read it where it lies; without
   * it, into ordinary memory, which V8 reclaims sooner once the package is dropped.
   */
  static async load(file: string, options: PackageReadOptions = {}): Promise<Package> {
    const bytes = await (options.sha256Many ? readFileShared(file) : readFileWhole(file));
    return Package.fromBytesAsync(bytes, { ...options, source: options.source ?? file });
  }

  /**
   * Reads the expanded form (relative path to bytes; `\` or `/` separators, case ignored, other files ignored)
   * and verifies it like {@link Package.fromBytes}. A missing `update/manifest.json` is an `InputError`.
   */
  static fromExpanded(files: ReadonlyMap<string, Uint8Array>, options: PackageReadOptions = {}): Package {
    const source = options.source ?? 'expanded package';
    const lookup = new ExpandedLookup(files);
    const manifestBytes = lookup.get(EXPANDED_MANIFEST);
    if (!manifestBytes) throw new InputError(source, 'the manifest is missing', EXPANDED_MANIFEST);
    const signatureBytes = lookup.get(EXPANDED_SIGNATURE);
    const signature = signatureBytes ? decodeSignatureFile(signatureBytes, source) : null;
    const trust = checkSignature(
      manifestBytes,
      signature,
      options.trusted ?? defaultTrustedKeys(),
      source,
      options.allowUntrusted ?? false,
    );
    const manifest = decodeManifest(manifestBytes, source);
    const payload = new Map<string, Uint8Array>();
    for (const file of manifest.files) {
      const bytes = lookup.get(file.source);
      if (bytes) payload.set(file.source, bytes);
    }
    const fileBytes = checkPayload(manifest, payload, source);
    return new Package({ manifest, manifestBytes, payload, fileBytes, signature, trust, compress: false });
  }

  /** The package id (`'W2K-SP4'`, `'Q823980'`). */
  get id(): string {
    return this.manifest.id;
  }

  /** How the signature was judged when the package was read (`'trusted'` for one built here and signed). */
  get trust(): TrustStatus {
    return this.#state.trust;
  }

  /** The signer's key id, or `null` for an unsigned package. */
  signer(): string | null {
    return this.#state.signature?.keyId ?? null;
  }

  /** The payload member names, in package order. */
  members(): string[] {
    return [...this.#state.payload.keys()];
  }

  /** The payload members' bytes, in package order (as {@link members} names them; views: do not change them). */
  memberBytes(): readonly Uint8Array[] {
    const state = this.#state;
    state.memberBytes ??= [...state.payload.values()];
    return state.memberBytes;
  }

  /** Each manifest file's member bytes, in the order of `manifest.files` (views: do not change them). */
  fileBytes(): readonly Uint8Array[] {
    return this.#state.fileBytes;
  }

  /** Whether the payload holds a member. */
  hasMember(name: string): boolean {
    return this.#state.payload.has(name);
  }

  /** A payload member's bytes (a view: do not change them). Throws `ERROR_FILE_NOT_FOUND` when absent. */
  member(name: string): Uint8Array {
    const bytes = this.#state.payload.get(name);
    if (!bytes) throw new WinError('ERROR_FILE_NOT_FOUND', name, `not a member of package ${this.id}`);
    return bytes;
  }

  /** The exact manifest bytes that are signed. */
  manifestBytes(): Uint8Array {
    return this.#state.manifestBytes;
  }

  /** The package file's bytes (encoded once, then cached; the bytes read for a package read from a file). */
  toBytes(): Uint8Array {
    return this.#encoded().bytes;
  }

  /** Writes the package file on the host atomically: a temporary file beside it, then a rename. */
  async save(file: string): Promise<void> {
    const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
    try {
      await writeFile(temporary, this.toBytes());
      await rename(temporary, file);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  }

  /** A summary: id, title, kind, level, counts, sizes, signer, trust and integrity hash. */
  inspect(): PackageSummary {
    const m = this.manifest;
    const encoded = this.#encoded();
    const count = (test: (file: Manifest['files'][number]) => boolean | undefined) =>
      m.files.filter(test).length;
    return {
      id: m.id,
      title: m.title,
      product: m.product,
      kind: m.kind,
      level: m.level,
      language: m.language,
      editions: [...m.editions],
      files: m.files.length,
      members: this.#state.payload.size,
      payloadBytes: totalBytes(this.#state.payload),
      packageBytes: encoded.bytes.length,
      protectedFiles: count((f) => f.protected),
      optionalComponentFiles: count((f) => f.optionalComponent !== undefined),
      oemFiles: count((f) => f.oem),
      driverFiles: count((f) => f.driver),
      registryInstructions: m.registry.length,
      tasks: m.tasks.length,
      supersedes: [...m.supersedes],
      includesHotfixes: [...m.includesHotfixes],
      signer: this.signer(),
      trust: this.trust,
      integrity: encoded.integrity,
      formatVersion: encoded.formatVersion,
    };
  }

  /**
   * The expanded form, as written to a CD or a share: each member at its name, plus `update/manifest.json`
   * and (when signed) `update/signature.json`. The bytes are views, not copies.
   */
  expand(): Map<string, Uint8Array> {
    const files = new Map(this.#state.payload);
    files.set(EXPANDED_MANIFEST, this.#state.manifestBytes);
    if (this.#state.signature) files.set(EXPANDED_SIGNATURE, encodeSignatureFile(this.#state.signature));
    return files;
  }

  #encoded(): EncodedPackage {
    const state = this.#state;
    state.encoded ??= {
      ...encodePackageFile(
        { manifestBytes: state.manifestBytes, members: state.payload, signature: state.signature },
        { compress: state.compress, formatVersion: state.formatVersion },
      ),
      formatVersion: state.formatVersion ?? PACKAGE_FORMAT_VERSION,
    };
    return state.encoded;
  }
}

function totalBytes(members: ReadonlyMap<string, Uint8Array>): number {
  let total = 0;
  for (const bytes of members.values()) total += bytes.length;
  return total;
}
