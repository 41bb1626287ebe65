/**
 * Splitting a list of items into worker tasks and packing each task's bytes into one
 * buffer owned by the pool, so it can be transferred while the caller's buffers stay usable.
 */

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
}

/**
 * Groups consecutive items into batches of at least `minBatchBytes` (the last one may be
 * smaller). An item bigger than the minimum forms a batch of its own with the small items before it.
 */
export function planBatches(items: readonly Uint8Array[], minBatchBytes: number): HashBatch[] {
  const batches: HashBatch[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < items.length; i++) {
    bytes += items[i].byteLength;
    if (bytes >= minBatchBytes) {
      batches.push({ index: batches.length, start, end: i + 1, bytes });
      start = i + 1;
      bytes = 0;
    }
  }
  if (start < items.length) batches.push({ index: batches.length, start, end: items.length, bytes });
  return batches;
}

/**
 * Copies the batch's items back to back into `buffer` (a new one of exactly `batch.bytes` when none
 * is given or it is too small); returns the buffer used with each item's length.
 */
export function packBatch(
  items: readonly Uint8Array[],
  batch: HashBatch,
  reuse?: ArrayBuffer,
): { buffer: ArrayBuffer; lengths: number[] } {
  const buffer =
    reuse !== undefined && reuse.byteLength >= batch.bytes ? reuse : new ArrayBuffer(batch.bytes);
  const target = new Uint8Array(buffer);
  const lengths: number[] = new Array<number>(batch.end - batch.start);
  let offset = 0;
  for (let i = batch.start; i < batch.end; i++) {
    const item = items[i];
    target.set(item, offset);
    lengths[i - batch.start] = item.byteLength;
    offset += item.byteLength;
  }
  return { buffer, lengths };
}
