/**
 * A package file's member table: each member's header (name, flags, stored and original lengths) and
 * where its bytes are. A package has tens of thousands of members, so the table is read from the bytes
 * directly and a field's description is made only when it is damaged.
 */
import type { FieldReader } from './field-reader.js';
import type { DeflatedMember } from './inflate.js';
import { MemberOffsets } from './lazy-offsets.js';
import { payloadNameProblem } from './names.js';

/** A member's flags: bit 0, raw deflate. */
export const FLAG_DEFLATE = 1;

/**
 * Where a format keeps the members' bytes: right after each member's header, under the integrity
 * hash (`inline`, formats 1 and 2), or all after the table, outside it (`afterTable`, format 3).
 */
export type MemberLayout = 'inline' | 'afterTable';

/** The member table: each member's stored bytes (a view), where they start, and which are deflated. */
export interface MemberTable {
  members: Map<string, Uint8Array>;
  /** Built on first use (see {@link MemberOffsets}). */
  memberOffsets: MemberOffsets;
  deflated: DeflatedMember[];
  storedBytes: number;
  /** The offset just past the members' headers, where their bytes start (`afterTable` only). */
  dataStart: number | undefined;
  /** The offset just past the table and the members' bytes. */
  end: number;
}

/**
 * Reads the member table from the reader's offset, failing with the offset and words of the first
 * damage (a length past the end, an empty, unsafe, repeated or badly encoded name, unknown flags).
 * `layout` says where the members' bytes are (formats 1 and 2: `inline`).
 */
export function readMemberTable(
  reader: FieldReader,
  count: number,
  layout: MemberLayout = 'inline',
): MemberTable {
  const table: MemberTable = {
    members: new Map(),
    memberOffsets: new MemberOffsets(),
    deflated: [],
    storedBytes: 0,
    dataStart: undefined,
    end: 0,
  };
  // the headers' stored and original lengths (-1 when stored plainly), two numbers a member
  const lengths: number[] = [];
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = readHeader(reader, i, table.members, lengths);
    if (layout === 'inline') place(reader, table, name, lengths[2 * i], lengths[2 * i + 1]);
    else names.push(name);
  }
  if (layout === 'afterTable') table.dataStart = reader.offset;
  for (let i = 0; i < names.length; i++) place(reader, table, names[i], lengths[2 * i], lengths[2 * i + 1]);
  table.end = reader.offset;
  return table;
}

/** Places a member's stored bytes at the reader's offset; `originalLength` is -1 for one stored plainly. */
function place(
  reader: FieldReader,
  table: MemberTable,
  name: string,
  storedLength: number,
  originalLength: number,
): void {
  const at = reader.offset;
  const end = at + storedLength;
  const bytes =
    end <= reader.bytes.length
      ? reader.bytes.subarray(at, end)
      : reader.slice(storedLength, `the ${storedLength} bytes of member '${name}'`);
  reader.offset = end;
  table.members.set(name, bytes);
  table.memberOffsets.add(name, at);
  table.storedBytes += storedLength;
  if (originalLength >= 0) table.deflated.push({ name, at, originalLength });
}

/**
 * Reads member `i`'s header and gives its name, which it takes in `members` (the file's bytes hold
 * its place until its own are placed); its stored and original lengths (-1 when stored plainly) go
 * onto `lengths`.
 */
function readHeader(
  reader: FieldReader,
  i: number,
  members: Map<string, Uint8Array>,
  lengths: number[],
): string {
  const { bytes } = reader;
  const nameAt = reader.offset;
  const nameLength =
    nameAt + 2 <= bytes.length
      ? bytes[nameAt] | (bytes[nameAt + 1] << 8)
      : reader.u16(`the name length of member ${i}`);
  if (nameLength === 0) reader.fail(`member ${i} has an empty name`, nameAt);
  reader.offset = nameAt + 2;
  const name =
    asciiAt(bytes, reader.offset, nameLength) ?? reader.text(nameLength, `the name of member ${i}`);
  reader.offset = nameAt + 2 + nameLength;
  const problem = payloadNameProblem(name);
  if (problem) reader.fail(`member ${i} '${name}' has an unsafe name: it ${problem}`, nameAt + 2);
  const before = members.size;
  members.set(name, bytes);
  if (members.size === before) reader.fail(`member ${i} '${name}' appears twice`, nameAt + 2);
  const flagsAt = reader.offset;
  const flags = flagsAt < bytes.length ? bytes[flagsAt] : reader.u8(`the flags of member '${name}'`);
  if (flags & ~FLAG_DEFLATE)
    reader.fail(`member '${name}' has unknown flags 0x${flags.toString(16)}`, flagsAt);
  reader.offset = flagsAt + 1;
  const storedLength = u32(reader, `the stored length of member '`, name);
  const deflate = (flags & FLAG_DEFLATE) !== 0;
  lengths.push(storedLength, deflate ? u32(reader, `the original length of member '`, name) : -1);
  return name;
}

/** A little-endian u32 at the reader's offset; described (`what` and the member's name) only when cut off. */
function u32(reader: FieldReader, what: string, name: string): number {
  const at = reader.offset;
  if (at + 4 > reader.bytes.length) return reader.u32(`${what}${name}'`);
  reader.offset = at + 4;
  return reader.bytes.readUInt32LE(at);
}

/** The text of `length` bytes at `at` when they are all there and all ASCII; otherwise undefined. */
function asciiAt(bytes: Buffer, at: number, length: number): string | undefined {
  const end = at + length;
  if (end > bytes.length) return undefined;
  for (let k = at; k < end; k++) if (bytes[k] >= 0x80) return undefined;
  return bytes.toString('latin1', at, end);
}
