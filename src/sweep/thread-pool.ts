/** A piscina pool of sweep threads reading inputs from one cache folder. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { SweepTask, TaskResult } from './types.js';

/** The compiled thread entry, CommonJS (see thread-entry.cts); from TypeScript sources (vitest) the one in `dist/`. */
export function sweepThreadFile(moduleUrl: string = import.meta.url): string {
  const fromSources = moduleUrl.endsWith('.ts');
  const file = fileURLToPath(
    new URL(fromSources ? '../../dist/src/sweep/thread-entry.cjs' : './thread-entry.cjs', moduleUrl),
  );
  if (!existsSync(file)) throw new Error(`sweep thread not found at ${file}: run \`npm run build\` first`);
  return file;
}

/** Measured in bench/sweep.ts: GC helper CPU per cut point about halved against V8's default. */
const YOUNG_GENERATION_MB = 64;

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
      // a cut point forks whole images: a larger young generation scavenges less often, and
      // V8's GC helper threads (which compete with the other sweep thread) run less
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
  }

  run(task: SweepTask): Promise<TaskResult> {
    return this.pool.run(task);
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}
