/**
 * The install floor's package reading: a `.svcpkg` file of format 3 (the one `toBytes` writes) read
 * with the least work that still trusts it as the engine does: the integrity hash of the header
 * part, the Ed25519 signature of the manifest, and every member's size, SHA-256 and xxh64 against the
 * signed manifest, hashed with the engine's own functions (both sides pay the same hashing). It
 * leaves out what makes the engine's reading precise rather than possible: the manifest's schema and
 * rules, the member names' rules, the error messages, and formats 1 and 2 and deflated members
 * (which the benchmark's package does not use).
 */
import { createHash, verify, type KeyObject } from 'node:crypto';
import { hashHex, sha256Hex, xxh64 } from '../src/image/index.js';
import type { Manifest } from '../src/package/index.js';

/** What the floor reads from a package file. */
export interface FloorPackage {
  manifest: Manifest;
  manifestBytes: Uint8Array;
  /** The members in file order. */
  memberNames: string[];
  memberBytes: Uint8Array[];
  /** Each manifest file's member bytes, in manifest order. */
  fileBytes: Uint8Array[];
}

const MAGIC = 'SVCPKG';
/** What the signature covers before the manifest's SHA-256 (src/package/signing.ts). */
const SIGNATURE_CONTEXT = Buffer.from('svcpack manifest signature v1\0', 'utf8');

function fail(why: string): never {
  throw new Error(`install floor: ${why}`);
}

/** Reads and checks a format-3 package file; throws on the first problem, without detail. */
export function readFloorPackage(input: Uint8Array, trusted: KeyObject): FloorPackage {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.toString('latin1', 0, 6) !== MAGIC || bytes.readUInt16LE(6) !== 3) fail('not a format-3 package');
  const manifestLength = bytes.readUInt32LE(8);
  const manifestBytes = bytes.subarray(12, 12 + manifestLength);
  let at = 12 + manifestLength;
  const count = bytes.readUInt32LE(at);
  at += 4;
  const memberNames = new Array<string>(count);
  const lengths = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const nameLength = bytes.readUInt16LE(at);
    memberNames[i] = bytes.toString('utf8', at + 2, at + 2 + nameLength);
    at += 2 + nameLength;
    if (bytes[at] !== 0) fail(`member '${memberNames[i]}' is deflated`);
    lengths[i] = bytes.readUInt32LE(at + 1);
    at += 5;
  }
  const hashedLength = at;
  const memberBytes = new Array<Uint8Array>(count);
  for (let i = 0; i < count; i++) {
    memberBytes[i] = bytes.subarray(at, at + lengths[i]);
    at += lengths[i];
  }
  if (hashHex(xxh64(bytes.subarray(0, hashedLength))) !== bytes.toString('hex', at, at + 8))
    fail('the integrity hash does not match');
  at += 8;
  if (bytes[at] !== 1 || at + 1 + 16 + 64 !== bytes.length) fail('not signed');
  const message = Buffer.concat([SIGNATURE_CONTEXT, createHash('sha256').update(manifestBytes).digest()]);
  if (!verify(null, message, trusted, bytes.subarray(at + 17, at + 81))) fail('the signature does not match');
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as Manifest;
  return {
    manifest,
    manifestBytes,
    memberNames,
    memberBytes,
    fileBytes: checkedFiles(manifest, memberNames, memberBytes),
  };
}

/** Each manifest file's member, checked against its size and hashes. */
function checkedFiles(manifest: Manifest, names: string[], members: Uint8Array[]): Uint8Array[] {
  const files = manifest.files;
  // built only when the files do not name the members one to one, in order
  let byName: Map<string, Uint8Array> | undefined;
  const fileBytes = new Array<Uint8Array>(files.length);
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    let data: Uint8Array | undefined = members[i];
    if (names[i] !== file.source) {
      byName ??= new Map(names.map((name, k) => [name, members[k]]));
      data = byName.get(file.source);
    }
    if (data === undefined) fail(`member '${file.source}' is missing`);
    if (data.length !== file.size || sha256Hex(data) !== file.sha256 || hashHex(xxh64(data)) !== file.xxh64)
      fail(`member '${file.source}' does not match the manifest`);
    fileBytes[i] = data;
  }
  return fileBytes;
}
