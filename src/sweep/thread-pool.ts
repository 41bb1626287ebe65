/** A piscina pool of sweep threads reading inputs from one cache folder. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { SweepTask, TaskResult } from './types.js';

/** The compiled thread module (from TypeScript sources, vitest: the one in `dist/`). */
export function sweepThreadFile(moduleUrl: string = import.meta.url): string {
  const fromSources = moduleUrl.endsWith('.ts');
  const file = fileURLToPath(
    new URL(fromSources ? '../../dist/src/sweep/thread.js' : './thread.js', moduleUrl),
  );
  if (!existsSync(file)) throw new Error(`sweep thread not found at ${file}: run \`npm run build\` first`);
  return file;
}

/** Threads that run sweep tasks; `threads` of them, started at once. */
export class SweepThreads {
  private readonly pool: Piscina<SweepTask, TaskResult>;

  constructor(threads: number, cacheDir: string) {
    this.pool = new Piscina<SweepTask, TaskResult>({
      filename: sweepThreadFile(),
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 60_000,
      workerData: { cacheDir },
    });
  }

  run(task: SweepTask): Promise<TaskResult> {
    return this.pool.run(task);
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}
