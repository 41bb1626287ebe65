/**
 * Piscina worker: hashes one batch of items that lie in shared memory.
 * Self-contained on purpose: it loads nothing from `src` at run time.
 */
import { createHash } from 'node:crypto';
import xxhash from 'xxhash-wasm';
import type { HashTask, HashTaskResult } from '../src/catalog/hash-task.js';

let xxh64Raw: Promise<(input: Uint8Array) => bigint> | undefined;

function loadXxh64(): Promise<(input: Uint8Array) => bigint> {
  xxh64Raw ??= xxhash().then((api) => (input: Uint8Array) => api.h64Raw(input));
  return xxh64Raw;
}

const EMPTY = new Uint8Array(0);

/** Hashes every item of the batch where it lies and returns the hex digests in order. */
export default async function hashBatch(task: HashTask): Promise<HashTaskResult> {
  if (task.fail === 'exit') process.exit(70);
  if (task.fail === 'throw') throw new Error(`hash worker: failure injected on batch ${task.batch}`);

  const hashOne =
    task.algorithm === 'sha256'
      ? (item: Uint8Array) => createHash('sha256').update(item).digest('hex')
      : await loadXxh64().then((h64) => (item: Uint8Array) => h64(item).toString(16).padStart(16, '0'));
  const views = task.buffers.map((buffer) => new Uint8Array(buffer));
  const digests: string[] = new Array<string>(task.lengths.length);
  for (let i = 0; i < task.lengths.length; i++) {
    const memory = task.memory[i];
    if (memory < 0) {
      digests[i] = hashOne(EMPTY);
      continue;
    }
    const view = views[memory];
    const offset = task.offsets[i];
    const end = offset + task.lengths[i];
    if (view === undefined || end > view.byteLength) {
      throw new Error(
        `hash worker: batch ${task.batch} item ${i} lies at ${offset}..${end} outside its shared buffer`,
      );
    }
    digests[i] = hashOne(view.subarray(offset, end));
  }
  return { digests };
}
