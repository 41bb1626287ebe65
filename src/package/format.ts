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
import { deflateRawSync } from 'node:zlib';
import { InputError, WinError } from '../errors/index.js';
import { asBuffer, hashHex, xxh64InSlices } from '../image/index.js';
import { DEFAULT_MAX_INFLATED_BYTES, inflateMembers, type DeflatedMember } from './inflate.js';
import { payloadNameProblem } from './names.js';
import { KEY_ID_LENGTH, SIGNATURE_LENGTH } from './signing.js';

/** The first six bytes of every package file. */
export const PACKAGE_MAGIC = 'SVCPKG';
/** The format version this code writes (it reads 1, 2 and 3). */
export const PACKAGE_FORMAT_VERSION = 3;
/** The format versions this code reads. */
export const PACKAGE_FORMAT_VERSIONS: readonly number[] = [1, 2, 3];
const FLAG_DEFLATE = 1;
/** The integrity hashes the format versions use. */
export type IntegrityAlgorithm = 'sha256' | 'xxh64';
/**
 * Where a format keeps the members' bytes: right after each member's header, under the integrity
 * hash (`inline`, formats 1 and 2), or all after the table, outside it (`afterTable`, format 3).
 */
export type MemberLayout = 'inline' | 'afterTable';
/** Each format version's integrity hash (its algorithm and field length) and member layout. */
const FORMATS = {
  1: { algorithm: 'sha256', length: 32, members: 'inline' },
  2: { algorithm: 'xxh64', length: 8, members: 'inline' },
  3: { algorithm: 'xxh64', length: 8, members: 'afterTable' },
} as const satisfies Record<number, { algorithm: IntegrityAlgorithm; length: number; members: MemberLayout }>;

/** The integrity hash of `bytes` with the given algorithm, hex. */
export function integrityHash(bytes: Uint8Array, algorithm: IntegrityAlgorithm): string {
  if (algorithm === 'sha256') return createHash('sha256').update(bytes).digest('hex');
  return hashHex(xxh64InSlices(bytes));
}
const SIGNATURE_NONE = 0;
const SIGNATURE_ED25519 = 1;

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

/** Options of {@link encodePackageFile}. */
export interface EncodeOptions {
  /** Raw-deflate members that get smaller by it (default false: everything stored). */
  compress?: boolean;
  /** The format version to write, 1, 2 or 3 (default {@link PACKAGE_FORMAT_VERSION}). */
  formatVersion?: 1 | 2 | 3;
}

/** Encodes a package file. Returns the bytes and their integrity hash (hex). */
export function encodePackageFile(
  contents: PackageFileContents,
  options: EncodeOptions = {},
): { bytes: Uint8Array; integrity: string } {
  const names: Buffer[] = [];
  const stored: Uint8Array[] = [];
  const deflated: boolean[] = [];
  let length = 6 + 2 + 4 + contents.manifestBytes.length + 4;
  for (const [name, data] of contents.members) {
    const nameBytes = Buffer.from(name, 'utf8');
    if (nameBytes.length === 0 || nameBytes.length > 0xffff)
      throw new RangeError(`member name '${name}' has a bad length`);
    if (data.length > 0xffffffff) throw new RangeError(`member '${name}' is larger than 4 GiB`);
    let body = data;
    let isDeflated = false;
    if (options.compress && data.length > 0) {
      const packed = deflateRawSync(data);
      if (packed.length < data.length) {
        body = packed;
        isDeflated = true;
      }
    }
    names.push(nameBytes);
    stored.push(body);
    deflated.push(isDeflated);
    length += 2 + nameBytes.length + 1 + 4 + (isDeflated ? 4 : 0) + body.length;
  }
  const formatVersion = options.formatVersion ?? PACKAGE_FORMAT_VERSION;
  const format = FORMATS[formatVersion];
  if (!format) throw new RangeError(`format version ${String(formatVersion)} cannot be written`);
  const trailer = 1 + (contents.signature ? KEY_ID_LENGTH + SIGNATURE_LENGTH : 0);
  const bytes = Buffer.allocUnsafe(length + format.length + trailer);
  let at = bytes.write(PACKAGE_MAGIC, 0, 'latin1');
  at = bytes.writeUInt16LE(formatVersion, at);
  at = bytes.writeUInt32LE(contents.manifestBytes.length, at);
  bytes.set(contents.manifestBytes, at);
  at += contents.manifestBytes.length;
  at = bytes.writeUInt32LE(names.length, at);
  const inline = format.members === 'inline';
  let i = 0;
  for (const [, original] of contents.members) {
    at = bytes.writeUInt16LE(names[i].length, at);
    bytes.set(names[i], at);
    at += names[i].length;
    at = bytes.writeUInt8(deflated[i] ? FLAG_DEFLATE : 0, at);
    at = bytes.writeUInt32LE(stored[i].length, at);
    if (deflated[i]) at = bytes.writeUInt32LE(original.length, at);
    if (inline) {
      bytes.set(stored[i], at);
      at += stored[i].length;
    }
    i++;
  }
  const hashedLength = at;
  if (!inline) {
    for (const body of stored) {
      bytes.set(body, at);
      at += body.length;
    }
  }
  const integrity = integrityHash(bytes.subarray(0, hashedLength), format.algorithm);
  at += bytes.write(integrity, at, 'hex');
  if (contents.signature) {
    at = bytes.writeUInt8(SIGNATURE_ED25519, at);
    if (!/^[0-9a-f]{16}$/.test(contents.signature.keyId))
      throw new RangeError(`bad key id '${contents.signature.keyId}'`);
    at += bytes.write(contents.signature.keyId, at, 'latin1');
    if (contents.signature.signature.length !== SIGNATURE_LENGTH)
      throw new RangeError('an Ed25519 signature is 64 bytes');
    bytes.set(contents.signature.signature, at);
    at += SIGNATURE_LENGTH;
  } else {
    at = bytes.writeUInt8(SIGNATURE_NONE, at);
  }
  return { bytes, integrity };
}

