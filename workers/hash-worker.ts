/**
 * Piscina worker: hashes one batch of items, read in shared memory where they lie or in the
 * transferred buffer they were copied into.
 * It loads nothing from `src` at run time but the task module, which imports nothing.
 */
import * as crypto from 'node:crypto';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import xxhash from 'xxhash-wasm';
import { IN_PACKED, NO_MEMORY, type HashTask, type HashTaskResult } from '../src/catalog/hash-task.js';

/** node:crypto's one-shot `hash` (Node 20.12 and later), faster than `createHash` on small items. */
const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'hex') => string }).hash;
const sha256Hex = oneShot
  ? (item: Uint8Array) => oneShot('sha256', item, 'hex')
  : (item: Uint8Array) => crypto.createHash('sha256').update(item).digest('hex');

let xxh64Raw: Promise<(input: Uint8Array) => bigint> | undefined;

function loadXxh64(): Promise<(input: Uint8Array) => bigint> {
  xxh64Raw ??= xxhash().then((api) => (input: Uint8Array) => api.h64Raw(input));
  return xxh64Raw;
}

// compiled as the thread starts (see hash-worker-entry.cts); a failure is the first xxh64 task's
loadXxh64().catch(() => undefined);

const EMPTY = new Uint8Array(0);

/** The hex xxh64 of an item. */
async function xxh64Hasher(): Promise<(item: Uint8Array) => string> {
  const h64 = await loadXxh64();
  return (item) => h64(item).toString(16).padStart(16, '0');
}

/** Each item of the task, in order: a view where it lies (an empty one for `NO_MEMORY`). */
function* itemsOf(task: HashTask): Generator<Uint8Array> {
  const views = task.shared.map((buffer) => new Uint8Array(buffer));
  const packed = task.packed === undefined ? EMPTY : new Uint8Array(task.packed);
  for (let i = 0; i < task.lengths.length; i++) {
    const memory = task.memory[i];
    if (memory === NO_MEMORY) {
      yield EMPTY;
      continue;
    }
    const view = memory === IN_PACKED ? packed : views[memory];
    const offset = task.offsets[i];
    const end = offset + task.lengths[i];
    if (view === undefined || end > view.byteLength) {
      throw new Error(
        `hash worker: batch ${task.batch} item ${i} lies at ${offset}..${end} outside its buffer`,
      );
    }
    yield view.subarray(offset, end);
  }
}

/**
 * Hashes every item of the batch and returns the hex digests in order (for `sha256+xxh64`, the
 * SHA-256s in `digests` and the xxh64s in `xxh64`, each item read once for both), with the packed
 * buffer moved back (a top-level transferable: a `move()` nested inside the result would be copied).
 */
export default async function hashBatch(task: HashTask): Promise<unknown> {
  if (task.fail === 'exit') process.exit(70);
  if (task.fail === 'throw') throw new Error(`hash worker: failure injected on batch ${task.batch}`);

  const both = task.algorithm === 'sha256+xxh64';
  const xxh64Hex = task.algorithm === 'sha256' ? undefined : await xxh64Hasher();
  const digests: string[] = [];
  const xxh64s: string[] = [];
  for (const item of itemsOf(task)) {
    if (xxh64Hex === undefined || both) digests.push(sha256Hex(item));
    if (xxh64Hex !== undefined) (both ? xxh64s : digests).push(xxh64Hex(item));
  }
  const result: HashTaskResult = both ? { digests, xxh64: xxh64s } : { digests };
  result.packed = task.packed;
  if (task.packed === undefined) return result;
  return move({ [transferableSymbol]: [task.packed], [valueSymbol]: result });
}
