import { afterAll, describe, expect, it } from 'vitest';
import { HashPool, sha256Hex, xxh64Hex } from '../../src/catalog/index.js';
import { itemsOfSizes } from './helpers.js';

const pools: HashPool[] = [];
function newPool(options: ConstructorParameters<typeof HashPool>[0]): HashPool {
  const pool = new HashPool(options);
  pools.push(pool);
  return pool;
}

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
});

/** Items in one shared buffer, one after the other, at odd offsets. */
function sharedItems(sizes: readonly number[], seed = 1): Uint8Array[] {
  const total = sizes.reduce((sum, size) => sum + size + 1, 1);
  const backing = new Uint8Array(new SharedArrayBuffer(total));
  backing.set(itemsOfSizes([total], seed)[0]);
  const items: Uint8Array[] = [];
  let at = 1;
  for (const size of sizes) {
    items.push(backing.subarray(at, at + size));
    at += size + 1;
  }
  return items;
}

const inline = (items: readonly Uint8Array[]) => ({
  sha256: items.map((item) => sha256Hex(item)),
  xxh64: items.map((item) => xxh64Hex(item)),
});

describe('HashPool.hashBoth', () => {
  it('gives each item its SHA-256 and its xxh64, in input order, shared, copied or empty, wherever hashed', async () => {
    const plain = itemsOfSizes([0, 17, 70_000, 130_001, 3], 4);
    const shared = sharedItems([250_000, 0, 9, 300_000, 65_536]);
    const items = [
      shared[0],
      plain[0],
      plain[1],
      shared[1],
      shared[2],
      plain[2],
      shared[3],
      plain[3],
      shared[4],
      plain[4],
    ];
    const pool = newPool({ threads: 2, batchBytes: 64 * 1024, inlineBelowBytes: 0 });
    for (const mode of ['pool', 'inline', 'auto'] as const) {
      for (const callerHelps of [true, false]) {
        expect(await pool.hashBoth(items, { mode, callerHelps })).toEqual(inline(items));
      }
    }
    expect(await pool.hashBoth([], { mode: 'pool' })).toEqual({ sha256: [], xxh64: [] });
  });

  it('names the job and the batch when a worker fails', async () => {
    const items = sharedItems([200_000, 200_000, 200_000]);
    const pool = newPool({ threads: 1, batchBytes: 64 * 1024, inlineBelowBytes: 0 });
    await expect(pool.hashBoth(items, { mode: 'pool', failOnBatch: 1 })).rejects.toThrow(
      /sha256\+xxh64 batch 1 of 3 .*failure injected/,
    );
  });
});

describe('HashPool, for a caller busy elsewhere', () => {
  it('sends a job in shared memory in as many tasks as the workers hold at once (they never wait for the caller)', async () => {
    // 24 MiB would be 8 tasks of 3 MiB: the workers would wait for the busy caller to hand out the rest
    const items = sharedItems(new Array<number>(96).fill(256 * 1024));
    const pool = newPool({ threads: 1, inlineBelowBytes: 0 });
    // a batch index past the third does not exist, so the injected failure never happens
    expect(await pool.hashBoth(items, { mode: 'pool', callerHelps: false, failOnBatch: 3 })).toEqual(
      inline(items),
    );
    await expect(pool.hashBoth(items, { mode: 'pool', callerHelps: false, failOnBatch: 2 })).rejects.toThrow(
      /batch 2 of 3/,
    );
  });

  it('still cuts a job that must be copied into tasks of a few MiB (each task holds a copy of its items)', async () => {
    const items = itemsOfSizes(new Array<number>(96).fill(256 * 1024), 3);
    const pool = newPool({ threads: 1, inlineBelowBytes: 0 });
    await expect(
      pool.hashAll(items, { algorithm: 'sha256', mode: 'pool', callerHelps: false, failOnBatch: 3 }),
    ).rejects.toThrow(/batch 3 of 8 /);
  });
});