/** Reads fields in order and reports damage at the byte offset where it was found. */
export class FieldReader {
  offset = 0;
  private readonly view: DataView;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(
    readonly bytes: Uint8Array,
    readonly source: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(message: string, offset = this.offset): never {
    throw new InputError(this.source, message, `offset ${offset}`);
  }

  need(length: number, what: string): number {
    const remaining = this.bytes.length - this.offset;
    if (length > remaining) {
      this.fail(`expected ${what} (${length} bytes) but the file ends after ${remaining} more bytes`);
    }
    const at = this.offset;
    this.offset += length;
    return at;
  }

  u8(what: string): number {
    return this.view.getUint8(this.need(1, what));
  }

  u16(what: string): number {
    return this.view.getUint16(this.need(2, what), true);
  }

  u32(what: string): number {
    return this.view.getUint32(this.need(4, what), true);
  }

  slice(length: number, what: string): Uint8Array {
    const at = this.need(length, what);
    return this.bytes.subarray(at, at + length);
  }

  text(length: number, what: string): string {
    const at = this.offset;
    const bytes = this.slice(length, what);
    let ascii = true;
    for (let i = 0; i < bytes.length && ascii; i++) ascii = bytes[i] < 0x80;
    if (ascii) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    try {
      return this.decoder.decode(bytes);
    } catch {
      this.fail(`${what} is not valid UTF-8`, at);
    }
  }
}

/** The member table: each member's stored bytes (a view), where they start, and which are deflated. */
interface MemberTable {
  members: Map<string, Uint8Array>;
  memberOffsets: Map<string, number>;
  deflated: Array<{ name: string; at: number; originalLength: number }>;
  storedBytes: number;
  /** The offset just past the members' headers, where their bytes start (`afterTable` only). */
  dataStart: number | undefined;
  /** The offset just past the table and the members' bytes. */
  end: number;
}

/** A member's header, kept until its bytes are placed (`afterTable`). */
interface MemberHeader {
  name: string;
  deflate: boolean;
  storedLength: number;
  originalLength: number;
}

/**
 * Reads the member table field by field, failing with the offset and words of the first damage.
 * `layout` says where the members' bytes are (formats 1 and 2: `inline`).
 */
export function readMemberTable(
  reader: FieldReader,
  count: number,
  layout: MemberLayout = 'inline',
): MemberTable {
  const members = new Map<string, Uint8Array>();
  const memberOffsets = new Map<string, number>();
  const deflated: Array<{ name: string; at: number; originalLength: number }> = [];
  let storedBytes = 0;
  const place = ({ name, deflate, storedLength, originalLength }: MemberHeader): void => {
    const at = reader.offset;
    members.set(name, reader.slice(storedLength, `the ${storedLength} bytes of member '${name}'`));
    memberOffsets.set(name, at);
    storedBytes += storedLength;
    if (deflate) deflated.push({ name, at, originalLength });
  };
  const headers: MemberHeader[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    const nameAt = reader.offset;
    const nameLength = reader.u16(`the name length of member ${i}`);
    if (nameLength === 0) reader.fail(`member ${i} has an empty name`, nameAt);
    const name = reader.text(nameLength, `the name of member ${i}`);
    const problem = payloadNameProblem(name);
    if (problem) reader.fail(`member ${i} '${name}' has an unsafe name: it ${problem}`, nameAt + 2);
    if (seen.has(name)) reader.fail(`member ${i} '${name}' appears twice`, nameAt + 2);
    seen.add(name);
    const flagsAt = reader.offset;
    const flags = reader.u8(`the flags of member '${name}'`);
    if (flags & ~FLAG_DEFLATE)
      reader.fail(`member '${name}' has unknown flags 0x${flags.toString(16)}`, flagsAt);
    const deflate = (flags & FLAG_DEFLATE) !== 0;
    const storedLength = reader.u32(`the stored length of member '${name}'`);
    const originalLength = deflate ? reader.u32(`the original length of member '${name}'`) : storedLength;
    const header = { name, deflate, storedLength, originalLength };
    if (layout === 'inline') place(header);
    else headers.push(header);
  }
  const dataStart = layout === 'inline' ? undefined : reader.offset;
  for (const header of headers) place(header);
  return { members, memberOffsets, deflated, storedBytes, dataStart, end: reader.offset };
}

/**
 * The member table of a sound file, read without describing each field as it goes (a package has tens
 * of thousands of members); undefined at the first thing that is not plainly sound (a length past the
 * end, an empty, non-ASCII, unsafe or repeated name, unknown flags), for {@link readMemberTable} to
 * read again and word. A test holds the two to the same tables.
 */
export function readMemberTableQuickly(
  bytes: Buffer,
  offset: number,
  count: number,
  layout: MemberLayout = 'inline',
): MemberTable | undefined {
  const members = new Map<string, Uint8Array>();
  const memberOffsets = new Map<string, number>();
  const deflated: Array<{ name: string; at: number; originalLength: number }> = [];
  const inline = layout === 'inline';
  // afterTable: the headers' names, stored and original lengths (-1 when stored plainly), in order
  const names: string[] = [];
  const lengths: number[] = [];
  let storedBytes = 0;
  let at = offset;
  const length = bytes.length;
  for (let i = 0; i < count; i++) {
    if (at + 2 > length) return undefined;
    const nameLength = bytes[at] | (bytes[at + 1] << 8);
    at += 2;
    if (nameLength === 0 || at + nameLength + 5 > length) return undefined;
    for (let k = at; k < at + nameLength; k++) if (bytes[k] >= 0x80) return undefined;
    const name = bytes.toString('latin1', at, at + nameLength);
    at += nameLength;
    if (payloadNameProblem(name) !== undefined) return undefined;
    const flags = bytes[at];
    if (flags & ~FLAG_DEFLATE) return undefined;
    const storedLength = bytes.readUInt32LE(at + 1);
    at += 5;
    let originalLength = -1;
    if (flags & FLAG_DEFLATE) {
      if (at + 4 > length) return undefined;
      originalLength = bytes.readUInt32LE(at);
      at += 4;
    }
    storedBytes += storedLength;
    // a repeated name leaves the count as it was
    const before = members.size;
    if (!inline) {
      // a placeholder keeps the repeated-name test and the order; the bytes are placed below
      members.set(name, bytes);
      if (members.size === before) return undefined;
      names.push(name);
      lengths.push(storedLength, originalLength);
      continue;
    }
    if (at + storedLength > length) return undefined;
    members.set(name, bytes.subarray(at, at + storedLength));
    if (members.size === before) return undefined;
    memberOffsets.set(name, at);
    if (originalLength >= 0) deflated.push({ name, at, originalLength });
    at += storedLength;
  }
  const dataStart = inline ? undefined : at;
  if (!inline && at + storedBytes > length) return undefined;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const storedLength = lengths[2 * i];
    const originalLength = lengths[2 * i + 1];
    members.set(name, bytes.subarray(at, at + storedLength));
    memberOffsets.set(name, at);
    if (originalLength >= 0) deflated.push({ name, at, originalLength });
    at += storedLength;
  }
  return { members, memberOffsets, deflated, storedBytes, dataStart, end: at };
}

