import type { FileMeta, ImageCore, PrimitiveOp } from '../image/index.js';
import { CompactChanges } from './compact.js';
import { Rows } from './rows.js';

/** Cells per row of a log's writes. */
const WRITE_ROW = 5;

/** One applied primitive operation and the operations that undo it. */
export interface LogRecord {
  seq: number;
  op: PrimitiveOp;
  undo: PrimitiveOp[];
}

/**
 * The operation log of an image: every primitive operation applied through the door, in order.
 * An install logs tens of thousands of operations and the log keeps them all, so it holds each
 * operation and its inverse as a row of two cells and makes `LogRecord`s only when asked for them. A
 * boot's moves, deletes and progress writes are kept as rows of {@link compact} (`compact.ts`): the
 * operation is then the row's number and the undo `null`, built into operations only when read.
 * An install's writes to located files ({@link recordWrite}) are kept as rows of `writes`: the
 * operation is then `-1 - row` (with its undo as usual), built when read.
 */
export class OpLog {
  /** Each record's operation (or compact row) and undo (or `null`). */
  private records = new Rows(2);
  /** The compact changes' rows. */
  readonly compact = new CompactChanges();
  /**
   * Writes by folder and name: the folder (ending with its backslash), the name, the data, and the
   * metadata, or its version and attributes (then a number) in two cells.
   */
  private writes = new Rows(WRITE_ROW);
  private base = 0;
  /** When false, operations are applied without being recorded (bulk work the caller will not undo). */
  enabled = true;

  /** The sequence number the next operation will get; use it as a mark. */
  get position(): number {
    return this.base + this.records.length;
  }

  record(op: PrimitiveOp, undo: PrimitiveOp[]): void {
    if (!this.enabled) return;
    this.add(op, undo);
  }

  private add(op: PrimitiveOp | number, undo: PrimitiveOp[] | null): void {
    const cells = this.records.add();
    const at = this.records.at;
    cells[at] = op;
    cells[at + 1] = undo;
  }

  /**
   * Records `{ kind: 'write', path: folder + name, data, meta }` (no `meta` when undefined; `meta`
   * is the version and `attributes` a number for the metadata `{ version, attributes }`) without the
   * operation or its joined path; an undo of `null` is the delete of `folder + name` (a file it
   * created there), built when read.
   */
  recordWrite(
    folder: string,
    name: string,
    data: Uint8Array,
    meta: FileMeta | string | null | undefined,
    attributes: number | undefined,
    undo: PrimitiveOp[] | null,
  ): void {
    if (!this.enabled) return;
    const row = this.writes.length;
    const cells = this.writes.add();
    const at = this.writes.at;
    cells[at] = folder;
    cells[at + 1] = name;
    cells[at + 2] = data;
    cells[at + 3] = meta;
    cells[at + 4] = attributes;
    this.add(-1 - row, undo);
  }

  /** The undo of row `row` of `writes` when the record keeps none: the delete of the file it created. */
  private createdUndo(row: number): PrimitiveOp[] {
    const cells = this.writes.chunkOf(row);
    const at = this.writes.cellOf(row);
    return [{ kind: 'delete', path: (cells[at] as string) + (cells[at + 1] as string) }];
  }

  /** The operation of row `row` of `writes`. */
  private writeOp(row: number): PrimitiveOp {
    const cells = this.writes.chunkOf(row);
    const at = this.writes.cellOf(row);
    const path = (cells[at] as string) + (cells[at + 1] as string);
    const data = cells[at + 2] as Uint8Array;
    const attributes = cells[at + 4] as number | undefined;
    const meta =
      attributes === undefined
        ? (cells[at + 3] as FileMeta | undefined)
        : { version: cells[at + 3] as string | null, attributes };
    return meta === undefined ? { kind: 'write', path, data } : { kind: 'write', path, data, meta };
  }

  /**
   * Records the change kept compact in `row` of {@link compact} (the newest): its operation and undo
   * are built when the log is read. A disabled log drops the row.
   */
  recordCompact(row: number): void {
    if (!this.enabled) {
      this.compact.truncate(row);
      return;
    }
    this.add(row, null);
  }

  /** The records from `mark` (inclusive) to now. */
  since(mark: number): LogRecord[] {
    return this.range(mark);
  }

  private opAt(i: number): PrimitiveOp | number {
    return this.records.chunkOf(i)[this.records.cellOf(i)] as PrimitiveOp | number;
  }

  private undoAt(i: number): PrimitiveOp[] | null {
    return this.records.chunkOf(i)[this.records.cellOf(i) + 1] as PrimitiveOp[] | null;
  }

  /** The records in `[from, to)`. */
  range(from: number, to = this.position): LogRecord[] {
    const start = Math.max(0, from - this.base);
    const end = Math.min(this.records.length, Math.max(0, to - this.base));
    const records: LogRecord[] = [];
    for (let i = start; i < end; i++) {
      const op = this.opAt(i);
      records.push(
        typeof op !== 'number'
          ? { seq: this.base + i, op, undo: this.undoAt(i)! }
          : op < 0
            ? {
                seq: this.base + i,
                op: this.writeOp(-1 - op),
                undo: this.undoAt(i) ?? this.createdUndo(-1 - op),
              }
            : { seq: this.base + i, op: this.compact.op(op), undo: this.compact.undo(op) },
      );
    }
    return records;
  }

  /**
   * Drops the records before `mark` (they can no longer be undone through the log). Their compact
   * rows stay (a few references each) until the log is truncated below them.
   */
  trim(mark = this.position): void {
    const cut = Math.max(0, Math.min(mark - this.base, this.records.length));
    const kept = new Rows(2);
    // the writes' rows are numbered again from the first kept (the dropped ones let go of their data)
    const keptWrites = new Rows(WRITE_ROW);
    for (let i = cut; i < this.records.length; i++) {
      let op = this.opAt(i);
      if (typeof op === 'number' && op < 0) op = this.moveWrite(-1 - op, keptWrites);
      const cells = kept.add();
      cells[kept.at] = op;
      cells[kept.at + 1] = this.undoAt(i);
    }
    this.records = kept;
    this.writes = keptWrites;
    this.base += cut;
  }

  /** Copies row `row` of `writes` into `to`; gives the operation cell of its copy. */
  private moveWrite(row: number, to: Rows): number {
    const from = this.writes.chunkOf(row);
    const at = this.writes.cellOf(row);
    const copy = to.length;
    const cells = to.add();
    for (let k = 0; k < WRITE_ROW; k++) cells[to.at + k] = from[at + k];
    return -1 - copy;
  }

  /** Drops records from `mark` on (after they were undone). */
  truncate(mark: number): void {
    const keep = Math.max(0, mark - this.base);
    // rows are numbered in log order: the first compact one and the first write dropped are where
    // their rows end
    let compactCut = false;
    let writesCut = false;
    for (let i = keep; i < this.records.length && !(compactCut && writesCut); i++) {
      const op = this.opAt(i);
      if (typeof op !== 'number') continue;
      if (op >= 0 && !compactCut) {
        this.compact.truncate(op);
        compactCut = true;
      } else if (op < 0 && !writesCut) {
        this.writes.truncate(-1 - op);
        writesCut = true;
      }
    }
    this.records.truncate(keep);
  }

  get length(): number {
    return this.records.length;
  }
}

const logs = new WeakMap<ImageCore, OpLog>();

/** The operation log of an image (created on first use). */
export function opLog(image: ImageCore): OpLog {
  let log = logs.get(image);
  if (!log) {
    log = new OpLog();
    logs.set(image, log);
  }
  return log;
}
