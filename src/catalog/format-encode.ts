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
  const text = (value: string, where: string, allowEmpty = false): Buffer => {
    const bytes = Buffer.from(value, 'utf8');
    if (!allowEmpty && bytes.length === 0) problems.push({ where, message: 'must not be empty' });
    if (bytes.length > MAX_STRING_BYTES) {
      problems.push({ where, message: `is ${bytes.length} bytes of UTF-8; at most ${MAX_STRING_BYTES}` });
    }
    return bytes;
  };

  const name = text(catalog.name, '/name');
  const packageId = text(catalog.packageId, '/packageId');
  const created = text(catalog.created, '/created');
  const members = catalog.entries.map((entry, i) => {
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

  let length =
    CATALOG_MAGIC.length + 2 + KEY_ID_BYTES + 6 + name.length + packageId.length + created.length + 4;
  for (const member of members) length += ENTRY_FIXED_BYTES + member.length;
  const out = Buffer.alloc(length + SIGNATURE_BYTES);

  let at = out.write(CATALOG_MAGIC, 0, 'latin1');
  at = out.writeUInt16LE(CATALOG_VERSION, at);
  at += out.write(keyIdOf(privateKey), at, 'hex');
  for (const field of [name, packageId, created]) {
    at = out.writeUInt16LE(field.length, at);
    at += field.copy(out, at);
  }
  at = out.writeUInt32LE(members.length, at);
  catalog.entries.forEach((entry, i) => {
    at = out.writeUInt16LE(members[i].length, at);
    at += members[i].copy(out, at);
    at = out.writeBigUInt64LE(BigInt(entry.size), at);
    at += out.write(entry.xxh64, at, 'hex');
    at += out.write(entry.sha256, at, 'hex');
  });

  sign(null, out.subarray(0, at), privateKey).copy(out, at);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
