/**
 * One side of bench/install-vs-floor.ts `--processes`, in a `node` of its own: builds the workload,
 * installs twice untimed (the JIT), then installs once more each time its parent asks, and answers
 * with the wall and CPU milliseconds. No collection is forced: each side's heap holds only its own
 * garbage, so neither pays for the other's, and V8 keeps the code it compiled (docs/performance.md).
 * Run as `node dist/bench/install-side.js engine|floor IMAGE_FILES SP_FILES` with an IPC channel.
 */
import { SIDES, type SideAnswer, type SideRequest } from './install-sides.js';
import { installTasks, workloadOf } from './servicing.js';

const WARM_UPS = 2;

async function serve(side: keyof typeof SIDES, imageFiles: number, spFiles: number): Promise<void> {
  // the parent gone (done, or failed on the other side), this side ends, even while it warms up
  process.on('disconnect', () => process.exit(0));
  const task = installTasks(workloadOf(imageFiles, spFiles))[SIDES[side]];
  const once = async (): Promise<{ wallMs: number; cpuMs: number }> => {
    await task.beforeEach();
    const cpu = process.cpuUsage();
    const start = performance.now();
    await task.run();
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    task.afterEach?.();
    return { wallMs, cpuMs: (used.user + used.system) / 1000 };
  };
  // two untimed installs: after one, V8 is still compiling some of the code the next runs
  for (let warm = 0; warm < WARM_UPS; warm++) await once();
  process.send!({ ready: task.name } satisfies SideAnswer);
  process.on('message', (request: SideRequest) => {
    if (!request.run) return;
    once().then(
      (timing) => process.send!(timing satisfies SideAnswer),
      (error: unknown) => process.send!({ error: String(error) } satisfies SideAnswer),
    );
  });
}

const [side, imageFiles, spFiles] = process.argv.slice(2);
if (process.send && (side === 'engine' || side === 'floor'))
  await serve(side, Number(imageFiles), Number(spFiles));
