/**
 * Profiles `image.reboot()` of a spread queue (bench/queue.ts's workload) alone, set-up left out:
 * `node --expose-gc dist/bench/profile-boot.js [entries] [windows|transactional|floor] [out.cpuprofile]`
 * times three boots and writes the CPU profile of the last one (Chrome DevTools format).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { floorBoot, floorFiles } from './boot-floor.js';
import { floorNodesOf, imageWithSpreadQueue } from './queue.js';

const n = Number(process.argv[2] ?? 100_000);
const mode = (process.argv[3] ?? 'windows') as 'windows' | 'transactional' | 'floor';
const out = process.argv[4];
const { image, queue } = imageWithSpreadQueue(n);
const collect = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
// 100 us between samples (the default is 1 ms): a 10,000-entry boot is over in tens of milliseconds
await session.post('Profiler.setSamplingInterval', { interval: 100 });

function prepare(): () => void {
  if (mode === 'floor') {
    const files = floorFiles(floorNodesOf(image));
    return () => void floorBoot(files, queue);
  }
  const copy = image.fork();
  return () => {
    if (copy.reboot({ mode }).counts.failed !== 0) throw new Error('failed entries');
  };
}

for (let round = 0; round < 3; round++) {
  const boot = prepare();
  collect();
  const last = round === 2 && out !== undefined;
  if (last) await session.post('Profiler.start');
  const cpu = process.cpuUsage();
  const start = performance.now();
  boot();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  if (last) writeFileSync(out, JSON.stringify((await session.post('Profiler.stop')).profile));
  process.stdout.write(
    `${mode} ${n} round ${round}: ${ms.toFixed(0)} ms, CPU ${((used.user + used.system) / 1000).toFixed(0)} ms\n`,
  );
}
session.disconnect();
