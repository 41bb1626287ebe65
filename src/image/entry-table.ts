/**
 * The entry table of an image file (format 2): every entry of every volume as a binary record, in
 * the order a walk of each volume gives (the root first, a folder before what it holds). It replaces
 * format 1's JSON rows, which cost a row array, eight values and a full relative path per entry.
 *
 * Record, little-endian: u32 parent (the record index of its folder within the volume; 0xffffffff
 * for the root) | u8 flags (1 folder, 2 version, 4 8.3 alias) | u32 attributes | f64 created |
 * f64 modified | f64 size | u16 name length + UTF-8 name | [u16 length + UTF-8 version] |
 * [u8 length + ASCII alias] | [u16 created fraction + u16 modified fraction]. Format 3 writes names and
 * versions as WTF-8 (wtf8.ts), which keeps lone surrogates; format 2 wrote UTF-8 and so cannot hold
 * them. Format 5 adds flag 8: the times' 100 ns units past their millisecond follow (N9); formats 2
 * to 4 cannot hold them. The writer is entry-table-write.ts; this file reads.
 */
import { InputError } from '../errors/index.js';
import { isShortName } from '../path/index.js';
import type { Entry } from './entry.js';
import { isTimeFraction } from './file-time.js';
import type { EntryProgress } from './load-progress.js';
import { readWtf8 } from './wtf8.js';

export const NO_PARENT = 0xffffffff;
export const FOLDER = 1;
export const HAS_VERSION = 2;
export const HAS_ALIAS = 4;
export const HAS_FRACTIONS = 8;
/** A record's bytes up to its name, the name's length included. */
export const FIXED_BYTES = 4 + 1 + 4 + 8 + 8 + 8 + 2;
/** Entry progress is told when the count's bits under this mask are all 0: every 65,536 entries. */
const PROGRESS_EVERY = 0xffff;

/** One record as read back (the same object is refilled for each record). */
export interface EntryRecord {
  /** Index of the record within its volume. */
  index: number;
  /** Record index of its folder, or -1 for the root. */
  parent: number;
  isDir: boolean;
  attributes: number;
  created: number;
  modified: number;
  createdFraction: number;
  modifiedFraction: number;
  size: number;
  name: string;
  version: string | undefined;
  shortName: string | undefined;
  /**
   * The name, and the 8.3 alias, folded when they are ASCII (upper case, as every upcase table
   * folds ASCII); else undefined, for the volume's table to fold.
   */
  folded: string | undefined;
  foldedShortName: string | undefined;
}

/** Whether an entry's times have a part below the millisecond. */
export function hasFractions(entry: Entry): boolean {
  return entry.createdFraction !== 0 || entry.modifiedFraction !== 0;
}

/** A cursor over the entry table's bytes that reports damage at the byte where it is. */
class TableCursor {
  /** The same bytes for the fixed fields: DataView reads inline where Buffer's methods are calls. */
  readonly view: DataView;

