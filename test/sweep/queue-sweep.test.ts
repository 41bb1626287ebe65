/**
 * Sweeps through BullMQ on a private Redis with two worker processes: a worker killed mid-task,
 * Redis killed and restarted from its append-only file, and the results equal the local executor's.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  LocalExecutor,
  parseFleetSpec,
  planCrashSweep,
  planFleetSweep,
  QueueExecutor,
  readResults,
  runSweep,
  type Executor,
  type ResultLine,
  type SweepPlan,
} from '../../src/sweep/index.js';
import { SMALL_FLEET } from './fleet-spec.js';
import { smallInputs } from './inputs.js';
import { freePort, RedisServer, WorkerProcess } from './redis.js';

// sweeps run hundreds of installs and boots; on a loaded shared machine a test takes minutes
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const dir = mkdtempSync(join(tmpdir(), 'svcpack-queue-test-'));
const LOCK_MS = 1500;
let redis: RedisServer;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  redis = new RedisServer(dir, await freePort());
  await redis.start();
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop('SIGKILL')));
  await redis.kill();
});

async function run(plan: SweepPlan, executor: Executor, results: string): Promise<ResultLine[]> {
  try {
    await runSweep(plan, { results: join(dir, results), executor });
  } finally {
    await executor.close();
  }
  return readResults(join(dir, results)).lines;
}

const byUnit = (lines: ResultLine[]) =>
  [...lines].sort((a, b) => (a.type === 'point' && b.type === 'point' ? a.point - b.point : a.task - b.task));
/** A machine's time is the one thing that differs from run to run. */
const untimed = (lines: ResultLine[]) =>
  byUnit(lines).map((l) => (l.type === 'machine' ? { ...l, ms: 0 } : l));

function startWorkers(queueName: string, count: number): WorkerProcess[] {
  const started = Array.from({ length: count }, () => new WorkerProcess(redis.url, queueName, LOCK_MS));
  workers.push(...started);
  return started;
}

describe('sweeps through a BullMQ queue', () => {
  it('crash sweep: a worker killed mid-task and Redis restarted from its append-only file; every point recorded once, as the local executor records it', async () => {
    const inputs = await smallInputs();
    const plan = await planCrashSweep({
      image: inputs.image,
      package: inputs.sp4,
      operation: 'install',
      pointsPerTask: 4,
      recoveryCutEvery: 5,
    });
    const local = await run(plan, new LocalExecutor({ threads: 2 }), 'crash-local.jsonl');

    const [doomed, survivor] = startWorkers('crash', 2);
    const queued = run(plan, new QueueExecutor({ url: redis.url, queueName: 'crash' }), 'crash-queue.jsonl');
    const killedJob = (await doomed.waitFor((e) => e.event === 'start')).job!;
    await doomed.stop('SIGKILL');
    // Redis goes down once a few tasks are recorded, and comes back from its append-only file
    await survivor.waitFor(() => survivor.events.filter((e) => e.event === 'done').length >= 2);
    await redis.kill();
    await redis.start();
    const lines = await queued;

    expect(doomed.events.some((e) => e.event === 'done' && e.job === killedJob)).toBe(false);
    expect(survivor.started()).toContain(killedJob);
    expect(readFileSync(join(dir, 'appendonlydir', readdirAof(dir)), 'utf8').length).toBeGreaterThan(0);
    expect(byUnit(lines)).toEqual(byUnit(local));
    expect(lines.length).toBe(plan.header.units);
  });

  it('fleet sweep on two workers: every machine recorded once, as the local executor records it', async () => {
    const fleet = { ...SMALL_FLEET, machines: { ...SMALL_FLEET.machines, seeds: [3] } };
    const plan = planFleetSweep(parseFleetSpec(fleet), () => new Uint8Array());
    const local = await run(plan, new LocalExecutor({ threads: 2 }), 'fleet-local.jsonl');
    const pair = startWorkers('fleet', 2);
    const lines = await run(
      plan,
      new QueueExecutor({ url: redis.url, queueName: 'fleet' }),
      'fleet-queue.jsonl',
    );
    expect(untimed(lines)).toEqual(untimed(local));
    expect(pair.every((w) => w.started().length > 0)).toBe(true);
  });
});

function readdirAof(folder: string): string {
  return readdirSync(join(folder, 'appendonlydir')).find((name) => name.includes('.incr.'))!;
}
