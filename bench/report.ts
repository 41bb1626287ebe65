/** One row of a benchmark report. */
export interface BenchRow {
  suite: string;
  task: string;
  meanMs?: number;
  samples?: number;
  ratio?: number;
  value?: number;
  unit?: string;
}

/** A report as markdown table lines. */
export function formatRows(rows: readonly BenchRow[]): string[] {
  const lines = ['| suite | task | mean (ms) | samples | ratio / value |', '|---|---|---|---|---|'];
  for (const r of rows) {
    const extra =
      r.ratio !== undefined
        ? `${r.ratio.toFixed(2)}x`
        : r.value !== undefined
          ? `${r.value}${r.unit ? ` ${r.unit}` : ''}`
          : '';
    lines.push(
      `| ${r.suite} | ${r.task} | ${r.meanMs !== undefined ? r.meanMs.toFixed(2) : ''} | ${r.samples ?? ''} | ${extra} |`,
    );
  }
  return lines;
}

/** Prints a report. */
export function printRows(rows: readonly BenchRow[]): void {
  console.log(formatRows(rows).join('\n'));
}

/** The mean latency (ms) and sample count of a finished tinybench task; throws with the task's error otherwise. */
export function taskStats(task: { name: string; result: unknown }): { mean: number; samples: number } {
  const result = task.result as {
    state: string;
    latency?: { mean: number; samplesCount: number };
    error?: Error;
  };
  if (!result.latency)
    throw new Error(
      `benchmark task '${task.name}' ${result.state}${result.error ? `: ${result.error.message}` : ''}`,
    );
  return { mean: result.latency.mean, samples: result.latency.samplesCount };
}
