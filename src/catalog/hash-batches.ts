/**
 * Splitting a list of items into worker tasks, and describing each task's items: items already in
 * a `SharedArrayBuffer` are referenced where they lie, the others are copied into one pool-owned
 * buffer that is transferred to the worker.
 */
import { IN_PACKED, NO_MEMORY, type HashJob, type HashTask } from './hash-task.js';

export { IN_PACKED, NO_MEMORY } from './hash-task.js';

/** A run of consecutive items hashed by one task. */
export interface HashBatch {
  /** Position of the batch in the call, for error messages. */
  index: number;
  /** First item (inclusive). */
  start: number;
  /** One past the last item. */
  end: number;
  /** Total bytes of the batch's items. */
  bytes: number;
  /**
   * Room the batch's items that are not in shared memory need in the packed buffer: their bytes,
   * plus up to 7 bytes of alignment padding each (see `describeBatch`).
   */
  copyBytes: number;
}

/**
 * V8 copies word by word only when source and target offsets agree modulo 8 (byte by byte, several
 * times slower, otherwise), so copied items are placed to agree.
 */
const ALIGNMENT = 8;

/** Whether an item can be read by a worker where it lies. */
export function isShared(item: Uint8Array): boolean {
  return item.buffer instanceof SharedArrayBuffer;
}

/**
 * Groups consecutive items into batches of at least `minBatchBytes` (the last one may be
 * smaller). An item bigger than the minimum forms a batch of its own with the small items before it.
 */
export function planBatches(items: readonly Uint8Array[], minBatchBytes: number): HashBatch[] {
  const batches: HashBatch[] = [];
  let start = 0;
  let bytes = 0;
  let copyBytes = 0;
  for (let i = 0; i < items.length; i++) {
    const size = items[i].byteLength;
    bytes += size;
    if (!isShared(items[i]) && size > 0) copyBytes += size + ALIGNMENT - 1;
    if (bytes >= minBatchBytes) {
      batches.push({ index: batches.length, start, end: i + 1, bytes, copyBytes });
      start = i + 1;
      bytes = 0;
      copyBytes = 0;
    }
  }
  if (start < items.length) {
    batches.push({ index: batches.length, start, end: items.length, bytes, copyBytes });
  }
  return batches;
}

/**
 * The task for a batch. Shared items are referenced in place; the others are copied one after the
 * other (each aligned like its source) into `spare` when it holds `batch.copyBytes`, else into a
 * new buffer. Returns the task and the packed buffer, which the caller must put in `transferList`.
 */
export function describeBatch(
  items: readonly Uint8Array[],
  batch: HashBatch,
  algorithm: HashJob,
  spare?: ArrayBuffer,
): { task: HashTask; packed: ArrayBuffer | undefined } {
  const count = batch.end - batch.start;
  const task: HashTask = {
    algorithm,
    batch: batch.index,
    shared: [],
    memory: new Array<number>(count),
    offsets: new Array<number>(count),
    lengths: new Array<number>(count),
  };
  let packed: ArrayBuffer | undefined;
  let packedView: Uint8Array | undefined;
  if (batch.copyBytes > 0) {
    packed =
      spare !== undefined && spare.byteLength >= batch.copyBytes ? spare : new ArrayBuffer(batch.copyBytes);
    packedView = new Uint8Array(packed);
    task.packed = packed;
  }
  let copied = 0;
  let lastBuffer: SharedArrayBuffer | undefined;
  let lastIndex = -1;
  for (let i = 0; i < count; i++) {
    const item = items[batch.start + i];
    task.lengths[i] = item.byteLength;
    if (!isShared(item)) {
      if (packedView === undefined || item.byteLength === 0) {
        task.memory[i] = NO_MEMORY;
        task.offsets[i] = 0;
        continue;
      }
      copied += (item.byteOffset - copied) & (ALIGNMENT - 1);
      packedView.set(item, copied);
      task.memory[i] = IN_PACKED;
      task.offsets[i] = copied;
      copied += item.byteLength;
      continue;
    }
    const buffer = item.buffer as SharedArrayBuffer;
    if (buffer !== lastBuffer) {
      lastIndex = task.shared.indexOf(buffer);
      if (lastIndex < 0) lastIndex = task.shared.push(buffer) - 1;
      lastBuffer = buffer;
    }
    task.memory[i] = lastIndex;
    task.offsets[i] = item.byteOffset;
  }
  return { task, packed };
}

/** Copies a batch's digests into place; a worker that returned the wrong count is a failure of the batch. */
export function storeBatchDigests(
  digests: string[],
  batch: HashBatch,
  batchDigests: readonly string[],
): void {
  const expected = batch.end - batch.start;
  if (batchDigests.length !== expected) {
    throw new Error(`the worker returned ${batchDigests.length} digests for ${expected} items`);
  }
  for (let i = 0; i < expected; i++) digests[batch.start + i] = batchDigests[i];
}

/** A job's digests, in item order: SHA-256 or xxh64, or for `sha256+xxh64` the SHA-256s and the xxh64s. */
export interface JobDigests {
  digests: string[];
  xxh64?: string[];
}

/** Copies a batch's digests (both lists of a `sha256+xxh64` job) into the job's. */
export function storeBatchResult(job: JobDigests, batch: HashBatch, result: Readonly<JobDigests>): void {
  storeBatchDigests(job.digests, batch, result.digests);
  if (job.xxh64) storeBatchDigests(job.xxh64, batch, result.xxh64 ?? []);
}

/** The error a failed job rejects with: which batch (or the whole job) and why. */
export function jobFailure(
  algorithm: string,
  batchCount: number,
  batch: HashBatch | undefined,
  cause: unknown,
): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const what =
    batch === undefined
      ? `${algorithm} job of ${batchCount} batches`
      : `${algorithm} batch ${batch.index} of ${batchCount} ` +
        `(items ${batch.start}..${batch.end - 1}, ${batch.bytes} bytes)`;
  return new Error(`HashPool: ${what} failed: ${reason}`, { cause });
}

/** Whether most of a job's bytes would have to be copied for the workers. */
export function mostlyCopied(batches: readonly HashBatch[]): boolean {
  let total = 0;
  let copied = 0;
  for (const batch of batches) {
    total += batch.bytes;
    copied += batch.copyBytes;
  }
  return copied * 2 > total;
}
