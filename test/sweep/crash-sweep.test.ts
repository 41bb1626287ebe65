/** Crash sweeps on local threads: every cut point judged, failures found, a stopped sweep resumed. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  LocalExecutor,
  planCrashSweep,
  readResults,
  runSweep,
  type SweepPlan,
} from '../../src/sweep/index.js';
import { smallInputs, type SmallInputs } from './inputs.js';

// sweeps run hundreds of installs and boots; on a loaded shared machine a test takes minutes
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

let inputs: SmallInputs;
const dir = mkdtempSync(join(tmpdir(), 'svcpack-sweep-test-'));

beforeAll(async () => {
  inputs = await smallInputs();
});

async function sweep(plan: SweepPlan, name: string, threads = 2) {
  const executor = new LocalExecutor({ threads });
  try {
    const results = join(dir, name);
    const summary = await runSweep(plan, { results, executor });
    return { summary, results };
  } finally {
    await executor.close();
  }
}

describe('crash sweeps on local threads', () => {
  it('an install cut before every change recovers to the old image at every point, inside recovery too', async () => {
    const plan = await planCrashSweep({
      image: inputs.image,
      package: inputs.sp4,
      operation: 'install',
      pointsPerTask: 10,
    });
    const { summary, results } = await sweep(plan, 'install.jsonl');
    const changes = (plan.header.spec as { reference: { changes: number } }).reference.changes;
    expect(summary.kind === 'crash' && summary.points).toBe(changes);
    expect(summary.failures).toBe(0);
    expect(summary.kind === 'crash' && summary.outcomes).toEqual({ old: changes });
    const { lines } = readResults(results);
    expect(lines.map((l) => (l.type === 'point' ? l.point : -1)).sort((a, b) => a - b)).toEqual([
      ...Array(changes).keys(),
    ]);
    expect(lines.every((l) => l.type === 'point' && l.change !== '')).toBe(true);
    expect(summary.kind === 'crash' && summary.recoveryCuts).toBeGreaterThan(changes);
  });

  it('an install with -n rolls forward: every point ends in the new image', async () => {
    const plan = await planCrashSweep({
      image: inputs.image,
      package: inputs.sp4,
      operation: 'install',
      switches: '-n -z',
      mode: 'transactional',
      recoveryCutEvery: 10,
    });
    const { summary } = await sweep(plan, 'install-n.jsonl');
    expect(summary.kind === 'crash' && Object.keys(summary.outcomes)).toEqual(['new']);
  });

  it('a windows boot cut while running the renames ends new or reports what it lost, once', async () => {
    const plan = await planCrashSweep({ image: inputs.pending, operation: 'boot', mode: 'windows' });
    const { summary } = await sweep(plan, 'boot.jsonl', 1);
    expect(summary.failures).toBe(0);
    expect(summary.kind === 'crash' && summary.points).toBeGreaterThan(2);
  });

  it('an uninstall cut anywhere recovers to the installed image', async () => {
    const plan = await planCrashSweep({
      image: inputs.installed,
      operation: 'uninstall',
      uninstallId: 'W2K-SP4',
      recoveryCutEvery: 4,
    });
    const { summary } = await sweep(plan, 'uninstall.jsonl');
    expect(summary.failures).toBe(0);
    expect(summary.kind === 'crash' && Object.keys(summary.outcomes)).toEqual(['old']);
  });

  it('the check finds a broken invariant: with a wrong old image every point fails', async () => {
    const plan = await planCrashSweep({
      image: inputs.image,
      package: inputs.sp4,
      operation: 'install',
      cutEvery: 7,
      recoveryCutEvery: 100,
    });
    for (const task of plan.tasks)
      if (task.kind === 'crash') task.reference = { ...task.reference, oldDigest: 'not the old image' };
    const { summary } = await sweep(plan, 'broken.jsonl');
    expect(summary.failures).toBe(plan.header.units);
    expect(summary.kind === 'crash' && summary.firstFailures[0].failure).toMatch(
      /neither the old nor the new/,
    );
  });

  it('a sweep stopped half-way (a torn last line too) resumes: only the missing tasks run, each recorded once', async () => {
    const plan = await planCrashSweep({
      image: inputs.image,
      package: inputs.sp4,
      operation: 'install',
      pointsPerTask: 5,
      recoveryCutEvery: 10,
    });
    const full = await sweep(plan, 'full.jsonl');
    const lines = readFileSync(full.results, 'utf8').split('\n').filter(Boolean);
    const stopped = join(dir, 'stopped.jsonl');
    const kept = lines.slice(0, 1 + 12);
    writeFileSync(stopped, kept.join('\n') + '\n' + lines[13].slice(0, 20));
    let ran = 0;
    const executor = new LocalExecutor({ threads: 2 });
    const counting = {
      run: (
        tasks: SweepPlan['tasks'],
        ...rest: [ReadonlyMap<string, Uint8Array>, Parameters<LocalExecutor['run']>[2]]
      ) => {
        ran = tasks.length;
        return executor.run(tasks, ...rest);
      },
      close: () => executor.close(),
    };
    try {
      await runSweep(plan, { results: stopped, executor: counting });
    } finally {
      await executor.close();
    }
    expect(ran).toBe(plan.tasks.length - 2); // tasks 0 and 1 (5 + 5 lines) were complete; task 2 had 2 of 5
    const sort = (text: string) => text.split('\n').filter(Boolean).sort();
    expect(sort(readFileSync(stopped, 'utf8'))).toEqual(sort(readFileSync(full.results, 'utf8')));
  });

  it('a results file of another sweep is refused and left as it was', async () => {
    const first = await planCrashSweep({
      image: inputs.image,
      package: inputs.sp4,
      operation: 'install',
      cutEvery: 20,
      recoveryCutEvery: 100,
    });
    const { results } = await sweep(first, 'other.jsonl', 1);
    const before = readFileSync(results, 'utf8');
    const second = await planCrashSweep({
      image: inputs.image,
      package: inputs.sp4,
      operation: 'install',
      cutEvery: 21,
      recoveryCutEvery: 100,
    });
    await expect(sweep(second, 'other.jsonl', 1)).rejects.toThrow(/holds sweep .* name another results file/);
    expect(readFileSync(results, 'utf8')).toBe(before);
  });
});
