/**
 * Making a signed catalog from a package's files.
 */
import type { KeyObject } from 'node:crypto';
import { xxh64 } from '../image/index.js';
import { sha256Hex } from './hash-inline.js';
import type { HashPool } from './hash-pool.js';
import { encodeCatalogColumns } from './format-encode.js';

/** Files as two columns, in the same order: their member names and their bytes. */
export interface MemberColumns {
  names: readonly string[];
  data: readonly Uint8Array[];
}

/** The files as columns: given so, or taken from one object per file. */
function columnsOf(members: BuildCatalogOptions['members']): MemberColumns {
  if (!Array.isArray(members)) return members as MemberColumns;
  const count = members.length;
  const names = new Array<string>(count);
  const data = new Array<Uint8Array>(count);
  for (let i = 0; i < count; i++) {
    const { member, data: bytes } = (members as readonly { member: string; data: Uint8Array }[])[i];
    names[i] = member;
    data[i] = bytes;
  }
  return { names, data };
}

/** What `buildCatalog` needs. */
export interface BuildCatalogOptions {
  /** File name, e.g. `'sp4.cat'`. */
  name: string;
  packageId: string;
  /** The files, in the order the catalog lists them: each a member and its bytes, or the two as columns. */
  members: readonly { member: string; data: Uint8Array }[] | MemberColumns;
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
  // the members as columns (there are tens of thousands of members)
  const { names, data } = columnsOf(options.members);
  if (data.length !== names.length)
    throw new Error(`buildCatalog: ${data.length} members' bytes given for ${names.length} names`);
  const sizes = new Array<number>(data.length);
  for (let i = 0; i < data.length; i++) sizes[i] = data[i].byteLength;
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
