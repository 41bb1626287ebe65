/**
 * The catalog file: a signed list of the hashes of a package's files (`SpN.cat`).
 *
 * Layout, little-endian:
 *   magic 'SVCCAT' (6) | version u16 | signer key id (8 raw bytes)
 *   | name, packageId, created: each u16 byte length + UTF-8
 *   | entry count u32
 *   | per entry: member u16 length + UTF-8, size u64, xxh64 (8), sha256 (32)
 *   | Ed25519 signature (64) over every byte before it.
 */

/** One file listed in a catalog. */
export interface CatalogEntry {
  /** The file's path as the package names it, e.g. `'system32\\ntoskrnl.exe'` (lookups fold case). */
  member: string;
  /** Size in bytes. */
  size: number;
  /** xxh64 of the content, 16 lower-case hex characters. */
  xxh64: string;
  /** SHA-256 of the content, 64 lower-case hex characters. */
  sha256: string;
}

/** A decoded, verified catalog. */
export interface Catalog {
  /** File name, e.g. `'sp4.cat'`. */
  name: string;
  /** The package it vouches for, e.g. `'W2K-SP4'`. */
  packageId: string;
  /** When it was made, ISO 8601. */
  created: string;
  entries: CatalogEntry[];
  /** Key id of the signer: hex SHA-256 of the raw public key, first 16 characters. */
  signer: string;
}

/** The first bytes of every catalog file. */
export const CATALOG_MAGIC = 'SVCCAT';
/** The format version this module writes and reads. */
export const CATALOG_VERSION = 1;
/** Bytes of an Ed25519 signature. */
export const SIGNATURE_BYTES = 64;
/** Bytes of the signer key id as stored. */
export const KEY_ID_BYTES = 8;
/** Bytes of a stored entry besides its member name: name length, size, xxh64, sha256. */
export const ENTRY_FIXED_BYTES = 2 + 8 + 8 + 32;
