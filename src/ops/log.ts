import type { ImageCore, PrimitiveOp } from '../image/index.js';

/** One applied primitive operation and the operations that undo it. */
export interface LogRecord {
  seq: number;
  op: PrimitiveOp;
  undo: PrimitiveOp[];
}

/** The operation log of an image: every primitive operation applied through the door, in order. */
export class OpLog {
  private records: LogRecord[] = [];
  private base = 0;
  /** When false, operations are applied without being recorded (bulk work the caller will not undo). */
  enabled = true;

  /** The sequence number the next operation will get; use it as a mark. */
  get position(): number {
    return this.base + this.records.length;
  }

  record(op: PrimitiveOp, undo: PrimitiveOp[]): void {
    if (this.enabled) this.records.push({ seq: this.position, op, undo });
  }

  /** The records from `mark` (inclusive) to now. */
  since(mark: number): LogRecord[] {
    return this.records.slice(Math.max(0, mark - this.base));
  }

  /** The records in `[from, to)`. */
  range(from: number, to = this.position): LogRecord[] {
    return this.records.slice(Math.max(0, from - this.base), Math.max(0, to - this.base));
  }

  /** Drops the records before `mark` (they can no longer be undone through the log). */
  trim(mark = this.position): void {
    const cut = Math.max(0, Math.min(mark - this.base, this.records.length));
    this.records = this.records.slice(cut);
    this.base += cut;
  }

  /** Drops records from `mark` on (after they were undone). */
  truncate(mark: number): void {
    this.records.length = Math.max(0, mark - this.base);
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
