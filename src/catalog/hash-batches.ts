/**
 * Splitting a list of items into worker tasks, and describing each task's items as runs of
 * shared memory: items already in a `SharedArrayBuffer` are referenced where they lie, the
 * others are copied into one shared slab owned by the pool.
 */
import type { HashAlgorithm, HashTask } from './hash-task.js';

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
   * Room the batch's items that are not in shared memory need in a slab: their bytes, plus up to
   * 7 bytes of alignment padding each (see `describeBatch`).
   */
  copyBytes: number;
}

/** `HashTask.memory` of an empty item that is not in shared memory: nothing to read. */
export const NO_MEMORY = -1;

/**
 * V8 copies into shared memory word by word only when source and target offsets agree modulo 8;
 * otherwise byte by byte, about five times slower. Copied items are placed to agree.
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
 * The task for a batch. Shared items are referenced in place; the others are copied one after
 * the other (each aligned like its source) into `slab` (which must hold `batch.copyBytes`; a new one is made when none is given or it is too small).
 * Returns the task and the slab used, if any, so the pool can reuse it once the task has settled.
 */
export function describeBatch(
  items: readonly Uint8Array[],
  batch: HashBatch,
  algorithm: HashAlgorithm,
  slab?: SharedArrayBuffer,
): { task: HashTask; slab: SharedArrayBuffer | undefined } {
  const count = batch.end - batch.start;
  const task: HashTask = {
    algorithm,
    batch: batch.index,
    buffers: [],
    memory: new Array<number>(count),
    offsets: new Array<number>(count),
    lengths: new Array<number>(count),
  };
  let copyTarget: Uint8Array | undefined;
  let copyIndex = -1;
  if (batch.copyBytes > 0) {
    const target =
      slab !== undefined && slab.byteLength >= batch.copyBytes
        ? slab
        : new SharedArrayBuffer(batch.copyBytes);
    copyTarget = new Uint8Array(target);
    copyIndex = task.buffers.push(target) - 1;
    slab = target;
  } else {
    slab = undefined;
  }
  let copied = 0;
  let lastBuffer: SharedArrayBuffer | undefined;
  let lastIndex = -1;
  for (let i = 0; i < count; i++) {
    const item = items[batch.start + i];
    task.lengths[i] = item.byteLength;
    if (!isShared(item)) {
      if (copyTarget === undefined || item.byteLength === 0) {
        task.memory[i] = NO_MEMORY;
        task.offsets[i] = 0;
        continue;
      }
      copied += (item.byteOffset - copied) & (ALIGNMENT - 1);
      copyTarget.set(item, copied);
      task.memory[i] = copyIndex;
      task.offsets[i] = copied;
      copied += item.byteLength;
      continue;
    }
    const buffer = item.buffer as SharedArrayBuffer;
    if (buffer !== lastBuffer) {
      lastIndex = task.buffers.indexOf(buffer);
      if (lastIndex < 0) lastIndex = task.buffers.push(buffer) - 1;
      lastBuffer = buffer;
    }
    task.memory[i] = lastIndex;
    task.offsets[i] = item.byteOffset;
  }
  return { task, slab };
}
