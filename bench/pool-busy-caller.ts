/**
 * Two builds' hash pools hashing a package's worth of members (120 MB in shared memory, 20,000
 * items) for a caller busy elsewhere, as the command is while it loads its image: this thread is
 * busy in stretches of 300 ms, returning to its event loop between them, for 1.5 s. Prints when
 * each build's job was done (SHA-256 and xxh64 of every item: `hashBoth` where the build has it,
 * else two `hashAll` calls), the builds alternating in fresh processes. A job done after 1,500 ms
 * waited for the busy thread to hand out its tasks.
 *
 *   npm run build && node dist/bench/pool-busy-caller.js /tmp/before . 4
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Pool {
  start(): Promise<void>;
  close(): Promise<void>;
  hashAll(items: readonly Uint8Array[], options: object): Promise<string[]>;
  hashBoth?(items: readonly Uint8Array[], options: object): Promise<unknown>;
}

const BUSY_MS = 1500;
const STRETCH_MS = 300;

/** In a child: one job of the build at `root`; prints the milliseconds it took. */
async function child(root: string): Promise<void> {
  const url = pathToFileURL(resolve(root, 'dist', 'src', 'catalog', 'index.js')).href;
  const { HashPool } = (await import(url)) as { HashPool: new () => Pool };
  const pool = new HashPool();
  await pool.start();
  const memory = new Uint8Array(new SharedArrayBuffer(120e6)).fill(7);
  const items: Uint8Array[] = [];
  for (let at = 0; at + 6000 <= memory.length; at += 6000) items.push(memory.subarray(at, at + 6000));
  const options = { callerHelps: false };
  const started = performance.now();
  let took = 0;
  const job = (
    pool.hashBoth
      ? pool.hashBoth(items, options)
      : Promise.all([
          pool.hashAll(items, { ...options, algorithm: 'sha256' }),
          pool.hashAll(items, { ...options, algorithm: 'xxh64' }),
        ])
  ).then(() => (took = performance.now() - started));
  for (let busy = 0; busy < BUSY_MS; busy += STRETCH_MS) {
    const until = performance.now() + STRETCH_MS;
    while (performance.now() < until);
    await new Promise((done) => setImmediate(done));
  }
  await job;
  await pool.close();
  process.stdout.write(`${took}\n`);
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]);
} else {
  const [a, b] = [process.argv[2], process.argv[3]];
  if (a === undefined || b === undefined)
    throw new Error('usage: pool-busy-caller.js BUILD_A BUILD_B [rounds]');
  const rounds = Math.max(1, Number(process.argv[4] ?? 4) || 4);
  const self = new URL(import.meta.url).pathname;
  const taken: Record<string, number[]> = { [a]: [], [b]: [] };
  for (let round = 0; round < rounds; round++)
    for (const root of round % 2 === 0 ? [a, b] : [b, a])
      taken[root].push(Number(execFileSync(process.execPath, [self, '--child', root]).toString()));
  for (const root of [a, b])
    process.stdout.write(
      `${root}: job done after ${taken[root].map((ms) => ms.toFixed(0)).join(', ')} ms (busy for ${BUSY_MS})\n`,
    );
}
