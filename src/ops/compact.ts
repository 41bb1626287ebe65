/**
 * Compact operation-log rows for the many small changes of a boot: a move or a delete, and a DWORD
 * progress write. A boot of a million entries logs a million changes, and each is kept until the log
 * is trimmed. An object per change (and one per removed file) survives every young-generation
 * collection of the boot, which copies it; and the code that made it is thrown away whenever the
 * last of its kind dies (their hidden classes are held weakly), so every boot compiled it again.
 * So each change is a row of references to what already exists (folder paths, names, the removed
 * entry), all in one array, and the operation and its undo are built from the row when the log is
 * read (`operations`, `undo`, the crash sweep's labels).
 */
import type { Entry, PrimitiveOp } from '../image/index.js';
import { literalPath } from '../path/index.js';
import { REG_TYPES, type RawRegValue } from '../registry/index.js';
import { metaOf } from './entry-meta.js';
import { Rows } from './rows.js';

/** The little-endian bytes of a REG_DWORD. */
export function dwordValue(value: number): RawRegValue {
  const bytes = new Uint8Array([value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24]);
  return { type: REG_TYPES.REG_DWORD, bytes };
}

/** A previous REG_DWORD kept as its number; any other value as it was; undefined when there was none. */
export type PreviousValue = number | RawRegValue | undefined;

/** The number of a 4-byte REG_DWORD, to keep instead of the value; the value itself otherwise. */
export function compactPrevious(value: RawRegValue | undefined): PreviousValue {
  if (value?.type !== REG_TYPES.REG_DWORD || value.bytes.length !== 4) return value;
  const bytes = value.bytes;
  return (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0;
}

/** The operation that puts `entry`, removed with `content`, back at `path` (its stored path). */
function restore(entry: Entry, content: Uint8Array, path: string): PrimitiveOp {
  const meta = metaOf(entry);
  return entry.isDir ? { kind: 'mkdir', path, meta } : { kind: 'write', path, data: content, meta };
}

const MOVE = 0;
const DELETE = 1;
const DWORD = 2;
/** A row's kind in its low two bits; a move's `replace` above them. */
const REPLACE_FLAG = 4;
/** Cells per row. */
const ROW = 7;

/**
 * The compact rows of one operation log, `ROW` cells each:
 * - a move: kind, the source folder's stored path (with its backslash, one string per folder) and
 *   name, the target folder's and name, and the file it replaced there (if any) with its content:
 *   undone by the rename back, then the replaced file written again under its own name;
 * - a delete: kind, the folder's stored path, '', '', '', the entry and its content: undone by
 *   writing (or making) it again;
 * - a REG_DWORD written to an existing key: kind, the key's canonical path, the value's name, the
 *   number written and the previous value ({@link PreviousValue}): undone by the previous value, or
 *   its delete.
 * A removed entry is kept itself: once out of its folder's index nothing reaches it to change its
 * name or metadata, so it still says what it was.
 */
export class CompactChanges {
  private readonly rows = new Rows(ROW);

  /** The number of rows. */
  get length(): number {
    return this.rows.length;
  }

  private add(
    kind: number,
    folder: string,
    name: string,
    third: unknown,
    fourth: unknown,
    entry: Entry | undefined,
    content: Uint8Array | undefined,
  ): number {
    const row = this.rows.length;
    const cells = this.rows.add();
    const at = this.rows.at;
    cells[at] = kind;
    cells[at + 1] = folder;
    cells[at + 2] = name;
    cells[at + 3] = third;
    cells[at + 4] = fourth;
    cells[at + 5] = entry;
    cells[at + 6] = content;
    return row;
  }

  /** A rename of `fromFolder + fromName` to `toFolder + toName`, which replaced `replaced` (with its content) if any; returns its row. */
  addMove(
    fromFolder: string,
    fromName: string,
    toFolder: string,
    toName: string,
    replace: boolean,
    replaced: Entry | undefined,
    replacedContent: Uint8Array | undefined,
  ): number {
    const kind = replace ? MOVE | REPLACE_FLAG : MOVE;
    return this.add(kind, fromFolder, fromName, toFolder, toName, replaced, replacedContent);
  }

  /** A delete of `entry` (with its content) from the folder at stored path `folder`; returns its row. */
  addDelete(folder: string, entry: Entry, content: Uint8Array): number {
    return this.add(DELETE, folder, '', '', '', entry, content);
  }

  /** A REG_DWORD `value` written to `key`'s `name`, which held `previous`; returns its row. */
  addDword(key: string, name: string, value: number, previous: PreviousValue): number {
    return this.add(DWORD, key, name, value, previous, undefined, undefined);
  }

  /** The operation of a row. */
  op(row: number): PrimitiveOp {
    const at = this.rows.cellOf(row);
    const cells = this.rows.chunkOf(row);
    const kind = (cells[at] as number) & 3;
    const folder = cells[at + 1] as string;
    const name = cells[at + 2] as string;
    if (kind === DELETE) return { kind: 'delete', path: literalPath(folder + (cells[at + 5] as Entry).name) };
    if (kind === DWORD)
      return { kind: 'regSet', key: folder, name, value: dwordValue(cells[at + 3] as number) };
    const to = literalPath((cells[at + 3] as string) + (cells[at + 4] as string));
    const replace = ((cells[at] as number) & REPLACE_FLAG) !== 0;
    return { kind: 'rename', from: literalPath(folder + name), to, replace };
  }

  /** The operations that undo a row, in order. */
  undo(row: number): PrimitiveOp[] {
    const at = this.rows.cellOf(row);
    const cells = this.rows.chunkOf(row);
    const kind = (cells[at] as number) & 3;
    const folder = cells[at + 1] as string;
    const name = cells[at + 2] as string;
    const removed = cells[at + 5] as Entry | undefined;
    const content = cells[at + 6] as Uint8Array;
    if (kind === DELETE) return [restore(removed!, content, literalPath(folder + removed!.name))];
    if (kind === DWORD) return [dwordUndo(folder, name, cells[at + 4] as PreviousValue)];
    const toFolder = cells[at + 3] as string;
    const to = literalPath(toFolder + (cells[at + 4] as string));
    const back: PrimitiveOp = { kind: 'rename', from: to, to: literalPath(folder + name), replace: false };
    if (removed === undefined) return [back];
    return [back, restore(removed, content, literalPath(toFolder + removed.name))];
  }

  /** Drops the rows from `length` on (after they were undone). */
  truncate(length: number): void {
    this.rows.truncate(length);
  }
}

function dwordUndo(key: string, name: string, previous: PreviousValue): PrimitiveOp {
  if (previous === undefined) return { kind: 'regDelete', key, name };
  const value = typeof previous === 'number' ? dwordValue(previous) : previous;
  return { kind: 'regSet', key, name, value };
}
