/**
 * Reading and verifying catalog files.
 */
import { verify } from 'node:crypto';
import { InputError, WinError } from '../errors/index.js';
import {
  CATALOG_MAGIC,
  CATALOG_VERSION,
  ENTRY_FIXED_BYTES,
  KEY_ID_BYTES,
  SIGNATURE_BYTES,
  type Catalog,
  type CatalogEntry,
} from './format.js';
import type { TrustedKeys } from './signing-key.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads fields in order; every problem is an InputError at the byte offset where it is. */
class Reader {
  at = 0;
  constructor(
    private readonly bytes: Buffer,
    private readonly source: string,
  ) {}

  fail(message: string, offset = this.at): never {
    throw new InputError(this.source, message, `byte ${offset}`);
  }

  take(length: number, what: string): Buffer {
    const left = this.bytes.length - this.at;
    if (length > left) this.fail(`truncated: ${what} needs ${length} bytes, only ${left} left`);
    const slice = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return slice;
  }

  u16(what: string): number {
    return this.take(2, what).readUInt16LE(0);
  }

  u32(what: string): number {
    return this.take(4, what).readUInt32LE(0);
  }

  text(what: string, allowEmpty = false): string {
    const start = this.at;
    const bytes = this.take(this.u16(`${what} length`), what);
    if (!allowEmpty && bytes.length === 0) this.fail(`${what} is empty`, start);
    try {
      return utf8.decode(bytes);
    } catch {
      return this.fail(`${what} is not valid UTF-8`, start + 2);
    }
  }

  left(): number {
    return this.bytes.length - this.at;
  }
}

/**
 * Parses a catalog and checks its signature; only verified content is ever returned.
 *
 * Refusals:
 * - truncated or malformed bytes (bad magic, unknown version, lengths past the end, bad UTF-8,
 *   trailing bytes): `InputError` whose problem `where` is `byte <offset>`;
 * - signer not in `trusted`: `WinError('TRUST_E_NOSIGNATURE')` (no trusted signature);
 * - signature that does not match the content (tampered): `WinError('TRUST_E_BAD_DIGEST')`.
 * A byte changed inside a length field may be caught as malformed before the signature is checked.
 *
 * @param source names the catalog in errors (a file name); default `'catalog'`.
 */
export function decodeCatalog(bytes: Uint8Array, trusted: TrustedKeys, source = 'catalog'): Catalog {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = new Reader(buffer, source);

  const magic = read.take(CATALOG_MAGIC.length, 'magic').toString('latin1');
  if (magic !== CATALOG_MAGIC) read.fail(`not a catalog: magic is not '${CATALOG_MAGIC}'`, 0);
  const version = read.u16('version');
  if (version !== CATALOG_VERSION) read.fail(`unsupported catalog version ${version}`, read.at - 2);
  const signer = read.take(KEY_ID_BYTES, 'signer key id').toString('hex');
  const name = read.text('name');
  const packageId = read.text('package id');
  const created = read.text('created');

  const countAt = read.at;
  const count = read.u32('entry count');
  if (count * ENTRY_FIXED_BYTES + SIGNATURE_BYTES > read.left()) {
    read.fail(
      `truncated: ${count} entries and a signature need at least ${count * ENTRY_FIXED_BYTES + SIGNATURE_BYTES} bytes, only ${read.left()} left`,
      countAt,
    );
  }
  const entries: CatalogEntry[] = new Array<CatalogEntry>(count);
  for (let i = 0; i < count; i++) {
    const member = read.text(`entry ${i} member`);
    const sizeAt = read.at;
    const size = read.take(8, `entry ${i} size`).readBigUInt64LE(0);
    if (size > BigInt(Number.MAX_SAFE_INTEGER)) read.fail(`entry ${i} size ${size} is too large`, sizeAt);
    const xxh64 = read.take(8, `entry ${i} xxh64`).toString('hex');
    const sha256 = read.take(32, `entry ${i} sha256`).toString('hex');
    entries[i] = { member, size: Number(size), xxh64, sha256 };
  }

  const signedLength = read.at;
  const signature = read.take(SIGNATURE_BYTES, 'signature');
  if (read.left() > 0) read.fail(`${read.left()} unexpected bytes after the signature`);

  const publicKey = trusted.get(signer);
  if (publicKey === undefined) {
    throw new WinError('TRUST_E_NOSIGNATURE', source, `signed by key ${signer}, which is not trusted`);
  }
  if (!verify(null, buffer.subarray(0, signedLength), publicKey, signature)) {
    throw new WinError(
      'TRUST_E_BAD_DIGEST',
      source,
      `the signature of key ${signer} does not match the content`,
    );
  }
  return { name, packageId, created, entries, signer };
}
