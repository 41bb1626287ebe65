/**
 * What the servicing lock costs. (1) The door's check on every primitive change: 20,000 writes through
 * the door with no lock held, and the same inside a held lock (the install's own writes pay the
 * asynchronous-context lookup), alternating by round. (2) AsyncLocalStorage's promise hook, which
 * slows every await in the process while it is on: 200,000 bare awaits before any lock, while a lock
 * is held, and after it was released (the lock turns it off when no image is locked).
 *
 *   npm run build && node --expose-gc dist/bench/servicing-lock.js [rounds]
 */
import { pathToFileURL } from 'node:url';
import { WinImage } from '../src/machine/index.js';
import { withServicingLock, writeFile } from '../src/ops/index.js';
import { coreOf } from '../src/machine/internal.js';
import { median } from './median.js';

const WRITES = 20_000;
const AWAITS = 200_000;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function doorWrites(image: WinImage): number {
  const data = Buffer.from('x');
  const start = performance.now();
  for (let i = 0; i < WRITES; i++) writeFile(coreOf(image), `C:\\Bench\\f${i}.txt`, data);
  return performance.now() - start;
}

async function bareAwaits(): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < AWAITS; i++) await Promise.resolve(i);
  return performance.now() - start;
}

/** Medians in milliseconds of each measure over `rounds` alternating rounds. */
export async function measureServicingLock(rounds = 7): Promise<Record<string, number>> {
  const base = WinImage.create({ files: 2_000, seed: 1 });
  base.mkdir('C:\\Bench');
  const times: Record<string, number[]> = {
    awaitsBefore: [],
    free: [],
    locked: [],
    awaitsHeld: [],
    awaitsAfter: [],
  };
  for (let r = 0; r < 3; r++) times.awaitsBefore.push(await bareAwaits());
  for (let r = 0; r < rounds; r++) {
    const free = base.fork();
    const held = base.fork();
    const lockedRun = (): Promise<number> =>
      withServicingLock(coreOf(held), 'bench', async () => doorWrites(held));
    gc();
    if (r % 2 === 0) {
      times.free.push(doorWrites(free));
      gc();
      times.locked.push(await lockedRun());
    } else {
      times.locked.push(await lockedRun());
      gc();
      times.free.push(doorWrites(free));
    }
    const holder = base.fork();
    times.awaitsHeld.push(await withServicingLock(coreOf(holder), 'bench', bareAwaits));
    times.awaitsAfter.push(await bareAwaits());
  }
  return Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)]));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rounds = Number(process.argv[2] ?? 7);
  const m = await measureServicingLock(Number.isInteger(rounds) && rounds > 0 ? rounds : 7);
  const f = (ms: number): string => `${ms.toFixed(1)} ms`;
  console.log(
    `${WRITES} door writes: no lock ${f(m.free)}, lock held ${f(m.locked)} (${(m.locked / m.free).toFixed(3)} x)\n` +
      `${AWAITS} awaits: before any lock ${f(m.awaitsBefore)}, while held ${f(m.awaitsHeld)}, after release ${f(m.awaitsAfter)}`,
  );
}
