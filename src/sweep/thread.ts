/**
 * Piscina entry of sweep threads: runs one task. Each thread decodes each input once (from the
 * cache folder its pool names in `workerData`) and keeps it for the tasks after.
 */
import { workerData } from 'node:worker_threads';
import { DecodedInputs } from './inputs.js';
import { runTask } from './run-task.js';
import type { SweepTask, TaskResult } from './types.js';

const inputs = new DecodedInputs((workerData as { cacheDir: string }).cacheDir);

export default function sweepThread(task: SweepTask): Promise<TaskResult> {
  return runTask(task, inputs);
}
