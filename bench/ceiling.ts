/**
 * What parallelism this machine can give at all: the same work on the main thread one after the
 * other, then on two raw worker threads at once (data transferred, no pool, no copies). Run for
 * native SHA-256 and for a plain integer loop, so a pool's speed-up can be read against the ceiling.
 */
import { Worker } from 'node:worker_threads';
import { createHash } from 'node:crypto';

const WORKER = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
parentPort.on('message', (task) => {
  if (task.kind === 'sha256') parentPort.postMessage(createHash('sha256').update(task.bytes).digest('hex'));
  else { let x = 0; for (let i = 0; i < task.n; i++) x = (x * 31 + i) | 0; parentPort.postMessage(x); }
});`;

function spin(n: number): number {
  let x = 0;
  for (let i = 0; i < n; i++) x = (x * 31 + i) | 0;
  return x;
}

/** One row: sequential ms, parallel ms, and the speed-up two threads give. */
export interface CeilingRow {
  work: string;
  sequentialMs: number;
  parallelMs: number;
  speedup: number;
}

/** Measures the two-thread ceiling for SHA-256 over `bytes` per thread and for an integer loop. */
export async function measureCeiling(bytes = 256 << 20, loop = 400_000_000): Promise<CeilingRow[]> {
  const workers = [new Worker(WORKER, { eval: true }), new Worker(WORKER, { eval: true })];
  const run = (w: Worker, task: object, transfer: ArrayBuffer[] = []): Promise<unknown> =>
    new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
      w.postMessage(task, transfer);
    });
  try {
    await Promise.all(workers.map((w) => run(w, { kind: 'spin', n: 1000 })));
    const data = Buffer.alloc(bytes, 7);
    let start = performance.now();
    createHash('sha256').update(data).digest('hex');
    createHash('sha256').update(data).digest('hex');
    const shaSequential = performance.now() - start;
    const parts = [new Uint8Array(bytes).fill(7), new Uint8Array(bytes).fill(7)];
    start = performance.now();
    await Promise.all(workers.map((w, i) => run(w, { kind: 'sha256', bytes: parts[i] }, [parts[i].buffer])));
    const shaParallel = performance.now() - start;
    start = performance.now();
    spin(loop);
    spin(loop);
    const spinSequential = performance.now() - start;
    start = performance.now();
    await Promise.all(workers.map((w) => run(w, { kind: 'spin', n: loop })));
    const spinParallel = performance.now() - start;
    return [
      {
        work: `native SHA-256, 2 x ${bytes >> 20} MiB`,
        sequentialMs: shaSequential,
        parallelMs: shaParallel,
        speedup: shaSequential / shaParallel,
      },
      {
        work: `integer loop, 2 x ${loop}`,
        sequentialMs: spinSequential,
        parallelMs: spinParallel,
        speedup: spinSequential / spinParallel,
      },
    ];
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
