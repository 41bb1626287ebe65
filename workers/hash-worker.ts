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

const EMPTY = new Uint8Array(0);

/**
 * Hashes every item of the batch and returns the hex digests in order, with the packed buffer
 * moved back (a top-level transferable: a `move()` nested inside the result would be copied).
 */
export default async function hashBatch(task: HashTask): Promise<unknown> {
  if (task.fail === 'exit') process.exit(70);
  if (task.fail === 'throw') throw new Error(`hash worker: failure injected on batch ${task.batch}`);

  const hashOne =
    task.algorithm === 'sha256'
      ? sha256Hex
      : await loadXxh64().then((h64) => (item: Uint8Array) => h64(item).toString(16).padStart(16, '0'));
  const views = task.shared.map((buffer) => new Uint8Array(buffer));
  const packed = task.packed === undefined ? EMPTY : new Uint8Array(task.packed);
  const digests: string[] = new Array<string>(task.lengths.length);
  for (let i = 0; i < task.lengths.length; i++) {
    const memory = task.memory[i];
    if (memory === NO_MEMORY) {
      digests[i] = hashOne(EMPTY);
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
    digests[i] = hashOne(view.subarray(offset, end));
  }
  const result: HashTaskResult = { digests, packed: task.packed };
  if (task.packed === undefined) return result;
  return move({ [transferableSymbol]: [task.packed], [valueSymbol]: result });
}
