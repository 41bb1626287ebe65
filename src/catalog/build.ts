/**
 * Making a signed catalog from a package's files.
 */
import type { KeyObject } from 'node:crypto';
import { xxh64 } from '../image/index.js';
import { sha256Hex } from './hash-inline.js';
import type { HashPool } from './hash-pool.js';
import { encodeCatalogColumns } from './format-encode.js';

/** What `buildCatalog` needs. */
export interface BuildCatalogOptions {
  /** File name, e.g. `'sp4.cat'`. */
  name: string;
  packageId: string;
  /** The files, in the order the catalog lists them. */
  members: readonly { member: string; data: Uint8Array }[];
  privateKey: KeyObject;
  /** Pool for the SHA-256s; it decides by size whether to use its threads. Without one, hashing is inline. */
  pool?: HashPool;
  /**
   * The members' SHA-256s, in order, when the caller already has them (a package's signed manifest,
   * checked against the payload when the package was read); `pool` is then not used.
   */
  sha256s?: readonly string[];
  /** The members' xxh64s (hex), in order, when the caller already has them (a package's manifest, checked likewise). */
  xxh64s?: readonly string[];
  /** ISO 8601 time to record. Default: now. */
  created?: string;
}

/**
 * Hashes every member (SHA-256 through `pool` when given, xxh64 inline) and returns the signed catalog bytes.
 * @throws InputError from `encodeCatalog` for bad names; Error from the pool if a worker fails.
 */
export async function buildCatalog(options: BuildCatalogOptions): Promise<Uint8Array> {
  // the members' columns in one pass (there are tens of thousands of members)
  const count = options.members.length;
  const names = new Array<string>(count);
  const data = new Array<Uint8Array>(count);
  const sizes = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const { member, data: bytes } = options.members[i];
    names[i] = member;
    data[i] = bytes;
    sizes[i] = bytes.byteLength;
  }
  // the pool's SHA-256s run while the xxh64s are computed here
  const sha256s =
    options.sha256s ??
    (options.pool
      ? options.pool.hashAll(data, { algorithm: 'sha256' })
      : data.map((bytes) => sha256Hex(bytes)));
  const xxh64s: ReadonlyArray<string | bigint> = options.xxh64s ?? data.map((bytes) => xxh64(bytes));
  if (xxh64s.length !== data.length) {
    throw new Error(`buildCatalog: ${xxh64s.length} xxh64s given for ${data.length} members`);
  }
  const sha = await sha256s;
  if (sha.length !== data.length) {
    throw new Error(`buildCatalog: ${sha.length} SHA-256s given for ${data.length} members`);
  }
  return encodeCatalogColumns(
    {
      name: options.name,
      packageId: options.packageId,
      created: options.created ?? new Date().toISOString(),
    },
    { members: names, sizes, xxh64s, sha256s: sha },
    options.privateKey,
  );
}