/**
 * A package file's structure, read and checked, before its integrity hash is: what
 * `checkPackageIntegrity` needs, so the hashing can be done elsewhere (a worker pool).
 */
export interface PackageLayout {
  bytes: Uint8Array;
  source: string;
  formatVersion: number;
  manifestBytes: Uint8Array;
  /** Members as stored (deflated ones still compressed), views into `bytes`. */
  members: Map<string, Uint8Array>;
  memberOffsets: Map<string, number>;
  /** Names of the members stored deflated. */
  deflated: ReadonlyArray<{ name: string; at: number; originalLength: number }>;
  storedBytes: number;
  /** The integrity hash covers `bytes` up to here. */
  hashedLength: number;
  /** Where the integrity field is. */
  integrityOffset: number;
  /** The integrity hash of the file's format version. */
  integrityAlgorithm: IntegrityAlgorithm;
  /** The integrity hash the file records. */
  recordedIntegrity: Uint8Array;
  signature: PackageSignature | null;
}

/**
 * Decodes a package file and checks its structure and integrity hash, then inflates every deflated
 * member to the length it declares, at most `maxInflatedBytes` in all (default 2 GiB). Does not check
 * the signature or the manifest (`Package.fromBytes` does, before it inflates only what the manifest
 * names). Stored members are views into `bytes`, not copies.
 */