  constructor(
    readonly bytes: Buffer,
    public at: number,
    readonly end: number,
    private readonly source: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(message: string, where = this.at): never {
    throw new InputError(this.source, message, `byte ${where}`);
  }

  /**
   * A text field, `field` of record `index`: its length in `lengthBytes` bytes, then WTF-8. The
   * field's description is made into text only for an error (not once per record).
   */
  text(lengthBytes: 1 | 2, field: string, index: number): string {
    const { bytes, end } = this;
    if (this.at + lengthBytes > end) this.fail(`the entry table ends inside the ${field} of record ${index}`);
    const length = lengthBytes === 1 ? bytes[this.at] : this.view.getUint16(this.at, true);
    const start = this.at + lengthBytes;
    if (start + length > end) this.fail(`the entry table ends inside the ${field} of record ${index}`);
    this.at = start + length;
    return (
      readWtf8(bytes, start, start + length) ??
      this.fail(`the ${field} of record ${index} is not UTF-8 text`, start)
    );
  }
}

/**
 * Reads the records of `counts.length` volumes from `bytes[offset, end)`, calling `onRecord` for
 * each (volume index and the refilled record). Damage is an `InputError` at the byte where it is
 * (`source` names the file); a record's folder must be a folder record before it.
 */
export function decodeEntryTable(
  bytes: Buffer,
  offset: number,
  end: number,
  counts: readonly number[],
  source: string,
  onRecord: (volume: number, record: EntryRecord) => void,
  /** The image file's format: flag 8 (time fractions) exists from format 5. */
  formatVersion = 5,
  onProgress?: EntryProgress,
): void {
  const record: EntryRecord = {
    index: 0,
    parent: -1,
    isDir: true,
    attributes: 0,
    created: 0,
    modified: 0,
    createdFraction: 0,
    modifiedFraction: 0,
    size: 0,
    name: '',
    version: undefined,
    shortName: undefined,
    folded: undefined,
    foldedShortName: undefined,
  };
  const cursor = new TableCursor(bytes, offset, end, source);
  const knownFlags = FOLDER | HAS_VERSION | HAS_ALIAS | (formatVersion >= 5 ? HAS_FRACTIONS : 0);
  const total = counts.reduce((sum, count) => sum + count, 0);
  let done = 0;
  counts.forEach((count, volume) => {
    const folders = new Uint8Array(count);
    for (let index = 0; index < count; index++) {
      readRecord(cursor, record, index, volume, folders, knownFlags);
      if (record.isDir) folders[index] = 1;
      onRecord(volume, record);
      if (onProgress !== undefined && ((++done & PROGRESS_EVERY) === 0 || done === total))
        onProgress(done, total);
    }
  });
  if (cursor.at !== end) cursor.fail(`${end - cursor.at} unexplained bytes after the entry table`);
}

/** Reads record `index` of `volume` at the cursor into `record`; `folders` marks the folder records before it. */
function readRecord(
  cursor: TableCursor,
  record: EntryRecord,
  index: number,
  volume: number,
  folders: Uint8Array,
  knownFlags: number,
): void {
  const { bytes, end, view } = cursor;
  const start = cursor.at;
  if (start + FIXED_BYTES > end)
    cursor.fail(`the entry table ends inside record ${index} of volume ${volume}`);
  const parent = view.getUint32(start, true);
  const flags = bytes[start + 4];
  if (index === 0 ? parent !== NO_PARENT || !(flags & FOLDER) : parent >= index || !folders[parent]) {
    cursor.fail(
      index === 0
        ? `record 0 of volume ${volume} is not its root folder`
        : `record ${index} of volume ${volume} names record ${parent} as its folder, which is not a folder before it`,
      start,
    );
  }
  if (flags & ~knownFlags) cursor.fail(`record ${index} has unknown flags ${flags}`, start + 4);
  record.index = index;
  record.parent = index === 0 ? -1 : parent;
  record.isDir = (flags & FOLDER) !== 0;
  record.attributes = view.getUint32(start + 5, true);
  record.created = view.getFloat64(start + 9, true);
  record.modified = view.getFloat64(start + 17, true);
  record.size = view.getFloat64(start + 25, true);
  const nameAt = start + FIXED_BYTES;
  cursor.at = nameAt - 2;
  record.name = cursor.text(2, 'name', index);
  // a unit per byte, none of them U+FFFD (which text refuses or reads strictly): ASCII
  record.folded = record.name.length === cursor.at - nameAt ? record.name.toUpperCase() : undefined;
  record.version = flags & HAS_VERSION ? cursor.text(2, 'version', index) : undefined;
  const aliasAt = cursor.at;
  record.shortName = flags & HAS_ALIAS ? cursor.text(1, '8.3 alias', index) : undefined;
  if (record.shortName !== undefined && !isShortName(record.shortName))
    cursor.fail(`the 8.3 alias '${record.shortName}' of record ${index} is not an 8.3 name`, aliasAt);
  // an 8.3 name is ASCII
  record.foldedShortName = record.shortName?.toUpperCase();
  record.createdFraction = record.modifiedFraction = 0;
  if (flags & HAS_FRACTIONS) {
    if (cursor.at + 4 > end) cursor.fail(`the entry table ends inside the time fractions of record ${index}`);
    record.createdFraction = bytes.readUInt16LE(cursor.at);
    record.modifiedFraction = bytes.readUInt16LE(cursor.at + 2);
    if (!isTimeFraction(record.createdFraction) || !isTimeFraction(record.modifiedFraction))
      cursor.fail(`record ${index} has a time fraction above 9999 units of 100 ns`);
    cursor.at += 4;
  }
}
