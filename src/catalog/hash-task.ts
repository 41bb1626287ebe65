/**
 * The message a `HashPool` sends to `workers/hash-worker.ts`. Types only, so the worker
 * can share it without loading anything from `src` at run time.
 */

/** Which digest to compute. */
export type HashAlgorithm = 'sha256' | 'xxh64';
/** What a task computes: one digest, or both of each item in one pass over its bytes. */
export type HashJob = HashAlgorithm | 'sha256+xxh64';

/** How the test hook makes a worker fail: throw from the task, or end the worker thread. */
export type WorkerFailure = 'throw' | 'exit';

/** `HashTask.memory` of an item copied into the task's `packed` buffer. */
export const IN_PACKED = -2;
/** `HashTask.memory` of an empty item that lies nowhere the worker can see: nothing to read. */
export const NO_MEMORY = -1;

/**
 * One batch of items. An item in a `SharedArrayBuffer` is read by the worker where it lies (never
 * copied); the others are copied into one pool-owned `packed` buffer, moved to the worker with
 * `transferList` and moved back with the digests for reuse. The caller's buffers are never detached.
 */
export interface HashTask {
  algorithm: HashJob;
  /** Index of the batch within its `hashAll` call, for error messages. */
  batch: number;
  /** The shared buffers items lie in; `memory[item]` (0 or more) is an index into it. */
  shared: SharedArrayBuffer[];
  /** The transferred buffer holding the copied items, if any. */
  packed?: ArrayBuffer;
  /** For each item, in order: an index into `shared`, `IN_PACKED` or `NO_MEMORY`. */
  memory: number[];
  /** For each item: its byte offset in its buffer. */
  offsets: number[];
  /** For each item: its length in bytes. */
  lengths: number[];
  /** Test hook: make the worker fail on this task. */
  fail?: WorkerFailure;
}

/** The hex digests of a batch's items, in order, and the task's `packed` buffer moved back. */
export interface HashTaskResult {
  /** The SHA-256s of a `sha256+xxh64` task. */
  digests: string[];
  /** The xxh64s of a `sha256+xxh64` task. */
  xxh64?: string[];
  packed?: ArrayBuffer;
}
