/**
 * The library install against its `Map` floor alone (the servicing suite's first two tasks), for
 * changes to the install path: `node --expose-gc dist/bench/install-vs-floor.js [rounds] [imageFiles] [spFiles] [--no-collect]`
 * prints each contender's median and the median of the rounds' own ratios (target <= 1.25).
 * `--no-collect`: no forced collection before each run (as a harness that never calls `gc()` runs).
 */
import { pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import { alternatingRounds, installTasks, roundRatios, workloadOf } from './servicing.js';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const collect = !process.argv.includes('--no-collect');
  const [roundsArg, imageFiles, spFiles] = process.argv.slice(2).filter((arg) => arg !== '--no-collect');
  const rounds = Math.max(1, Number(roundsArg ?? 7) || 7);
  const workload = workloadOf(Number(imageFiles ?? 50_000), Number(spFiles ?? 20_000));
  const tasks = installTasks(workload);
  const before = loadavg();
  const cpu = new Map<string, number[]>();
  const samples = await alternatingRounds(tasks, rounds, cpu, collect);
  const ratios = roundRatios(samples, tasks[0].name, tasks[1].name);
  const cpuRatios = roundRatios(cpu, tasks[0].name, tasks[1].name);
  for (const task of tasks)
    console.log(
      `${task.name}: median ${median(samples.get(task.name)!).toFixed(0)} ms (${samples
        .get(task.name)!
        .map((v) => v.toFixed(0))
        .join(', ')})`,
    );
  for (const task of tasks)
    console.log(`${task.name}: CPU median ${median(cpu.get(task.name)!).toFixed(0)} ms`);
  console.log(
    `install ÷ floor by CPU: ${median(cpuRatios).toFixed(2)} (${cpuRatios.map((r) => r.toFixed(2)).join(', ')})`,
  );
  console.log(
    `install ÷ floor: median of ${rounds} rounds' own ratios ${median(ratios).toFixed(2)} (${ratios.map((r) => r.toFixed(2)).join(', ')}); ` +
      `${collect ? 'a forced collection before each run' : 'no forced collection'}; load average ${before.map((l) => l.toFixed(1)).join(' ')} before, ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} after`,
  );
}
