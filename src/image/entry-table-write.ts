/**
 * Writing the entry table (entry-table.ts gives the record's layout) in one walk of the volumes:
 * each record goes straight into the table's memory, its names encoded in place, with no list of
 * entries, lengths or strings kept per entry. The memory is a list of chunks, each a fresh
 * allocation that a record never straddles, so nothing is copied as the table grows; the file holds
 * them one after the other (the table's bytes are the same as one buffer's).
 */
import type { Entry } from './entry.js';
import {
  FIXED_BYTES,
  FOLDER,
  HAS_ALIAS,
  HAS_FRACTIONS,
  HAS_VERSION,
  NO_PARENT,
  hasFractions,
} from './entry-table.js';
import { writeWtf8 } from './wtf8.js';

/** The first chunk's size: a small image's table fits in it. */
const FIRST_CHUNK_BYTES = 64 * 1024;
/** Chunks double up to this size (a big table is a few of them). */
const LARGEST_CHUNK_BYTES = 4 * 1024 * 1024;
/** The most UTF-8 (or WTF-8) bytes one UTF-16 unit of a name takes. */
const MAX_BYTES_PER_UNIT = 3;

/** The encoded table: its chunks in order, their total length, and each volume's record count. */
export interface EncodedEntryTable {
  chunks: Buffer[];
  byteLength: number;
  counts: number[];
}

/**
 * The table for the given volume roots, and how many records each volume has. `onFile` is called
 * for each file, in record order (the order its content follows in the file).
 */
export function encodeEntryTable(
  roots: readonly Entry[],
  onFile: (file: Entry) => void,
  /** Format 2 (UTF-8) refuses a name it would change; format 3 keeps every name (WTF-8). */
  formatVersion = 5,
): EncodedEntryTable {
  const writer = new TableWriter(formatVersion, onFile);
  const counts = roots.map((root) => writer.writeVolume(root));
  const chunks = writer.finish();
  return { chunks, byteLength: chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0), counts };
}

/** Writes records into chunks of memory, a walk of each volume at a time. */
class TableWriter {
  private readonly chunks: Buffer[] = [];
  private bytes: Buffer = Buffer.alloc(0);
  /** The same memory as `bytes`, for the numbers: DataView stores inline where Buffer's methods are calls. */
  private view = new DataView(this.bytes.buffer);
  /** Where the next record goes in `bytes`. */
  private at = 0;
  private nextChunkBytes = FIRST_CHUNK_BYTES;
  /** Records written of the volume being walked. */
  private records = 0;
  private readonly encodeText: (bytes: Buffer, at: number, text: string) => number;
  private readonly fractions: boolean;

  constructor(
    private readonly formatVersion: number,
    private readonly onFile: (file: Entry) => void,
  ) {
    this.encodeText = formatVersion >= 3 ? writeWtf8 : writeUtf8Exactly;
    this.fractions = formatVersion >= 5;
  }

  /** Writes a volume's records, the root first, and returns how many there are. */
  writeVolume(root: Entry): number {
    this.records = 1;
    this.writeRecord(root, NO_PARENT, '', undefined, undefined, 0);
    this.writeChildren(root, 0);
    return this.records;
  }

  /** The chunks written, each cut to what it holds. */
  finish(): Buffer[] {
    if (this.at > 0) this.chunks.push(this.bytes.subarray(0, this.at));
    this.at = 0;
    return this.chunks;
  }

  /**
   * Writes what `folder` (record `index`) holds, each folder followed by what it holds. `forEach`,
   * not `for...of`: a save runs this once per process, mostly before it is optimized, where an
   * iterator makes a result object per entry (cold, about 8 % of the encode's CPU).
   */
  private writeChildren(folder: Entry, index: number): void {
    folder.children!.forEach((child) => {
      const childIndex = this.records++;
      this.writeRecord(child, index, child.name, child.version, child.shortName, child.size);
      if (child.isDir) this.writeChildren(child, childIndex);
      else this.onFile(child);
    });
  }

  /** Writes `entry`'s record; `name`, `version`, `alias` and `size` are its own, or a root's (none). */
  private writeRecord(
    entry: Entry,
    parent: number,
    name: string,
    version: string | undefined,
    alias: string | undefined,
    size: number,
  ): void {
    const withFractions = hasFractions(entry);
    if (withFractions && !this.fractions)
      throw new RangeError(
        `entry table format ${this.formatVersion} cannot hold the 100 ns part of the times of '${entry.name}': write format 5`,
      );
    this.reserve(
      FIXED_BYTES +
        4 +
        MAX_BYTES_PER_UNIT * name.length +
        (version !== undefined ? 2 + MAX_BYTES_PER_UNIT * version.length : 0) +
        (alias ? 1 + MAX_BYTES_PER_UNIT * alias.length : 0),
    );
    const { bytes, view } = this;
    let at = this.at;
    view.setUint32(at, parent, true);
    bytes[at + 4] =
      (entry.isDir ? FOLDER : 0) |
      (version !== undefined ? HAS_VERSION : 0) |
      (alias ? HAS_ALIAS : 0) |
      (withFractions ? HAS_FRACTIONS : 0);
    view.setUint32(at + 5, entry.attributes >>> 0, true);
    view.setFloat64(at + 9, entry.created, true);
    view.setFloat64(at + 17, entry.modified, true);
    view.setFloat64(at + 25, size, true);
    at = this.writeText(at + FIXED_BYTES - 2, name, 2);
    if (version !== undefined) at = this.writeText(at, version, 2);
    if (alias) at = this.writeText(at, alias, 1);
    if (withFractions) {
      view.setUint16(at, entry.createdFraction, true);
      view.setUint16(at + 2, entry.modifiedFraction, true);
      at += 4;
    }
    this.at = at;
  }

  /**
   * Writes a text field at `at`: its UTF-8 length in `lengthBytes` bytes, then the text, copied unit
   * by unit while it is ASCII; returns the end.
   */
  private writeText(at: number, text: string, lengthBytes: 1 | 2): number {
    const { bytes } = this;
    const start = at + lengthBytes;
    let end = start + text.length;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit >= 0x80) {
        end = this.encodeText(bytes, start, text);
        break;
      }
      bytes[start + i] = unit;
    }
    const length = end - start;
    if (length >= 1 << (8 * lengthBytes)) throw new RangeError(`entry table: '${text}' is too long`);
    if (lengthBytes === 1) bytes[at] = length;
    else this.view.setUint16(at, length, true);
    return end;
  }

  /** Makes room for `length` more bytes: a record that would not fit in this chunk starts a new one. */
  private reserve(length: number): void {
    if (this.at + length <= this.bytes.byteLength) return;
    if (this.at > 0) this.chunks.push(this.bytes.subarray(0, this.at));
    this.bytes = Buffer.allocUnsafe(Math.max(this.nextChunkBytes, length));
    this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    this.at = 0;
    this.nextChunkBytes = Math.min(2 * this.nextChunkBytes, LARGEST_CHUNK_BYTES);
  }
}

/** Format 2's writer: UTF-8, refusing a name with a lone surrogate rather than changing it. */
function writeUtf8Exactly(bytes: Buffer, at: number, text: string): number {
  if (/[\uD800-\uDFFF]/u.test(text))
    throw new RangeError(`entry table format 2 cannot hold ${JSON.stringify(text)}: write format 3`);
  return at + bytes.write(text, at, 'utf8');
}
