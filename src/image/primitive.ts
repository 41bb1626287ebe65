/**
 * The data shape of a primitive change. The image layer defines it because journals and
 * traces are part of the image file; the ops layer (src/ops) is the only code that applies them.
 * Paths are full stored-or-given Windows paths with a drive letter (`C:\WINNT\x.dll`).
 */
import type { RawRegValue } from '../registry/index.js';

/** File metadata carried by a write. Omitted fields keep the existing value (or a default for a new file). */
export interface FileMeta {
  /** Win32 attribute bits. */
  attributes?: number;
  /** File version (`5.0.2195.6717`); `null` removes it. */
  version?: string | null;
  created?: number;
  modified?: number;
  /** 100 ns units past `created`'s and `modified`'s millisecond, 0-9999 (0 when absent). */
  createdFraction?: number;
  modifiedFraction?: number;
}

/** One primitive operation on an image. */
export type PrimitiveOp =
  | { kind: 'mkdir'; path: string; meta?: FileMeta }
  | { kind: 'write'; path: string; data: Uint8Array; meta?: FileMeta }
  | { kind: 'rename'; from: string; to: string; replace: boolean }
  | { kind: 'delete'; path: string }
  | { kind: 'setAttributes'; path: string; attributes: number }
  | { kind: 'regCreateKey'; key: string }
  | { kind: 'regDeleteKey'; key: string }
  | { kind: 'regSet'; key: string; name: string; value: RawRegValue }
  /**
   * Appends to an existing value: its bytes from `at` on (a list terminator, at most a few bytes) are
   * replaced by `bytes`. Its inverse is the same kind with the bytes cut off, so queueing a boot-time
   * rename logs the pair, not the whole queue.
   */
  | { kind: 'regAppend'; key: string; name: string; at: number; bytes: Uint8Array }
  | { kind: 'regDelete'; key: string; name: string };

/** The kinds of primitive operations. */
export type PrimitiveKind = PrimitiveOp['kind'];

/**
 * An open transaction's write-ahead journal, kept in the image (like NTFS's $LogFile) so that it
 * survives a power cut. `rollback`: `undo` holds the inverse of every operation applied so far, in
 * order; recovery applies them in reverse. `rollforward`: `plan` holds every operation of the
 * transaction and `applied` how many are done; recovery applies the rest.
 */
export interface Journal {
  name: string;
  mode: 'rollback' | 'rollforward';
  undo: PrimitiveOp[][];
  plan: PrimitiveOp[];
  applied: number;
  /**
   * `rollback` recovery cut by a power failure: how many changes of the newest `undo` step were
   * already undone (absent when none), so the next recovery neither repeats nor skips one.
   */
  undone?: number;
  /** Free-form facts the owner wants back at recovery (e.g. the package id). */
  context: Record<string, string | number | boolean>;
}
