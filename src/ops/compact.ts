/**
 * Compact operation-log records for the many small changes of a boot: a move or a delete, and a
 * DWORD progress write. A boot of a million entries logs a million records, and each record is kept
 * until the log is trimmed; a record built as the operation and its undo objects (paths, metadata,
 * the previous value) costs several hundred bytes. These keep only what the operation and its undo
 * need and build both when the log is read (`operations`, `undo`, the crash sweep's labels).
 */
import type { Entry, FileMeta, PrimitiveOp } from '../image/index.js';
import { REG_TYPES, type RawRegValue } from '../registry/index.js';

/** A log record that builds its operation and the operations that undo it when asked. */
export interface CompactRecord {
  op(): PrimitiveOp;
  undo(): PrimitiveOp[];
}

/**
 * A file or folder a change removed, as its undo re-creates it: its stored name, metadata and content.
 * The content is the stored buffer itself (stored bytes are never changed in place).
 */
export class RemovedEntry {
  readonly name: string;
  readonly isDir: boolean;
  readonly attributes: number;
  readonly version: string | null;
  readonly created: number;
  readonly modified: number;
  readonly createdFraction: number;
  readonly modifiedFraction: number;

  constructor(
    entry: Entry,
    readonly content: Uint8Array,
  ) {
    this.name = entry.name;
    this.isDir = entry.isDir;
    this.attributes = entry.attributes;
    this.version = entry.version ?? null;
    this.created = entry.created;
    this.modified = entry.modified;
    this.createdFraction = entry.createdFraction;
    this.modifiedFraction = entry.modifiedFraction;
  }

  /** The operation that puts it back at `path` (its stored path). */
  restore(path: string): PrimitiveOp {
    const meta: Required<FileMeta> = {
      attributes: this.attributes,
      version: this.version,
      created: this.created,
      modified: this.modified,
      createdFraction: this.createdFraction,
      modifiedFraction: this.modifiedFraction,
    };
    return this.isDir ? { kind: 'mkdir', path, meta } : { kind: 'write', path, data: this.content, meta };
  }
}

/**
 * A rename between stored paths, each kept as its folder's stored path (with its backslash, one string
 * per folder) and the name: `fromFolder + fromName` was the entry's path, `toFolder + toName` is its
 * path now; `replaced` is the file the rename replaced there. Undone by the rename back, then the
 * replaced file written again under its own name.
 */
export class MoveRecord implements CompactRecord {
  constructor(
    readonly fromFolder: string,
    readonly fromName: string,
    readonly toFolder: string,
    readonly toName: string,
    readonly replace: boolean,
    readonly replaced: RemovedEntry | undefined,
  ) {}

  op(): PrimitiveOp {
    const from = this.fromFolder + this.fromName;
    return { kind: 'rename', from, to: this.toFolder + this.toName, replace: this.replace };
  }

  undo(): PrimitiveOp[] {
    const to = this.toFolder + this.toName;
    const back: PrimitiveOp = {
      kind: 'rename',
      from: to,
      to: this.fromFolder + this.fromName,
      replace: false,
    };
    if (this.replaced === undefined) return [back];
    return [back, this.replaced.restore(this.toFolder + this.replaced.name)];
  }
}

/** A delete of the entry `removed` from the folder at stored path `folder`; undone by writing (or making) it again. */
export class DeleteRecord implements CompactRecord {
  constructor(
    readonly folder: string,
    readonly removed: RemovedEntry,
  ) {}

  op(): PrimitiveOp {
    return { kind: 'delete', path: this.folder + this.removed.name };
  }

  undo(): PrimitiveOp[] {
    return [this.removed.restore(this.folder + this.removed.name)];
  }
}

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

/** A REG_DWORD written to an existing key (canonical path); undone by the previous value, or its delete. */
export class DwordRecord implements CompactRecord {
  constructor(
    readonly key: string,
    readonly name: string,
    readonly value: number,
    readonly previous: PreviousValue,
  ) {}

  op(): PrimitiveOp {
    return { kind: 'regSet', key: this.key, name: this.name, value: dwordValue(this.value) };
  }

  undo(): PrimitiveOp[] {
    const { key, name, previous } = this;
    if (previous === undefined) return [{ kind: 'regDelete', key, name }];
    const value = typeof previous === 'number' ? dwordValue(previous) : previous;
    return [{ kind: 'regSet', key, name, value }];
  }
}
