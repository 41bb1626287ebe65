import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { HashPool, initHashing, sha256Hex, xxh64Hex } from '../../src/catalog/index.js';
import { itemsOfSizes } from './helpers.js';

const MIXED_SIZES = [0, 1, 17, 4096, 70_000, 3, 250_000, 0, 1_000_000, 12, 65_536, 9, 300_000, 5];
const pools: HashPool[] = [];
function toShared(item: Uint8Array): Uint8Array {
  const shared = new Uint8Array(new SharedArrayBuffer(item.byteLength + 3), 3);
  shared.set(item);
  return shared;
}
/** A pool that sends even small jobs to its workers, in small batches. */
function eagerPool(threads = 2): HashPool {
  const pool = new HashPool({ threads, batchBytes: 64 * 1024, inlineBelowBytes: 0 });
  pools.push(pool);
  return pool;
}

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
});

describe('HashPool', () => {
  it('gives the same SHA-256 digests as inline, in input order, for mixed sizes', async () => {
    const items = itemsOfSizes(MIXED_SIZES);
    const digests = await eagerPool().hashAll(items, { algorithm: 'sha256', mode: 'pool' });
    expect(digests).toEqual(items.map((item) => sha256Hex(item)));
  });

  it('gives the same xxh64 digests as inline, in input order, for mixed sizes', async () => {
    await initHashing();
    const items = itemsOfSizes(MIXED_SIZES, 2);
    const digests = await eagerPool().hashAll(items, { algorithm: 'xxh64', mode: 'pool' });
    expect(digests).toEqual(items.map((item) => xxh64Hex(item)));
  });

  it('agrees with inline for random item sizes and batch sizes', async () => {
    const pool = new HashPool({ threads: 2, batchBytes: 5000, inlineBelowBytes: 0 });
    pools.push(pool);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(20_000), { maxLength: 40 }), fc.nat(1000), async (sizes, seed) => {
        const items = itemsOfSizes(sizes, seed);
        const digests = await pool.hashAll(items, { algorithm: 'sha256', mode: 'pool' });
        expect(digests).toEqual(items.map((item) => sha256Hex(item)));
      }),
      { numRuns: 25 },
    );
  });

  it("never detaches or changes the caller's buffers, including views into a shared buffer", async () => {
    const backing = itemsOfSizes([600_000])[0];
    const items = [
      backing.subarray(0, 200_000),
      backing.subarray(200_000, 450_000),
      backing.subarray(450_000),
    ];
    const before = backing.slice();
    await eagerPool().hashAll(items, { algorithm: 'sha256', mode: 'pool' });
    expect(backing.buffer.byteLength).toBe(600_000);
    expect(items.map((item) => item.byteLength)).toEqual([200_000, 250_000, 150_000]);
    expect(Buffer.from(backing.buffer).equals(before)).toBe(true);
  });

  it('hashes items in shared memory where they lie, mixed with copied ones, for both algorithms', async () => {
    const shared = new Uint8Array(new SharedArrayBuffer(900_000));
    shared.set(itemsOfSizes([900_000], 5)[0]);
    const before = shared.slice();
    const plain = itemsOfSizes([70_000, 0, 130_001], 6);
    const items = [shared.subarray(3, 300_000), plain[0], shared.subarray(300_000), plain[1], plain[2]];
    const pool = eagerPool();
    for (const algorithm of ['sha256', 'xxh64'] as const) {
      const inline = items.map((item) => (algorithm === 'sha256' ? sha256Hex(item) : xxh64Hex(item)));
      expect(await pool.hashAll(items, { algorithm, mode: 'pool' })).toEqual(inline);
    }
    expect(shared).toEqual(before);
    expect(plain[0].byteLength).toBe(70_000);
  });

  it('sends a big xxh64 job to the workers in auto mode when it lies in shared memory', async () => {
    const pool = new HashPool({ threads: 2, workerFile: '/nonexistent/hash-worker.js' });
    pools.push(pool);
    const shared = new Uint8Array(new SharedArrayBuffer(12 << 20));
    const items = Array.from({ length: 12 }, (_, i) => shared.subarray(i << 20, (i + 1) << 20));
    await expect(pool.hashAll(items, { algorithm: 'xxh64' })).rejects.toThrow(/worker file not found/);
  });

  it('agrees with inline whether or not the calling thread helps, in order', async () => {
    const pool = eagerPool();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(200_000), { minLength: 1, maxLength: 30 }),
        fc.boolean(),
        fc.boolean(),
        async (sizes, callerHelps, shared) => {
          const plain = itemsOfSizes(sizes, sizes.length);
          const items = shared ? plain.map(toShared) : plain;
          const digests = await pool.hashAll(items, { algorithm: 'sha256', mode: 'pool', callerHelps });
          expect(digests).toEqual(plain.map((item) => sha256Hex(item)));
        },
      ),
      { numRuns: 20 },
    );
  });

  it('splits a job between the workers (from the start) and the calling thread (from the end)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'svcpack-hash-'));
    const workerFile = join(dir, 'marking-worker.mjs');
    writeFileSync(workerFile, "export default (task) => ({ digests: task.lengths.map(() => 'worker') });\n");
    const pool = new HashPool({ threads: 1, batchBytes: 64 * 1024, inlineBelowBytes: 0, workerFile });
    pools.push(pool);
    try {
      const items = itemsOfSizes(new Array<number>(64).fill(64 * 1024));
      const helped = await pool.hashAll(items, { algorithm: 'sha256', mode: 'pool', callerHelps: true });
      const byCaller = helped.map((digest) => digest !== 'worker');
      expect(byCaller[0]).toBe(false);
      expect(byCaller[63]).toBe(true);
      // One cut: the workers' part first, then the caller's, each digest the caller made correct.
      expect(byCaller.findIndex((own) => own)).toBe(byCaller.lastIndexOf(false) + 1);
      helped.forEach((digest, i) => byCaller[i] && expect(digest).toBe(sha256Hex(items[i])));
      const alone = await pool.hashAll(items, { algorithm: 'sha256', mode: 'pool', callerHelps: false });
      expect(alone.every((digest) => digest === 'worker')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves the batch a test hook makes fail to the workers, even at the end the caller takes from', async () => {
    const items = itemsOfSizes(new Array<number>(16).fill(64 * 1024));
    await expect(
      eagerPool().hashAll(items, { algorithm: 'sha256', mode: 'pool', callerHelps: true, failOnBatch: 15 }),
    ).rejects.toThrow(/sha256 batch 15 of 16 .*injected/);
  });

  it('returns an empty list for no items', async () => {
    expect(await eagerPool().hashAll([], { algorithm: 'sha256', mode: 'pool' })).toEqual([]);
  });

  it('keeps small jobs, and xxh64 that must be copied, inline in auto mode', async () => {
    const pool = new HashPool({ threads: 2, workerFile: '/nonexistent/hash-worker.js' });
    pools.push(pool);
    const small = itemsOfSizes([100, 2000, 30_000]);
    expect(await pool.hashAll(small, { algorithm: 'sha256' })).toEqual(small.map((item) => sha256Hex(item)));
    const big = itemsOfSizes(new Array<number>(12).fill(1 << 20));
    for (const callerHelps of [false, true]) {
      expect(await pool.hashAll(big, { algorithm: 'xxh64', callerHelps })).toEqual(
        big.map((item) => xxh64Hex(item)),
      );
    }
    // Big SHA-256 jobs otherwise go to the (missing) worker.
    await expect(pool.hashAll(big, { algorithm: 'sha256' })).rejects.toThrow(/worker file not found/);
  });

  it('rejects, and does not hang, when the worker file fails to load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'svcpack-hash-'));
    const workerFile = join(dir, 'broken-worker.mjs');
    writeFileSync(workerFile, "throw new Error('broken worker module');\n");
    const pool = new HashPool({ threads: 2, batchBytes: 1000, inlineBelowBytes: 0, workerFile });
    pools.push(pool);
    try {
      await expect(pool.hashAll(itemsOfSizes([5000, 5000, 5000]), { algorithm: 'sha256' })).rejects.toThrow(
        /HashPool: sha256 .*failed: .*broken worker module/,
      );
      await pool.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects, and does not hang, when the code behind the built worker entry cannot load (it loads as the thread starts)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'svcpack-hash-'));
    // the built entry alone, without the hash-worker.js it imports
    const workerFile = join(dir, 'hash-worker-entry.cjs');
    writeFileSync(
      workerFile,
      readFileSync(new URL('../../dist/workers/hash-worker-entry.cjs', import.meta.url)),
    );
    const pool = new HashPool({ threads: 1, batchBytes: 1000, inlineBelowBytes: 0, workerFile });
    pools.push(pool);
    try {
      await pool.start();
      await expect(
        pool.hashAll(itemsOfSizes([5000, 5000, 5000]), { algorithm: 'sha256', mode: 'pool' }),
      ).rejects.toThrow(/HashPool: sha256 .*failed: .*hash-worker\.js/);
      await pool.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects with an error naming the batch when a worker throws, then keeps working', async () => {
    const pool = eagerPool();
    const items = itemsOfSizes(MIXED_SIZES);
    await expect(
      pool.hashAll(items, { algorithm: 'sha256', mode: 'pool', failOnBatch: 2, failHow: 'throw' }),
    ).rejects.toThrow(/sha256 batch 2 of \d+ \(items \d+\.\.\d+, \d+ bytes\) failed: .*injected/);
    expect(await pool.hashAll(items, { algorithm: 'sha256', mode: 'pool' })).toEqual(
      items.map((item) => sha256Hex(item)),
    );
  });

  it('rejects with an error naming the batch when a worker thread exits, then closes', async () => {
    const pool = eagerPool();
    const items = itemsOfSizes(MIXED_SIZES);
    await expect(
      pool.hashAll(items, { algorithm: 'xxh64', mode: 'pool', failOnBatch: 0, failHow: 'exit' }),
    ).rejects.toThrow(/xxh64 batch 0 of \d+ .*failed: .*exit/);
    await pool.close();
    expect(pool.closed).toBe(true);
  });

  it('start() runs one empty task on each worker thread before any job, and the jobs still agree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'svcpack-hash-'));
    const log = join(dir, 'tasks.log');
    const workerFile = join(dir, 'logging-worker.mjs');
    writeFileSync(
      workerFile,
      "import { appendFileSync } from 'node:fs'; import { threadId } from 'node:worker_threads';\n" +
        `export default (task) => { appendFileSync(${JSON.stringify(log)}, \`\${threadId} \${task.lengths.length}\\n\`); ` +
        "return { digests: task.lengths.map(() => 'worker') }; };\n",
    );
    const pool = new HashPool({ threads: 2, workerFile });
    pools.push(pool);
    try {
      await pool.start();
      const tasks = readFileSync(log, 'utf8').trim().split('\n');
      expect(tasks).toHaveLength(2);
      expect(new Set(tasks.map((line) => line.split(' ')[0])).size).toBe(2);
      expect(tasks.every((line) => line.endsWith(' 0'))).toBe(true);
      const real = eagerPool();
      await real.start();
      const items = itemsOfSizes(MIXED_SIZES);
      expect(await real.hashAll(items, { algorithm: 'sha256' })).toEqual(
        items.map((item) => sha256Hex(item)),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('start() never rejects: a worker that cannot load fails the first job, and a closed pool starts nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'svcpack-hash-'));
    const workerFile = join(dir, 'broken-worker.mjs');
    writeFileSync(workerFile, "throw new Error('broken worker module');\n");
    const broken = new HashPool({ threads: 2, batchBytes: 1000, inlineBelowBytes: 0, workerFile });
    const missing = new HashPool({ threads: 1, workerFile: join(dir, 'missing.mjs') });
    pools.push(broken, missing);
    try {
      await expect(broken.start()).resolves.toBeUndefined();
      await expect(broken.hashAll(itemsOfSizes([5000, 5000, 5000]), { algorithm: 'sha256' })).rejects.toThrow(
        /broken worker module/,
      );
      await expect(missing.start()).resolves.toBeUndefined();
      const closed = eagerPool();
      await closed.close();
      await expect(closed.start()).resolves.toBeUndefined();
      await expect(closed.hashAll([new Uint8Array(1)], { algorithm: 'sha256' })).rejects.toThrow(/closed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('close() twice is safe, and a closed pool refuses new jobs', async () => {
    const pool = eagerPool();
    await pool.hashAll(itemsOfSizes([200_000, 200_000]), { algorithm: 'sha256', mode: 'pool' });
    await pool.close();
    await pool.close();
    await expect(pool.hashAll([new Uint8Array(1)], { algorithm: 'sha256' })).rejects.toThrow(/closed/);
  });

  it('close() on a pool that never started threads resolves', async () => {
    const pool = new HashPool();
    await expect(Promise.all([pool.close(), pool.close()])).resolves.toBeDefined();
  });

  it('defaults to one worker per core but one (the caller hashes too)', async () => {
    const { availableParallelism } = await import('node:os');
    const pool = new HashPool();
    expect(pool.threads).toBe(Math.max(1, availableParallelism() - 1));
    expect(pool.batchBytes).toBe(1 << 20);
    await pool.close();
  });
});
