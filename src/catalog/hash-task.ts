/**
 * The message a `HashPool` sends to `workers/hash-worker.ts`. Types only, so the worker
 * can share it without loading anything from `src` at run time.
 */

/** Which digest to compute. */
export type HashAlgorithm = 'sha256' | 'xxh64';

/** How the test hook makes a worker fail: throw from the task, or end the worker thread. */
export type WorkerFailure = 'throw' | 'exit';

/** One batch of items, packed back to back in a single transferred buffer. */
export interface HashTask {
  algorithm: HashAlgorithm;
  /** Index of the batch within its `hashAll` call, for error messages. */
  batch: number;
  /** The items' bytes, concatenated from offset 0 (the buffer may be longer). Transferred, never the caller's. */
  buffer: ArrayBuffer;
  /** Length of each item in `buffer`, in order. */
  lengths: number[];
  /** Test hook: make the worker fail on this task. */
  fail?: WorkerFailure;
}

/** The hex digests of a batch's items, in order, and the task's buffer, transferred back for reuse. */
export interface HashTaskResult {
  digests: string[];
  buffer: ArrayBuffer;
}
