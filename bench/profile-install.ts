/**
 * Profiles the library install of the servicing bench's workload (the 20,000-file SP4 read with
 * `Package.fromBytes` and installed into a fork of the 50,000-file image), set-up left out:
 * `node --expose-gc dist/bench/profile-install.js [rounds] [out.cpuprofile] [imageFiles] [spFiles] [engine|floor] [--no-collect]`
 * times the rounds and writes the CPU profile of the last one (Chrome DevTools format); `floor`
 * profiles the Map floor of bench/install-floor.ts instead; `--no-collect`: no forced collection
 * before each round (docs/performance.md, "Advice"). On Linux each round's CPU is also split
 * into the main thread's and the other threads' (V8's helpers: the parallel scavenger's share of
 * garbage collection, which a CPU profile of the main thread does not show).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { generateServicePack } from '../src/generate/index.js';
import { Package, defaultSigningKey } from '../src/package/index.js';
import { floorInstall, floorMachineOf } from './install-floor.js';
import { WinImage, install } from '../src/machine/index.js';

const rounds = Math.max(1, Number(process.argv[2] ?? 4) || 4);
const out = process.argv[3];
const image = WinImage.create({ files: Number(process.argv[4] ?? 50_000), seed: 1 });
const bytes = generateServicePack(image, {
  level: 4,
  files: Number(process.argv[5] ?? 20_000),
  seed: 1,
}).toBytes();
const collect = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });

const floor = process.argv[6] === 'floor';
const key = defaultSigningKey();

/** CPU milliseconds of this process's main thread and of its other threads (Linux; undefined elsewhere). */
function threadCpu(): { main: number; others: number } | undefined {
  try {
    let main = 0;
    let others = 0;
    for (const task of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'latin1');
      // user and system time are fields 14 and 15, in ticks of 10 ms, after the name in parentheses
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(fields[11]) + Number(fields[12])) * 10;
      if (Number(task) === process.pid) main += ms;
      else others += ms;
    }
    return { main, others };
  } catch {
    return undefined;
  }
}

/** One install, prepared outside the timing: the engine's on a fork, or the floor's on its maps. */
function prepare(): () => Promise<unknown> {
  if (floor) {
    const machine = floorMachineOf(image);
    return async () => floorInstall(machine, bytes, { trusted: key.publicKey, signer: key.privateKey });
  }
  const fresh = image.fork();
  return async () => {
    const result = await install(fresh, Package.fromBytes(bytes), { noRestart: true });
    if (result.code !== 0 && result.code !== 3010) throw new Error(`install gave ${result.code}`);
  };
}

for (let round = 0; round < rounds; round++) {
  const run = prepare();
  if (!process.argv.includes('--no-collect')) collect();
  const last = round === rounds - 1 && out !== undefined;
  if (last) await session.post('Profiler.start');
  const threadsBefore = threadCpu();
  const cpu = process.cpuUsage();
  const start = performance.now();
  await run();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const threadsAfter = threadCpu();
  if (last) writeFileSync(out, JSON.stringify((await session.post('Profiler.stop')).profile));
  const split =
    threadsBefore && threadsAfter
      ? ` (main thread ${threadsAfter.main - threadsBefore.main} ms, other threads ${threadsAfter.others - threadsBefore.others} ms)`
      : '';
  process.stdout.write(
    `${floor ? 'floor' : 'install'} round ${round}: ${ms.toFixed(0)} ms, CPU ${((used.user + used.system) / 1000).toFixed(0)} ms${split}\n`,
  );
}
session.disconnect();
