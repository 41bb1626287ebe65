/** The order a sweep hands its tasks to an executor: the heaviest crash tasks first. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { planCrashSweep, runSweep, type Executor } from '../../src/sweep/index.js';
import type { SweepTask } from '../../src/sweep/types.js';
import { smallInputs } from './inputs.js';

vi.setConfig({ testTimeout: 120_000 });

/** Records the order it is handed tasks in and answers each with every point old. */
class RecordingExecutor implements Executor {
  order: number[] = [];
  run(tasks: SweepTask[], _inputs: unknown, done: Parameters<Executor['run']>[2]): Promise<void> {
    for (const task of tasks) {
      this.order.push(task.index);
      if (task.kind !== 'crash') throw new Error('crash tasks only');
      const points = task.points.map((point) => ({
        point,
        outcome: 'old' as const,
        recoveryChanges: 0,
        recoveryCuts: 0,
        failures: [],
      }));
      done(task, { result: { kind: 'crash', points } });
    }
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

describe('task order', () => {
  it('crash tasks go out heaviest first (latest cut points), so no thread ends on a heavy one', async () => {
    const inputs = await smallInputs();
    const plan = await planCrashSweep({
      image: inputs.image,
      package: inputs.sp4,
      operation: 'install',
      pointsPerTask: 3,
    });
    const executor = new RecordingExecutor();
    const dir = mkdtempSync(join(tmpdir(), 'svcpack-task-order-'));
    await runSweep(plan, { results: join(dir, 'order.jsonl'), executor });
    expect(plan.tasks.length).toBeGreaterThan(3);
    expect(executor.order).toEqual(plan.tasks.map((task) => task.index).reverse());
  });
});
