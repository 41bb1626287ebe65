/**
 * The library install against its `Map` floor alone (the servicing suite's first two tasks), for
 * changes to the install path:
 * `node --expose-gc dist/bench/install-vs-floor.js [rounds] [imageFiles] [spFiles] [--no-collect | --processes]`
 * prints each contender's median and the median of the rounds' own ratios (target <= 1.25).
 * By default both run in this process, each run after a forced collection. `--no-collect`: without
 * them (as a harness that never calls `gc()` runs; each side then pays for some of the other's
 * garbage). `--processes`: each side in a `node` of its own (bench/install-sides.ts), no forced
 * collection, no garbage of the other's.
 */
import { pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import { separateRounds } from './install-sides.js';
import { alternatingRounds, installTasks, roundRatios, workloadOf } from './servicing.js';
import { median } from './median.js';

const MODES = ['--no-collect', '--processes'];

/** The rounds' wall and CPU milliseconds by contender, engine first, as the mode runs them. */
async function measure(
  mode: string | undefined,
  rounds: number,
  imageFiles: number,
  spFiles: number,
): Promise<{ samples: Map<string, number[]>; cpu: Map<string, number[]>; names: string[] }> {
  if (mode === '--processes') return separateRounds(rounds, imageFiles, spFiles);
  const tasks = installTasks(workloadOf(imageFiles, spFiles));
  const cpu = new Map<string, number[]>();
  const samples = await alternatingRounds(tasks, rounds, cpu, mode !== '--no-collect');
  return { samples, cpu, names: tasks.map((task) => task.name) };
}

const HOW = {
  '--processes': 'each side in a node of its own, no forced collection',
  '--no-collect': 'no forced collection',
  default: 'a forced collection before each run',
};

const list = (values: readonly number[]): string => values.map((v) => v.toFixed(2)).join(', ');

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const mode = args.find((arg) => MODES.includes(arg));
  const [roundsArg, imageFiles, spFiles] = args.filter((arg) => !MODES.includes(arg));
  const rounds = Math.max(1, Number(roundsArg ?? 7) || 7);
  const before = loadavg();
  const { samples, cpu, names } = await measure(
    mode,
    rounds,
    Number(imageFiles ?? 50_000),
    Number(spFiles ?? 20_000),
  );
  const ratios = roundRatios(samples, names[0], names[1]);
  const cpuRatios = roundRatios(cpu, names[0], names[1]);
  for (const name of names)
    console.log(
      `${name}: median ${median(samples.get(name)!).toFixed(0)} ms (${samples
        .get(name)!
        .map((v) => v.toFixed(0))
        .join(', ')})`,
    );
  for (const name of names) console.log(`${name}: CPU median ${median(cpu.get(name)!).toFixed(0)} ms`);
  console.log(`install ÷ floor by CPU: ${median(cpuRatios).toFixed(2)} (${list(cpuRatios)})`);
  console.log(
    `install ÷ floor: median of ${rounds} rounds' own ratios ${median(ratios).toFixed(2)} (${list(ratios)}); ` +
      `${HOW[(mode ?? 'default') as keyof typeof HOW]}; load average ${before.map((l) => l.toFixed(1)).join(' ')} before, ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} after`,
  );
}
