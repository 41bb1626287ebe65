/**
 * The `.svcpkg` file: one signed, self-checking file holding a manifest and its payload.
 *
 * Layout (integers little-endian):
 *
 * | Offset | Size | Field |
 * |--------|------|-------|
 * | 0 | 6 | magic `SVCPKG` |
 * | 6 | 2 | format version (2; 1 is still read) |
 * | 8 | 4 | manifest length M |
 * | 12 | M | manifest, UTF-8 JSON (the exact bytes that are signed) |
 * | | 4 | member count N |
 * | | | N member headers: u16 name length, UTF-8 name, u8 flags (bit 0: raw deflate), u32 stored length, [u32 original length if deflated] |
 * | | | the members' stored bytes, in table order (formats 1 and 2: each right after its own header) |
 * | | 8 or 32 | integrity: xxh64 (formats 2 and 3, big-endian) or SHA-256 (format 1) |
 * | | 1 | signature kind: 0 unsigned, 1 Ed25519 |
 * | | 16 + 64 | if signed: signer key id (ASCII hex), Ed25519 signature of the manifest |
 *
 * The integrity hash catches damage to the file's structure before anything else is read. It is not
 * what makes a package authentic: the signature covers the manifest, and the manifest gives every
 * member's size and SHA-256, which reading checks. Format 3 (written unless asked otherwise) therefore
 * hashes only the header, the manifest and the member headers, which come before all the members'
 * bytes: damage to a member is found by its SHA-256, and named. Format 2 hashed every byte before the
 * integrity field with xxh64, member bytes included (a second pass over them); format 1 did the same
 * with SHA-256. Both are still read.
 *
 * The file ends exactly there. Damage to the structure (bad magic, truncation, lengths that run past the end,
 * trailing bytes, bad names) is an `InputError` whose `where` is `offset <n>`. A structurally sound file whose
 * integrity hash does not match is refused with `WinError('TRUST_E_BAD_DIGEST')`.
 */
import { createHash } from 'node:crypto';
import { hashHex, xxh64InSlices } from '../image/index.js';
import type { DeflatedMember } from './inflate.js';
import type { MemberLayout } from './member-table.js';

export type { MemberLayout } from './member-table.js';

/** The first six bytes of every package file. */
export const PACKAGE_MAGIC = 'SVCPKG';
/** The format version this code writes (it reads 1, 2 and 3). */
export const PACKAGE_FORMAT_VERSION = 3;
/** The format versions this code reads. */
export const PACKAGE_FORMAT_VERSIONS: readonly number[] = [1, 2, 3];
/** The integrity hashes the format versions use. */
export type IntegrityAlgorithm = 'sha256' | 'xxh64';
/** Each format version's integrity hash (its algorithm and field length) and member layout. */
export const FORMATS = {
  1: { algorithm: 'sha256', length: 32, members: 'inline' },
  2: { algorithm: 'xxh64', length: 8, members: 'inline' },
  3: { algorithm: 'xxh64', length: 8, members: 'afterTable' },
} as const satisfies Record<number, { algorithm: IntegrityAlgorithm; length: number; members: MemberLayout }>;

/** The integrity hash of `bytes` with the given algorithm, hex. */
export function integrityHash(bytes: Uint8Array, algorithm: IntegrityAlgorithm): string {
  if (algorithm === 'sha256') return createHash('sha256').update(bytes).digest('hex');
  return hashHex(xxh64InSlices(bytes));
}
/** The signature kinds: none, or Ed25519. */
export const SIGNATURE_NONE = 0;
export const SIGNATURE_ED25519 = 1;

/** A package signature: who signed and the Ed25519 signature of the manifest bytes. */
export interface PackageSignature {
  keyId: string;
  signature: Uint8Array;
}

/** What a package file holds, decoded. Member bytes are views into the file buffer unless they were deflated. */
export interface PackageFileContents {
  manifestBytes: Uint8Array;
  members: Map<string, Uint8Array>;
  signature: PackageSignature | null;
}

/** A decoded package file: its contents plus what the reader learned about the file. */
export interface DecodedPackageFile extends PackageFileContents {
  /** The members stored deflated, with the lengths they declare (inflated in `members` or not, as said where it was made). */
  deflated: readonly DeflatedMember[];
  formatVersion: number;
  /** The integrity hash, hex. */
  integrity: string;
  /** Total bytes of member data as stored (after compression). */
  storedBytes: number;
  /** Byte offset of each member's stored data, for error messages. */
  memberOffsets: Map<string, number>;
}
