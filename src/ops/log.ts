import type { ImageCore, PrimitiveOp } from '../image/index.js';
import type { CompactRecord } from './compact.js';

/** One applied primitive operation and the operations that undo it. */
export interface LogRecord {
  seq: number;
  op: PrimitiveOp;
  undo: PrimitiveOp[];
}

/**
 * The operation log of an image: every primitive operation applied through the door, in order.
 * An install logs tens of thousands of operations and the log keeps them all, so it holds the
 * operations and their inverses in two arrays and makes `LogRecord`s only when asked for them. A
 * boot's moves, deletes and progress writes are kept as compact records (`compact.ts`, with `null`
 * for their undo), built into operations only when read.
 */
export class OpLog {
  private ops: (PrimitiveOp | CompactRecord)[] = [];
  private undos: (PrimitiveOp[] | null)[] = [];
  private base = 0;
  /** When false, operations are applied without being recorded (bulk work the caller will not undo). */
  enabled = true;

  /** The sequence number the next operation will get; use it as a mark. */
  get position(): number {
    return this.base + this.ops.length;
  }

  record(op: PrimitiveOp, undo: PrimitiveOp[]): void {
    if (!this.enabled) return;
    this.ops.push(op);
    this.undos.push(undo);
  }

  /** Records an operation kept compact: its operation and undo are built when the log is read. */
  recordCompact(record: CompactRecord): void {
    if (!this.enabled) return;
    this.ops.push(record);
    this.undos.push(null);
  }

  /** The records from `mark` (inclusive) to now. */
  since(mark: number): LogRecord[] {
    return this.range(mark);
  }

  /** The records in `[from, to)`. */
  range(from: number, to = this.position): LogRecord[] {
    const start = Math.max(0, from - this.base);
    const end = Math.min(this.ops.length, Math.max(0, to - this.base));
    const records: LogRecord[] = [];
    for (let i = start; i < end; i++) {
      const undo = this.undos[i];
      const op = this.ops[i];
      records.push(
        undo === null
          ? { seq: this.base + i, op: (op as CompactRecord).op(), undo: (op as CompactRecord).undo() }
          : { seq: this.base + i, op: op as PrimitiveOp, undo },
      );
    }
    return records;
  }

  /** Drops the records before `mark` (they can no longer be undone through the log). */
  trim(mark = this.position): void {
    const cut = Math.max(0, Math.min(mark - this.base, this.ops.length));
    this.ops = this.ops.slice(cut);
    this.undos = this.undos.slice(cut);
    this.base += cut;
  }

  /** Drops records from `mark` on (after they were undone). */
  truncate(mark: number): void {
    const keep = Math.max(0, mark - this.base);
    if (keep < this.ops.length) {
      this.ops.length = keep;
      this.undos.length = keep;
    }
  }

  get length(): number {
    return this.ops.length;
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
