/**
 * The file piscina loads for a hash worker. CommonJS on purpose: piscina `require()`s its worker
 * file before it tries `import()`, and on Node 20.19 and later a `require()` of an ES module aborts
 * the whole process (a V8 fatal error, not an exception) when the thread is terminated while the
 * module is instantiated, as when a failed job's pool is destroyed while other threads still start.
 * This file loads as plain CommonJS; the ES module behind it comes in through `import()`.
 */
import type { HashTask } from '../src/catalog/hash-task.js';

type HashBatch = (task: HashTask) => Promise<unknown>;

let loaded: Promise<HashBatch> | undefined;

function hashWorkerEntry(task: HashTask): Promise<unknown> {
  loaded ??= import('./hash-worker.js').then((module) => module.default);
  return loaded.then((run) => run(task));
}

export = hashWorkerEntry;
