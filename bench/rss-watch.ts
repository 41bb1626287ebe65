/**
 * The peak resident memory of this process during a piece of work, synchronous or not. A worker
 * thread samples the process's RSS every few milliseconds into shared memory: it keeps sampling
 * while the main thread is busy, where a timer on the main thread would not run. The CPU time is the
 * whole process's (every thread, the sampler's too), split into user and system (the kernel's work:
 * system calls, and the page faults of memory touched for the first time). Each measure begins once
 * the sampler runs.
 */
import { Worker } from 'node:worker_threads';

const SAMPLER = `
const { workerData, parentPort } = require('node:worker_threads');
const peak = new Float64Array(workerData);
setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss > peak[0]) peak[0] = rss;
}, 2);
parentPort.postMessage('sampling');
`;

/** Starts the sampler; `measure` runs work and gives its time and the peak RSS while it ran. */
export function watchRss(): {
  measure<T>(work: () => T | Promise<T>): Promise<{
    result: T;
    ms: number;
    peakBytes: number;
    startBytes: number;
    userMs: number;
    systemMs: number;
  }>;
  close(): Promise<number>;
} {
  const shared = new SharedArrayBuffer(8);
  const peak = new Float64Array(shared);
  const worker = new Worker(SAMPLER, { eval: true, workerData: shared });
  // a thread starting takes tens of milliseconds of CPU: not inside the first measure (a cold load's)
  const sampling = new Promise<void>((resolve, reject) => {
    worker.once('message', () => {
      worker.unref();
      resolve();
    });
    worker.once('error', reject);
  });
  return {
    async measure(work) {
      await sampling;
      const startBytes = process.memoryUsage.rss();
      peak[0] = startBytes;
      const cpuBefore = process.cpuUsage();
      const start = performance.now();
      const result = await work();
      const ms = performance.now() - start;
      const cpu = process.cpuUsage(cpuBefore);
      // the last sample may be up to one period old: take the RSS now too
      const peakBytes = Math.max(peak[0], process.memoryUsage.rss());
      return { result, ms, peakBytes, startBytes, userMs: cpu.user / 1000, systemMs: cpu.system / 1000 };
    },
    close: () => worker.terminate(),
  };
}
