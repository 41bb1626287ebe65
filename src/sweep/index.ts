/**
 * Sweeps: crash sweeps (a power cut at every change of an install, uninstall or boot, and inside
 * its recovery) and fleet sweeps (a package and steps on every machine of a fleet), run on local
 * threads or on a BullMQ queue, recorded in a JSON-lines results file that a stopped sweep resumes.
 */
export { planCrashSweep, planFleetSweep } from './plan.js';
export type { CrashSweepOptions, SweepPlan } from './plan.js';
export { parseFleetSpec, expandMachines } from './fleet-spec.js';
export type { FleetSpecFile } from './fleet-spec.js';
export { runSweep } from './sweep.js';
export type { RunSweepOptions } from './sweep.js';
export { LocalExecutor } from './executor.js';
export type { Executor, TaskDone } from './executor.js';
export { QueueExecutor } from './queue-executor.js';
export type { QueueExecutorOptions } from './queue-executor.js';
export { startQueueWorker } from './queue-worker.js';
export type { QueueWorker, QueueWorkerOptions } from './queue-worker.js';
export { DEFAULT_QUEUE_NAME, redisConnection } from './queue-connection.js';
export { readResults, ResultsFile } from './results.js';
export type { MachineLine, PointLine, ResultLine, SweepHeader } from './results.js';
export { summarize, summaryText } from './summary.js';
export type { CrashSummary, FleetSummary, SweepSummary, Counts } from './summary.js';
export { progressText } from './progress.js';
export type { SweepProgress } from './progress.js';
export { digestOf } from './inputs.js';
export { sweepReportHtml } from './report-html.js';
export type * from './types.js';