export function decodePackageFile(
  bytes: Uint8Array,
  source = 'package',
  options: { maxInflatedBytes?: number } = {},
): DecodedPackageFile {
  const layout = readPackageLayout(bytes, source);
  const actual = integrityHash(bytes.subarray(0, layout.hashedLength), layout.integrityAlgorithm);
  const file = checkPackageIntegrity(layout, actual);
  const declared = new Map(file.deflated.map((member) => [member.name, member.originalLength]));
  const limit = options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  return {
    ...file,
    members: inflateMembers(file.members, file.deflated, (name) => declared.get(name), source, limit),
  };
}

/**
 * Reads and checks a package file's structure (InputError naming the offset of the first damage)
 * without hashing anything.
 */
export function readPackageLayout(given: Uint8Array, source = 'package'): PackageLayout {
  // Members are views of `bytes`; as Buffers they go into an image without a wrapper each.
  const bytes = asBuffer(given);
  const reader: FieldReader = new FieldReader(bytes, source);
  const magic = reader.slice(6, `the magic '${PACKAGE_MAGIC}'`);
  if (Buffer.from(magic.buffer, magic.byteOffset, magic.length).toString('latin1') !== PACKAGE_MAGIC) {
    reader.fail(`expected the magic '${PACKAGE_MAGIC}': this is not a package file`, 0);
  }
  const formatVersion = reader.u16('the format version');
  const format = FORMATS[formatVersion as keyof typeof FORMATS] as
    (typeof FORMATS)[keyof typeof FORMATS] | undefined;
  if (!format) {
    reader.fail(
      `format version ${formatVersion} is not supported (expected ${PACKAGE_FORMAT_VERSIONS.join(', ')})`,
      6,
    );
  }
  const manifestLength = reader.u32('the manifest length');
  const manifestBytes = reader.slice(manifestLength, 'the manifest');
  const count = reader.u32('the member count');
  const layout = format.members;
  const table =
    readMemberTableQuickly(bytes, reader.offset, count, layout) ?? readMemberTable(reader, count, layout);
  reader.offset = table.end;
  const { members, memberOffsets, deflated, storedBytes } = table;
  const hashedLength = table.dataStart ?? table.end;
  const integrityOffset = reader.offset;
  const integrity = reader.slice(
    format.length,
    `the ${format.length}-byte integrity hash (${format.algorithm})`,
  );
  const kindAt = reader.offset;
  const kind = reader.u8('the signature kind');
  let signature: PackageSignature | null = null;
  if (kind === SIGNATURE_ED25519) {
    const keyId = reader.text(KEY_ID_LENGTH, 'the signer key id');
    const signatureBytes = reader.slice(SIGNATURE_LENGTH, 'the 64-byte Ed25519 signature');
    signature = { keyId, signature: signatureBytes };
  } else if (kind !== SIGNATURE_NONE) {
    reader.fail(`unknown signature kind ${kind} (expected 0 or 1)`, kindAt);
  }
  if (reader.offset !== bytes.length) {
    reader.fail(`expected the end of the file but ${bytes.length - reader.offset} more bytes follow`);
  }

  return {
    bytes,
    source,
    formatVersion,
    manifestBytes,
    members,
    memberOffsets,
    deflated,
    storedBytes,
    hashedLength,
    integrityOffset,
    integrityAlgorithm: format.algorithm,
    recordedIntegrity: integrity,
    signature,
  };
}

/**
 * Compares the integrity hash of the file up to `layout.hashedLength` (`actual`, hex) with the recorded
 * integrity hash (TRUST_E_BAD_DIGEST when they differ). Inflates nothing: deflated members stay as
 * stored, listed in `deflated`, until the manifest that names them has been authenticated.
 */
export function checkPackageIntegrity(layout: PackageLayout, actual: string): DecodedPackageFile {
  if (actual !== Buffer.from(layout.recordedIntegrity).toString('hex')) {
    throw new WinError(
      'TRUST_E_BAD_DIGEST',
      layout.source,
      `the integrity hash at offset ${layout.integrityOffset} does not match the content: the package is damaged or was changed after it was built`,
    );
  }
  return {
    formatVersion: layout.formatVersion,
    manifestBytes: layout.manifestBytes,
    members: layout.members,
    deflated: layout.deflated,
    signature: layout.signature,
    integrity: actual,
    storedBytes: layout.storedBytes,
    memberOffsets: layout.memberOffsets,
  };
}
