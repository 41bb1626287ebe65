/**
 * Piscina worker: hashes one batch of items packed in a transferred buffer.
 * Self-contained on purpose: it loads nothing from `src` at run time.
 */
import { createHash } from 'node:crypto';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import xxhash from 'xxhash-wasm';
import type { HashTask, HashTaskResult } from '../src/catalog/hash-task.js';

let xxh64Raw: Promise<(input: Uint8Array) => bigint> | undefined;

function loadXxh64(): Promise<(input: Uint8Array) => bigint> {
  xxh64Raw ??= xxhash().then((api) => (input: Uint8Array) => api.h64Raw(input));
  return xxh64Raw;
}

/**
 * Hashes every item of the batch and returns the hex digests in order, with the buffer moved back
 * (a top-level transferable: a `move()` nested inside the result would be copied instead).
 */
export default async function hashBatch(task: HashTask): Promise<unknown> {
  if (task.fail === 'exit') process.exit(70);
  if (task.fail === 'throw') throw new Error(`hash worker: failure injected on batch ${task.batch}`);

  const bytes = new Uint8Array(task.buffer);
  const digests: string[] = new Array<string>(task.lengths.length);
  const hashOne =
    task.algorithm === 'sha256'
      ? (item: Uint8Array) => createHash('sha256').update(item).digest('hex')
      : await loadXxh64().then((h64) => (item: Uint8Array) => h64(item).toString(16).padStart(16, '0'));

  let offset = 0;
  for (let i = 0; i < task.lengths.length; i++) {
    const length = task.lengths[i];
    digests[i] = hashOne(bytes.subarray(offset, offset + length));
    offset += length;
  }
  if (offset > bytes.byteLength) {
    throw new Error(
      `hash worker: batch ${task.batch} holds ${bytes.byteLength} bytes but its lengths add up to ${offset}`,
    );
  }
  const result: HashTaskResult = { digests, buffer: task.buffer };
  return move({ [transferableSymbol]: [task.buffer], [valueSymbol]: result });
}
