/**
 * The file piscina loads for a hash worker. CommonJS on purpose: piscina `require()`s its worker
 * file before it tries `import()`, and on Node 20.19 and later a `require()` of an ES module aborts
 * the whole process (a V8 fatal error, not an exception) when the thread is terminated while the
 * module is instantiated, as when a failed job's pool is destroyed while other threads still start.
 * This file loads as plain CommonJS; the ES module behind it comes in through `import()`.
 */
import type { HashTask } from '../src/catalog/hash-task.js';

type HashBatch = (task: HashTask) => Promise<unknown>;

/**
 * The code behind the handler, loading as the thread starts rather than on its first task. The
 * thread's first task comes only once the calling thread has seen it ready, which a busy command
 * sees late (measured: about 120 ms), and the loading (about 75 ms) goes on meanwhile: the pool's
 * threads wait for tasks without blocking their event loop (`atomics: 'async'` in hash-pool.ts).
 */
const loaded: Promise<HashBatch> = import('./hash-worker.js').then((module) => module.default);
// a failure to load is the first task's to report
loaded.catch(() => undefined);

function hashWorkerEntry(task: HashTask): Promise<unknown> {
  return loaded.then((run) => run(task));
}

export = hashWorkerEntry;
