/**
 * Sweep throughput (issue 18): cut points per second of one crash sweep on 1 and 2 local threads and
 * on 1 and 2 queue workers (separate `svcpack worker` processes on a private redis-server), the four
 * alternated in rounds with warm pools and workers; the queue's overhead per task (one queue worker
 * against one local thread, same tasks); and the projected time of a full crash sweep of the
 * 50,000-file install (20,000-file SP4), from the measured cost of sampled cut points at that size.
 *
 *   npm run build && node --expose-gc dist/bench/sweep.js [rounds] [--no-projection]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateServicePack } from '../src/generate/index.js';
import { reboot } from '../src/boot/index.js';
import { digestImage, encodeImage } from '../src/image/index.js';
import { coreOf, WinImage } from '../src/machine/index.js';
import { opLog } from '../src/ops/index.js';
import { install } from '../src/servicing/index.js';
import {
  LocalExecutor,
  planCrashSweep,
  QueueExecutor,
  runSweep,
  type Executor,
  type SweepPlan,
} from '../src/sweep/index.js';
import { crashAct, runCutPoint } from '../src/sweep/crash.js';
import { forkCore } from '../src/sweep/inputs.js';
import type { CrashSpec } from '../src/sweep/types.js';
import { median } from './median.js';

const dir = mkdtempSync(join(tmpdir(), 'svcpack-bench-sweep-'));
const CLI = join(import.meta.dirname, '..', 'src', 'cli', 'main.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const pidsOf = (children: ChildProcess[], redis: ChildProcess) =>
  [...children, redis].map((child) => child.pid ?? 0);

function waitForLine(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before '${text}': ${seen}`)));
  });
}

/** CPU seconds (user + system) of a /proc stat file, 0 when it is gone (Linux only). */
function statCpu(file: string): number {
  try {
    const fields = readFileSync(file, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ
  } catch {
    return 0;
  }
}

/** Where the CPU goes: this process's main thread, its other threads (sweep threads, V8's GC helpers), other processes. */
function cpuNow(pids: number[]) {
  const main = statCpu(`/proc/self/task/${process.pid}/stat`);
  let threads = 0;
  for (const tid of readdirSync('/proc/self/task'))
    if (tid !== String(process.pid)) threads += statCpu(`/proc/self/task/${tid}/stat`);
  const others = pids.reduce((sum, pid) => sum + statCpu(`/proc/${pid}/stat`), 0);
  return { main, threads, others };
}

/** CPU ms per task on the main thread, on this process's other threads and in the worker processes, by executor. */
const cpuPerTask: Record<string, { main: number[]; threads: number[]; others: number[] }> = {};

async function timed(plan: SweepPlan, executor: Executor, name: string, pids: number[] = []) {
  const before = cpuNow(pids);
  const start = performance.now();
  await runSweep(plan, {
    results: join(dir, `${name.replace(/\W/g, '')}-${Math.random().toString(36).slice(2)}.jsonl`),
    executor,
  });
  const seconds = (performance.now() - start) / 1000;
  const after = cpuNow(pids);
  const cpu = (cpuPerTask[name] ??= { main: [], threads: [], others: [] });
  for (const part of ['main', 'threads', 'others'] as const)
    cpu[part].push(((after[part] - before[part]) * 1000) / plan.tasks.length);
  return seconds;
}

async function throughput(rounds: number) {
  const image = WinImage.create({ files: 2_000, seed: 1 });
  const sp4 = generateServicePack(image, { level: 4, files: 60, seed: 1 });
  const imageBytes = Buffer.concat(encodeImage(coreOf(image)));
  const probe = await planCrashSweep({
    image: imageBytes,
    package: sp4.toBytes(),
    operation: 'install',
    cutEvery: 1_000_000,
  });
  const changes = (probe.header.spec as { reference: { changes: number } }).reference.changes;
  const cutEvery = Math.max(1, Math.floor(changes / 48));
  const plan = await planCrashSweep({
    image: imageBytes,
    package: sp4.toBytes(),
    operation: 'install',
    cutEvery,
    recoveryCutEvery: 1_000_000,
    pointsPerTask: 2,
  });
  const port = await freePort();
  const redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  await waitForLine(redis, 'Ready to accept connections');
  const url = `redis://127.0.0.1:${port}`;
  const workers = { one: [] as ChildProcess[], two: [] as ChildProcess[] };
  const startWorker = async (queueName: string) => {
    const child = spawn(process.execPath, [CLI, 'worker', '--queue', url, '--queue-name', queueName], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    await waitForLine(child, 'ready');
    return child;
  };
  workers.one.push(await startWorker('one'));
  workers.two.push(await startWorker('two'), await startWorker('two'));
  const local1 = new LocalExecutor({ threads: 1 });
  const local2 = new LocalExecutor({ threads: 2 });
  const configs: [string, () => Executor, number[]][] = [
    ['local, 1 thread', () => local1, []],
    ['local, 2 threads', () => local2, []],
    ['queue, 1 worker', () => new QueueExecutor({ url, queueName: 'one' }), pidsOf(workers.one, redis)],
    ['queue, 2 workers', () => new QueueExecutor({ url, queueName: 'two' }), pidsOf(workers.two, redis)],
  ];
  const seconds: Record<string, number[]> = Object.fromEntries(configs.map(([name]) => [name, []]));
  const load: number[] = [];
  for (const [name, make] of configs) {
    const executor = make();
    await timed(plan, executor, `warm ${name}`); // pools and caches warm
    // an unclosed queue executor's connections retry forever once redis is gone: the bench never ended
    if (executor instanceof QueueExecutor) await executor.close();
  }
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? configs : [...configs].reverse();
    for (const [name, make, pids] of order) {
      const executor = make();
      seconds[name].push(await timed(plan, executor, name, pids));
      if (executor instanceof QueueExecutor) await executor.close();
      load.push(loadavg()[0]);
    }
  }
  await local1.close();
  await local2.close();
  for (const child of [...workers.one, ...workers.two]) child.kill('SIGTERM');
  redis.kill('SIGKILL');
  return { plan, points: plan.header.units, tasks: plan.tasks.length, seconds, load };
}

/** The cost of one cut point of the 50,000-file install, from `samples` points spread over it. */
async function fullSizeCost(samples: number) {
  const image = WinImage.create({ files: 50_000, seed: 1 });
  const sp4 = generateServicePack(image, { level: 4, files: 20_000, seed: 1 });
  const reference = forkCore(coreOf(image));
  const oldDigest = digestImage(reference);
  const start = opLog(reference).position;
  const t0 = performance.now();
  await install(reference, sp4);
  const installSeconds = (performance.now() - t0) / 1000;
  const changes = opLog(reference).position - start;
  reboot(reference);
  const spec: CrashSpec = {
    kind: 'crash',
    image: '',
    operation: 'install',
    switches: '',
    mode: 'windows',
    cutEvery: 1,
    recoveryCutEvery: 1_000_000_000,
    pointsPerTask: 1,
  };
  const act = crashAct(spec, sp4);
  const costs: number[] = [];
  for (let i = 1; i <= samples; i++) {
    const point = Math.floor((changes * i) / (samples + 1));
    const t = performance.now();
    const result = await runCutPoint(
      () => forkCore(coreOf(image)),
      act,
      { ...spec, recoveryCutEvery: 1_000_000_000 },
      { changes, oldDigest, newDigest: digestImage(reference) },
      point,
    );
    costs.push((performance.now() - t) / 1000);
    if (result.outcome === 'failed')
      throw new Error(`cut point ${point} failed: ${result.failures.join('; ')}`);
  }
  return { changes, installSeconds, perPoint: costs.reduce((a, b) => a + b, 0) / costs.length };
}

async function main() {
  const rounds = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 3);
  const t = await throughput(rounds);
  const rate = (name: string) => t.points / median(t.seconds[name]);
  const rows = Object.keys(t.seconds).map(
    (name) => `| ${name} | ${median(t.seconds[name]).toFixed(2)} s | ${rate(name).toFixed(1)} |`,
  );
  const local = rate('local, 2 threads') / rate('local, 1 thread');
  const queue = rate('queue, 2 workers') / rate('queue, 1 worker');
  const overheadMs =
    ((median(t.seconds['queue, 1 worker']) - median(t.seconds['local, 1 thread'])) * 1000) / t.tasks;
  console.log(
    `crash sweep of ${t.points} cut points in ${t.tasks} tasks, ${rounds} alternating rounds (median wall time)`,
  );
  console.log('| executor | time | cut points/s |\n| --- | ---: | ---: |\n' + rows.join('\n'));
  console.log(
    `2 local threads / 1: ${local.toFixed(2)}x (target >= 1.7); 2 queue workers / 1: ${queue.toFixed(2)}x (target >= 1.6)`,
  );
  console.log(`queue overhead per task (1 worker vs 1 thread): ${overheadMs.toFixed(1)} ms (target < 5)`);
  console.log(
    '| executor | main thread | other threads of this process | worker processes + redis |\n| --- | ---: | ---: | ---: |',
  );
  for (const name of Object.keys(t.seconds)) {
    const cpu = cpuPerTask[name];
    const ms = (values: number[]) => `${median(values).toFixed(1)} ms`;
    console.log(`| ${name} | ${ms(cpu.main)} | ${ms(cpu.threads)} | ${ms(cpu.others)} |`);
  }
  console.log(
    `load average (1 min) during the rounds: ${Math.min(...t.load).toFixed(1)} to ${Math.max(...t.load).toFixed(1)} on ${(await import('node:os')).cpus().length} cores`,
  );
  if (!process.argv.includes('--no-projection')) {
    const full = await fullSizeCost(3);
    const efficiency = Math.min(1, queue / 2);
    console.log(
      `50,000-file image, 20,000-file SP4: ${full.changes} logged changes, uncut install ${full.installSeconds.toFixed(1)} s, ${full.perPoint.toFixed(2)} s per cut point (3 samples)`,
    );
    for (const n of [1, 10, 100]) {
      const hours = (full.changes * full.perPoint) / (n === 1 ? 1 : n * efficiency) / 3600;
      console.log(`projected full sweep on ${n} worker${n === 1 ? '' : 's'}: ${hours.toFixed(1)} h`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

await main();
