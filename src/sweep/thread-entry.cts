/**
 * The file piscina loads for a sweep thread. CommonJS on purpose: piscina `require()`s its worker
 * file before it tries `import()`, and on Node 20.19 and later a `require()` of an ES module aborts
 * the whole process (a V8 fatal error, not an exception) when the thread is terminated while the
 * module is instantiated, as when a pool is destroyed while its threads still start. This file
 * loads as plain CommonJS; the ES module behind it comes in through `import()`.
 */
import type { SweepTask, TaskResult } from './types.js';

type SweepThread = (task: SweepTask) => Promise<TaskResult>;

let loaded: Promise<SweepThread> | undefined;

function sweepThreadEntry(task: SweepTask): Promise<TaskResult> {
  loaded ??= import('./thread.js').then((module) => module.default);
  return loaded.then((run) => run(task));
}

export = sweepThreadEntry;
