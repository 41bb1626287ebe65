/**
 * The message a `HashPool` sends to `workers/hash-worker.ts`. Types only, so the worker
 * can share it without loading anything from `src` at run time.
 */

/** Which digest to compute. */
export type HashAlgorithm = 'sha256' | 'xxh64';

/** How the test hook makes a worker fail: throw from the task, or end the worker thread. */
export type WorkerFailure = 'throw' | 'exit';

/**
 * One batch of items, each a run of bytes in shared memory: either the caller's own
 * `SharedArrayBuffer` (read where it lies, never copied) or a pool-owned shared slab the
 * pool copied ordinary buffers into. Nothing is transferred, so nothing is detached.
 */
export interface HashTask {
  algorithm: HashAlgorithm;
  /** Index of the batch within its `hashAll` call, for error messages. */
  batch: number;
  /** The shared buffers the items lie in; `memory[item]` is an index into it. */
  buffers: SharedArrayBuffer[];
  /** For each item, in order: which of `buffers` holds it (-1: an empty item, nothing to read). */
  memory: number[];
  /** For each item: its byte offset in its buffer. */
  offsets: number[];
  /** For each item: its length in bytes. */
  lengths: number[];
  /** Test hook: make the worker fail on this task. */
  fail?: WorkerFailure;
}

/** The hex digests of a batch's items, in order. */
export interface HashTaskResult {
  digests: string[];
}
