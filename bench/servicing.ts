/**
 * Install (and uninstall) of a 20,000-file service pack, 5% in use, on the 50,000-file image, end to
 * end (verify, plan, extract, backup, apply, catalog, logs), against two baselines doing the same
 * steps: the `Map` floor of bench/install-floor.ts, and a script of `node:fs` calls on tmpfs
 * (/dev/shm, bench/servicing-scripted.ts). Each iteration starts from a fresh copy, made outside the
 * timing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { generateServicePack } from '../src/generate/index.js';
import { HashPool } from '../src/catalog/index.js';
import { Package, defaultSigningKey } from '../src/package/index.js';
import { WinImage, install, uninstall } from '../src/machine/index.js';
import { floorInstall, floorMachineOf, type FloorMachine } from './install-floor.js';
import { taskStats, type BenchRow } from './report.js';
import { SHM, hostCopy, scriptedInstall, scriptedUninstall, type HostCopy } from './servicing-scripted.js';
import { median } from './median.js';

/** A full collection when node runs with --expose-gc (as `npm run bench` does); otherwise nothing. */
const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/**
 * `Package.load` of the SP from a file, hashing on the calling thread and through a worker pool
 * (both read the file into shared memory), as the command line reads packages.
 */
async function packageLoadRows(pkgBytes: Uint8Array): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(SHM, 'svcpack-load-'));
  const file = join(dir, 'sp4.svcpkg');
  writeFileSync(file, pkgBytes);
  const pool = new HashPool();
  const sha256Many = (items: readonly Uint8Array[]) => pool.hashAll(items, { algorithm: 'sha256' });
  try {
    await Package.load(file, { sha256Many });
    const bench = new Bench({ iterations: 7, time: 0, warmup: true });
    bench
      .add('package load: hashes on the calling thread', async () => void (await Package.load(file)))
      .add(
        'package load: hashes in the worker pool',
        async () => void (await Package.load(file, { sha256Many })),
      );
    await bench.run();
    const [inline, pooled] = bench.tasks.map((t) => taskStats(t));
    return [
      ...bench.tasks.map((t) => ({
        suite: 'servicing',
        task: t.name,
        meanMs: taskStats(t).mean,
        samples: taskStats(t).samples,
      })),
      {
        suite: 'servicing',
        task: 'speed-up package load, pool vs calling thread',
        ratio: inline.mean / pooled.mean,
      },
    ];
  } finally {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const INSTALL = 'install: svcpack (fork excluded)';
const INSTALL_FLOOR = 'install floor: JavaScript Map';
const INSTALL_BASELINE = 'install baseline: node:fs on tmpfs';
const UNINSTALL = 'uninstall: svcpack';
const UNINSTALL_BASELINE = 'uninstall baseline: node:fs on tmpfs';

function average(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** A contender: what it runs, and what it prepares (and drops) around each run, untimed. */
interface RoundTask {
  name: string;
  run: () => unknown;
  beforeEach: () => unknown;
  afterEach?: () => void;
}

/** The servicing workload: the image, and the SP as bytes (the harness holds no package while tasks run). */
interface Workload {
  image: WinImage;
  pkgBytes: Uint8Array;
  spId: string;
  spFiles: number;
}

export function workloadOf(imageFiles: number, spFiles: number): Workload {
  const image = WinImage.create({ files: imageFiles, seed: 1 });
  const sp = generateServicePack(image, { level: 4, files: spFiles, seed: 1 });
  return { image, pkgBytes: sp.toBytes(), spId: sp.id, spFiles: sp.manifest.files.length };
}

/** The engine's install and its Map floor, each on a fresh copy of the image. */
export function installTasks({ image, pkgBytes }: Workload): RoundTask[] {
  let fresh = image;
  let machine: FloorMachine | undefined;
  const key = defaultSigningKey();
  return [
    {
      name: INSTALL,
      run: async () => {
        const result = await install(fresh, Package.fromBytes(pkgBytes), { noRestart: true });
        if (result.code !== 3010 && result.code !== 0)
          throw new Error(`install failed: ${result.code} ${result.message}`);
      },
      beforeEach: () => {
        fresh = image.fork();
      },
      afterEach: () => {
        fresh = image;
      },
    },
    {
      name: INSTALL_FLOOR,
      run: () => floorInstall(machine!, pkgBytes, { trusted: key.publicKey, signer: key.privateKey }),
      beforeEach: () => {
        machine = floorMachineOf(image);
      },
      afterEach: () => {
        machine = undefined;
      },
    },
  ];
}

/** The node:fs baseline's install and uninstall, and the engine's uninstall. */
function scriptedTasks({ image, pkgBytes, spId }: Workload, copies: { copy?: HostCopy }): RoundTask[] {
  let installed = image;
  const freshCopy = async (): Promise<HostCopy> => {
    if (copies.copy) rmSync(copies.copy.root, { recursive: true, force: true });
    copies.copy = await hostCopy(image);
    return copies.copy;
  };
  return [
    {
      name: INSTALL_BASELINE,
      run: () => scriptedInstall(copies.copy!, pkgBytes, image),
      beforeEach: freshCopy,
    },
    {
      name: UNINSTALL,
      run: async () => {
        const result = await uninstall(installed, spId, { noRestart: true });
        if (result.code !== 3010 && result.code !== 0)
          throw new Error(`uninstall failed: ${result.code} ${result.message}`);
      },
      beforeEach: async () => {
        installed = image.fork();
        await install(installed, Package.fromBytes(pkgBytes), { noRestart: true });
      },
      afterEach: () => {
        installed = image;
      },
    },
    {
      name: UNINSTALL_BASELINE,
      run: () => scriptedUninstall(copies.copy!),
      beforeEach: async () => scriptedInstall(await freshCopy(), pkgBytes, image),
    },
  ];
}

/**
 * Runs the tasks in `rounds` rounds, each a tinybench run of one sample per task, and gives each
 * task's samples. The machines are shared and their speed drifts over minutes, so the tasks take
 * turns. The first round also runs each task once untimed (the JIT). With `collect` (the default)
 * every run starts after a forced collection, so that neither side pays for the other's garbage;
 * a forced collection also drops the optimized code of whatever side has more of it (the engine),
 * which runs without one do not see (docs/performance.md, "Advice").
 */
export async function alternatingRounds(
  tasks: readonly RoundTask[],
  rounds: number,
  cpu?: Map<string, number[]>,
  collect = true,
): Promise<Map<string, number[]>> {
  const samples = new Map<string, number[]>(tasks.map((task) => [task.name, []]));
  // the CPU time (all threads) of each task's last run: the timed one, after the warm-up
  const lastCpu = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({
      iterations: 1,
      time: 0,
      warmup: round === 0,
      warmupIterations: 1,
      warmupTime: 0,
    });
    for (const task of tasks) {
      const run = async (): Promise<void> => {
        const before = process.cpuUsage();
        await task.run();
        const used = process.cpuUsage(before);
        lastCpu.set(task.name, (used.user + used.system) / 1000);
      };
      bench.add(task.name, run, {
        beforeEach: async () => {
          await task.beforeEach();
          if (collect) collectGarbage();
        },
        // what a task leaves behind is not kept alive through the next task's run
        afterEach: () => task.afterEach?.(),
      });
    }
    await bench.run();
    for (const task of bench.tasks) {
      samples.get(task.name)!.push(taskStats(task).mean);
      if (cpu) cpu.set(task.name, [...(cpu.get(task.name) ?? []), lastCpu.get(task.name)!]);
    }
  }
  return samples;
}

/** Each round's `numerator / denominator`: the pair ran seconds apart, so it is least touched by drift. */
export function roundRatios(
  samples: Map<string, number[]>,
  numerator: string,
  denominator: string,
): number[] {
  const below = samples.get(denominator)!;
  return samples.get(numerator)!.map((value, round) => value / below[round]);
}

/** The ratio rows of the install: the engine against its Map floor and against node:fs. */
function installRatioRows(
  samples: Map<string, number[]>,
  cpu: Map<string, number[]>,
  rounds: number,
): BenchRow[] {
  const mean = (name: string) => average(samples.get(name)!);
  const middle = (name: string) => median(samples.get(name)!);
  const listed = (ratios: number[]) => ratios.map((r) => r.toFixed(2)).join(', ');
  const overFloor = roundRatios(samples, INSTALL, INSTALL_FLOOR);
  const overFloorCpu = roundRatios(cpu, INSTALL, INSTALL_FLOOR);
  const overScript = roundRatios(samples, INSTALL_BASELINE, INSTALL);
  return [
    {
      suite: 'servicing',
      task: `install ÷ Map floor (target <= 1.25), median of the ${rounds} rounds' own ratios (${listed(overFloor)})`,
      ratio: median(overFloor),
    },
    {
      suite: 'servicing',
      task: `install ÷ Map floor by CPU time (all threads), median of the rounds' own ratios (${listed(overFloorCpu)})`,
      ratio: median(overFloorCpu),
    },
    {
      suite: 'servicing',
      task: 'speed-up install vs node:fs (target >= 2), means',
      ratio: mean(INSTALL_BASELINE) / mean(INSTALL),
    },
    {
      suite: 'servicing',
      task: `speed-up install vs node:fs, medians of ${rounds} rounds`,
      ratio: middle(INSTALL_BASELINE) / middle(INSTALL),
    },
    {
      suite: 'servicing',
      task: `speed-up install vs node:fs, median of the ${rounds} rounds' own ratios (${listed(overScript)})`,
      ratio: median(overScript),
    },
    {
      suite: 'servicing',
      task: 'speed-up uninstall vs node:fs, means',
      ratio: mean(UNINSTALL_BASELINE) / mean(UNINSTALL),
    },
  ];
}

/** Runs the servicing suite: `iterations` interleaved rounds (default 7). */
export async function runServicingBench(
  options: { imageFiles?: number; spFiles?: number; iterations?: number } = {},
): Promise<BenchRow[]> {
  const workload = workloadOf(options.imageFiles ?? 50_000, options.spFiles ?? 20_000);
  const rounds = options.iterations ?? 7;
  const copies: { copy?: HostCopy } = {};
  const tasks = [...installTasks(workload), ...scriptedTasks(workload, copies)];
  const cpu = new Map<string, number[]>();
  const samples = await alternatingRounds(tasks, rounds, cpu);
  if (copies.copy) rmSync(copies.copy.root, { recursive: true, force: true });
  const rows: BenchRow[] = tasks.map((task) => ({
    suite: 'servicing',
    task: task.name,
    meanMs: average(samples.get(task.name)!),
    samples: rounds,
  }));
  rows.push(...(await packageLoadRows(workload.pkgBytes)));
  rows.push(...installRatioRows(samples, cpu, rounds), {
    suite: 'servicing',
    task: `sizes: image ${options.imageFiles ?? 50_000} files, SP ${workload.spFiles} files`,
  });
  return rows;
}
