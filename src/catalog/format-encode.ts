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

const HEX16 = /^[0-9a-f]{16}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const MAX_STRING_BYTES = 0xffff;

/**
 * The catalog as signed bytes. The signer is the key id of `privateKey`.
 * @throws InputError listing every bad field (empty or over-long strings, bad sizes, hashes not lower-case hex).
 */
export function encodeCatalog(catalog: Omit<Catalog, 'signer'>, privateKey: KeyObject): Uint8Array {
  const problems: InputProblem[] = [];
  /** Checks a string field and gives its length in UTF-8. */
  const text = (value: string, where: string, allowEmpty = false): number => {
    const bytes = Buffer.byteLength(value, 'utf8');
    if (!allowEmpty && bytes === 0) problems.push({ where, message: 'must not be empty' });
    if (bytes > MAX_STRING_BYTES) {
      problems.push({ where, message: `is ${bytes} bytes of UTF-8; at most ${MAX_STRING_BYTES}` });
    }
    return bytes;
  };

  const header = [catalog.name, catalog.packageId, catalog.created];
  const headerLengths = [
    text(catalog.name, '/name'),
    text(catalog.packageId, '/packageId'),
    text(catalog.created, '/created'),
  ];
  const memberLengths = catalog.entries.map((entry, i) => {
    const where = `/entries/${i}`;
    if (!Number.isSafeInteger(entry.size) || entry.size < 0) {
      problems.push({
        where: `${where}/size`,
        message: `must be a whole number of bytes, got ${entry.size}`,
      });
    }
    if (!HEX16.test(entry.xxh64))
      problems.push({ where: `${where}/xxh64`, message: 'must be 16 lower-case hex digits' });
    if (!HEX64.test(entry.sha256))
      problems.push({ where: `${where}/sha256`, message: 'must be 64 lower-case hex digits' });
    return text(entry.member, `${where}/member`);
  });
  if (problems.length > 0) throw new InputError('catalog', problems);

  let length = CATALOG_MAGIC.length + 2 + KEY_ID_BYTES + 6 + headerLengths.reduce((a, b) => a + b) + 4;
  for (const bytes of memberLengths) length += ENTRY_FIXED_BYTES + bytes;
  const out = Buffer.alloc(length + SIGNATURE_BYTES);

  let at = out.write(CATALOG_MAGIC, 0, 'latin1');
  at = out.writeUInt16LE(CATALOG_VERSION, at);
  at += out.write(keyIdOf(privateKey), at, 'hex');
  header.forEach((field, i) => {
    at = out.writeUInt16LE(headerLengths[i], at);
    at += out.write(field, at, 'utf8');
  });
  at = out.writeUInt32LE(memberLengths.length, at);
  catalog.entries.forEach((entry, i) => {
    at = out.writeUInt16LE(memberLengths[i], at);
    at += out.write(entry.member, at, 'utf8');
    // a u64: sizes are safe integers, so the high half is the quotient by 2^32
    at = out.writeUInt32LE(entry.size % 0x1_0000_0000, at);
    at = out.writeUInt32LE(Math.floor(entry.size / 0x1_0000_0000), at);
    at += out.write(entry.xxh64, at, 'hex');
    at += out.write(entry.sha256, at, 'hex');
  });

  sign(null, out.subarray(0, at), privateKey).copy(out, at);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
