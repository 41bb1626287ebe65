/**
 * Profiles the library install of the servicing bench's workload (the 20,000-file SP4 read with
 * `Package.fromBytes` and installed into a fork of the 50,000-file image), set-up left out:
 * `node --expose-gc dist/bench/profile-install.js [rounds] [out.cpuprofile] [imageFiles] [spFiles] [engine|floor]`
 * times the rounds and writes the CPU profile of the last one (Chrome DevTools format); `floor`
 * profiles the Map floor of bench/install-floor.ts instead.
 */
import { writeFileSync } from 'node:fs';
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
  collect();
  const last = round === rounds - 1 && out !== undefined;
  if (last) await session.post('Profiler.start');
  const cpu = process.cpuUsage();
  const start = performance.now();
  await run();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  if (last) writeFileSync(out, JSON.stringify((await session.post('Profiler.stop')).profile));
  process.stdout.write(
    `${floor ? 'floor' : 'install'} round ${round}: ${ms.toFixed(0)} ms, CPU ${((used.user + used.system) / 1000).toFixed(0)} ms\n`,
  );
}
session.disconnect();
