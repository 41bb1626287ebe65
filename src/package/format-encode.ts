/** Writing a package file (the layout is in format.ts). */
import { deflateRawSync } from 'node:zlib';
import {
  FORMATS,
  PACKAGE_FORMAT_VERSION,
  PACKAGE_MAGIC,
  SIGNATURE_ED25519,
  SIGNATURE_NONE,
  integrityHash,
  type PackageFileContents,
  type PackageSignature,
} from './format.js';
import { FLAG_DEFLATE } from './member-table.js';
import { KEY_ID_LENGTH, SIGNATURE_LENGTH } from './signing.js';

/** Options of {@link encodePackageFile}. */
export interface EncodeOptions {
  /** Raw-deflate members that get smaller by it (default false: everything stored). */
  compress?: boolean;
  /** The format version to write, 1, 2 or 3 (default {@link PACKAGE_FORMAT_VERSION}). */
  formatVersion?: 1 | 2 | 3;
}

/** A member as it is stored: its name's bytes, its stored bytes, and whether they are deflated. */
interface StoredMember {
  name: Buffer;
  body: Uint8Array;
  originalLength: number;
  deflated: boolean;
}

/** Each member as it will be stored (deflated when asked and when that makes it smaller). */
function storedMembers(members: ReadonlyMap<string, Uint8Array>, compress: boolean): StoredMember[] {
  const stored: StoredMember[] = [];
  for (const [name, data] of members) {
    const nameBytes = Buffer.from(name, 'utf8');
    if (nameBytes.length === 0 || nameBytes.length > 0xffff)
      throw new RangeError(`member name '${name}' has a bad length`);
    if (data.length > 0xffffffff) throw new RangeError(`member '${name}' is larger than 4 GiB`);
    const packed = compress && data.length > 0 ? deflateRawSync(data) : undefined;
    const deflated = packed !== undefined && packed.length < data.length;
    stored.push({ name: nameBytes, body: deflated ? packed : data, originalLength: data.length, deflated });
  }
  return stored;
}

/** Encodes a package file. Returns the bytes and their integrity hash (hex). */
export function encodePackageFile(
  contents: PackageFileContents,
  options: EncodeOptions = {},
): { bytes: Uint8Array; integrity: string } {
  const members = storedMembers(contents.members, options.compress ?? false);
  const formatVersion = options.formatVersion ?? PACKAGE_FORMAT_VERSION;
  const format = FORMATS[formatVersion];
  if (!format) throw new RangeError(`format version ${String(formatVersion)} cannot be written`);
  let length = 6 + 2 + 4 + contents.manifestBytes.length + 4;
  for (const { name, body, deflated } of members)
    length += 2 + name.length + 1 + 4 + (deflated ? 4 : 0) + body.length;
  const trailer = 1 + (contents.signature ? KEY_ID_LENGTH + SIGNATURE_LENGTH : 0);
  const bytes = Buffer.allocUnsafe(length + format.length + trailer);
  let at = bytes.write(PACKAGE_MAGIC, 0, 'latin1');
  at = bytes.writeUInt16LE(formatVersion, at);
  at = bytes.writeUInt32LE(contents.manifestBytes.length, at);
  bytes.set(contents.manifestBytes, at);
  at += contents.manifestBytes.length;
  at = bytes.writeUInt32LE(members.length, at);
  const inline = format.members === 'inline';
  for (const member of members) {
    at = bytes.writeUInt16LE(member.name.length, at);
    bytes.set(member.name, at);
    at += member.name.length;
    at = bytes.writeUInt8(member.deflated ? FLAG_DEFLATE : 0, at);
    at = bytes.writeUInt32LE(member.body.length, at);
    if (member.deflated) at = bytes.writeUInt32LE(member.originalLength, at);
    if (inline) {
      bytes.set(member.body, at);
      at += member.body.length;
    }
  }
  const hashedLength = at;
  if (!inline) {
    for (const { body } of members) {
      bytes.set(body, at);
      at += body.length;
    }
  }
  const integrity = integrityHash(bytes.subarray(0, hashedLength), format.algorithm);
  at += bytes.write(integrity, at, 'hex');
  writeSignature(bytes, at, contents.signature);
  return { bytes, integrity };
}

/** Writes the signature kind and, when signed, the key id and the signature, at `at`. */
function writeSignature(bytes: Buffer, at: number, signature: PackageSignature | null): void {
  if (!signature) {
    bytes.writeUInt8(SIGNATURE_NONE, at);
    return;
  }
  at = bytes.writeUInt8(SIGNATURE_ED25519, at);
  if (!/^[0-9a-f]{16}$/.test(signature.keyId)) throw new RangeError(`bad key id '${signature.keyId}'`);
  at += bytes.write(signature.keyId, at, 'latin1');
  if (signature.signature.length !== SIGNATURE_LENGTH)
    throw new RangeError('an Ed25519 signature is 64 bytes');
  bytes.set(signature.signature, at);
}
