/**
 * Writing and signing catalog files.
 */
import { sign, type KeyObject } from 'node:crypto';
import { InputError, type InputProblem } from '../errors/index.js';
import {
  CATALOG_MAGIC,
  CATALOG_VERSION,
  ENTRY_FIXED_BYTES,
  KEY_ID_BYTES,
  SIGNATURE_BYTES,
  type Catalog,
} from './format.js';
import { keyIdOf } from './signing-key.js';

const MAX_STRING_BYTES = 0xffff;

/** The value of each lower-case hex digit by character code; -1 for anything else. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;

/**
 * Writes `digits` lower-case hex digits of `hex` as bytes at `at`; false (with some bytes written) when
 * `hex` is not exactly that many lower-case hex digits. A catalog has two per entry: decoding them
 * here is several times faster than a pattern test and `Buffer.write(..., 'hex')`.
 */
function writeLowerHex(out: Buffer, at: number, hex: string, digits: number): boolean {
  if (typeof hex !== 'string' || hex.length !== digits) return false;
  for (let i = 0; i < digits; i += 2) {
    const high = HEX_VALUE[hex.charCodeAt(i)] ?? -1;
    const low = HEX_VALUE[hex.charCodeAt(i + 1)] ?? -1;
    if (high < 0 || low < 0) return false;
    out[at + (i >> 1)] = (high << 4) | low;
  }
  return true;
}

/** Writes a string whose UTF-8 length is `bytes`: an ASCII one (as long as its UTF-8) unit by unit. */
function writeText(out: Buffer, at: number, value: string, bytes: number): void {
  if (bytes !== value.length) {
    out.write(value, at, 'utf8');
    return;
  }
  for (let i = 0; i < bytes; i++) out[at + i] = value.charCodeAt(i);
}

/**
 * A catalog's entries as columns, one value per entry in each. An xxh64 may be given as the hash
 * itself (a bigint below 2^64) instead of its hex, as `buildCatalog` has it.
 */
export interface CatalogColumns {
  members: readonly string[];
  sizes: readonly number[];
  xxh64s: ReadonlyArray<string | bigint>;
  sha256s: readonly string[];
}

/**
 * The catalog as signed bytes. The signer is the key id of `privateKey`.
 * @throws InputError listing every bad field (empty or over-long strings, bad sizes, hashes not lower-case hex).
 */
export function encodeCatalog(catalog: Omit<Catalog, 'signer'>, privateKey: KeyObject): Uint8Array {
  const entries = catalog.entries;
  return encodeCatalogColumns(
    catalog,
    {
      members: entries.map((entry) => entry.member),
      sizes: entries.map((entry) => entry.size),
      xxh64s: entries.map((entry) => entry.xxh64),
      sha256s: entries.map((entry) => entry.sha256),
    },
    privateKey,
  );
}

const XXH64_LIMIT = 1n << 64n;

/** A bigint's 8 bytes go through this array: `writeBigUInt64BE` makes new bigints for each half. */
const scratch64 = new BigUint64Array(1);
const scratchBytes = new Uint8Array(scratch64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Writes `value` (below 2^64) as a big-endian u64 at `at`; true. */
function writeU64BigEndian(out: Buffer, at: number, value: bigint): boolean {
  scratch64[0] = value;
  for (let k = 0; k < 8; k++) out[at + k] = scratchBytes[LITTLE_ENDIAN ? 7 - k : k];
  return true;
}

/** {@link encodeCatalog} for entries given as columns (no object per entry). */
export function encodeCatalogColumns(
  header: Pick<Catalog, 'name' | 'packageId' | 'created'>,
  columns: CatalogColumns,
  privateKey: KeyObject,
): Uint8Array {
  const problems: InputProblem[] = [];
  /** Checks a string field's UTF-8 length. */
  const checkText = (bytes: number, where: string, allowEmpty = false): void => {
    if (!allowEmpty && bytes === 0) problems.push({ where, message: 'must not be empty' });
    if (bytes > MAX_STRING_BYTES) {
      problems.push({ where, message: `is ${bytes} bytes of UTF-8; at most ${MAX_STRING_BYTES}` });
    }
  };

  const fields = [header.name, header.packageId, header.created];
  const headerLengths = fields.map((field) => Buffer.byteLength(field, 'utf8'));
  checkText(headerLengths[0], '/name');
  checkText(headerLengths[1], '/packageId');
  checkText(headerLengths[2], '/created');
  const { members, sizes, xxh64s, sha256s } = columns;
  const count = members.length;
  if (sizes.length !== count || xxh64s.length !== count || sha256s.length !== count)
    throw new RangeError('encodeCatalogColumns: the columns differ in length');
  const memberLengths = new Array<number>(count);
  let length = CATALOG_MAGIC.length + 2 + KEY_ID_BYTES + 6 + headerLengths.reduce((a, b) => a + b) + 4;
  for (let i = 0; i < count; i++) {
    memberLengths[i] = Buffer.byteLength(members[i], 'utf8');
    length += ENTRY_FIXED_BYTES + memberLengths[i];
  }
  const out = Buffer.alloc(length + SIGNATURE_BYTES);

  let at = out.write(CATALOG_MAGIC, 0, 'latin1');
  at = out.writeUInt16LE(CATALOG_VERSION, at);
  at += out.write(keyIdOf(privateKey), at, 'hex');
  fields.forEach((field, i) => {
    at = out.writeUInt16LE(Math.min(headerLengths[i], MAX_STRING_BYTES), at);
    at += out.write(field, at, 'utf8');
  });
  at = out.writeUInt32LE(count, at);
  for (let i = 0; i < count; i++) {
    const size = sizes[i];
    const nameBytes = memberLengths[i];
    if (!Number.isSafeInteger(size) || size < 0) {
      problems.push({ where: `/entries/${i}/size`, message: `must be a whole number of bytes, got ${size}` });
    }
    out[at] = nameBytes & 0xff;
    out[at + 1] = (nameBytes >> 8) & 0xff;
    at += 2;
    writeText(out, at, members[i], nameBytes);
    at += nameBytes;
    // a u64: sizes are safe integers, so the high half is the quotient by 2^32
    at = out.writeUInt32LE((size % 0x1_0000_0000) >>> 0, at);
    at = out.writeUInt32LE(Math.floor(size / 0x1_0000_0000) >>> 0, at);
    const xxh64 = xxh64s[i];
    const written =
      typeof xxh64 === 'bigint'
        ? xxh64 >= 0n && xxh64 < XXH64_LIMIT && writeU64BigEndian(out, at, xxh64)
        : writeLowerHex(out, at, xxh64, 16);
    if (!written)
      problems.push({ where: `/entries/${i}/xxh64`, message: 'must be 16 lower-case hex digits' });
    at += 8;
    if (!writeLowerHex(out, at, sha256s[i], 64))
      problems.push({ where: `/entries/${i}/sha256`, message: 'must be 64 lower-case hex digits' });
    at += 32;
    checkText(nameBytes, `/entries/${i}/member`);
  }
  if (problems.length > 0) throw new InputError('catalog', problems);

  sign(null, out.subarray(0, at), privateKey).copy(out, at);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
