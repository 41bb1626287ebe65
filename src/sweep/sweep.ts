/** Runs a planned sweep on an executor into a results file, resuming what the file already holds. */
import type { Executor } from './executor.js';
import type { SweepPlan } from './plan.js';
import { ProgressCounter, type SweepProgress } from './progress.js';
import { readResults, ResultsFile, type ResultLine } from './results.js';
import { summarize, type SweepSummary } from './summary.js';
import { machineResultOf, type SweepTask } from './types.js';

export interface RunSweepOptions {
  /** The JSON-lines results file (created, or resumed when it holds this sweep). */
  results: string;
  executor: Executor;
  onProgress?: (progress: SweepProgress) => void;
}

const failed = (line: ResultLine) =>
  line.type === 'point' ? line.outcome === 'failed' : line.failures.length > 0;

/** The lines of a task that failed outright (its executor gave up on it): every unit failed. */
function failedTaskLines(plan: SweepPlan, task: SweepTask, error: string): ResultLine[] {
  if (task.kind === 'crash')
    return plan.lines(task, {
      kind: 'crash',
      points: task.points.map((point) => ({
        point,
        outcome: 'failed',
        recoveryChanges: 0,
        recoveryCuts: 0,
        failures: [error],
      })),
    });
  return plan.lines(task, {
    kind: 'fleet',
    machines: task.machines.map((machine) => machineResultOf(machine, '', 'failed', [error])),
  });
}

/**
 * Heaviest first: a crash task's cost grows with its cut points (a longer install before the cut,
 * a longer recovery after it), and executors take tasks in order, so the last task a thread takes
 * is a light one and the other thread is not left waiting on a heavy one at the end.
 */
function heaviestFirst(tasks: SweepTask[]): SweepTask[] {
  const weight = (task: SweepTask) =>
    task.kind === 'crash' ? task.points.reduce((most, point) => Math.max(most, point), 0) : 0;
  return [...tasks].sort((a, b) => weight(b) - weight(a));
}

/** Runs every task the results file does not hold yet; returns the summary of the whole file. */
export async function runSweep(plan: SweepPlan, options: RunSweepOptions): Promise<SweepSummary> {
  const results = new ResultsFile(options.results, plan.header, plan.sizes);
  const before = readResults(options.results).lines;
  const progress = new ProgressCounter(plan.header.units, before.length, before.filter(failed).length);
  const todo = heaviestFirst(plan.tasks.filter((task) => !results.done.has(task.index)));
  await options.executor.run(todo, plan.inputs, (task, outcome) => {
    const lines =
      'result' in outcome ? plan.lines(task, outcome.result) : failedTaskLines(plan, task, outcome.error);
    if (results.record(task.index, lines)) {
      const snapshot = progress.add(lines.length, lines.filter(failed).length);
      options.onProgress?.(snapshot);
    }
  });
  const { header, lines } = readResults(options.results);
  return summarize(header, lines);
}
