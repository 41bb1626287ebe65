/** Executors run a sweep's tasks: threads on this machine, or a BullMQ queue served by workers anywhere. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeInput } from './inputs.js';
import { SweepThreads } from './thread-pool.js';
import type { SweepTask, TaskResult } from './types.js';

/** Called once per task as it finishes (in any order); a task that failed outright gives its error. */
export type TaskDone = (task: SweepTask, outcome: { result: TaskResult } | { error: string }) => void;

export interface Executor {
  /** Runs `tasks` (their inputs are in `inputs`, by digest) and settles when every one is done. */
  run(tasks: SweepTask[], inputs: ReadonlyMap<string, Uint8Array>, done: TaskDone): Promise<void>;
  close(): Promise<void>;
}

/** Worker threads on this machine (piscina), `threads` of them. */
export class LocalExecutor implements Executor {
  private readonly cacheDir: string;
  private readonly ownsCache: boolean;
  private threads: SweepThreads | undefined;

  constructor(private readonly options: { threads?: number; cacheDir?: string } = {}) {
    this.ownsCache = options.cacheDir === undefined;
    this.cacheDir = options.cacheDir ?? mkdtempSync(join(tmpdir(), 'svcpack-sweep-'));
  }

  async run(tasks: SweepTask[], inputs: ReadonlyMap<string, Uint8Array>, done: TaskDone): Promise<void> {
    for (const [digest, bytes] of inputs) storeInput(this.cacheDir, digest, bytes);
    this.threads ??= new SweepThreads(this.options.threads ?? 1, this.cacheDir);
    const threads = this.threads;
    await Promise.all(
      tasks.map((task) =>
        threads.run(task).then(
          (result) => done(task, { result }),
          (error: unknown) => done(task, { error: error instanceof Error ? error.message : String(error) }),
        ),
      ),
    );
  }

  async close(): Promise<void> {
    await this.threads?.close();
    this.threads = undefined;
    if (this.ownsCache) rmSync(this.cacheDir, { recursive: true, force: true });
  }
}
