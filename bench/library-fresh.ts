/**
 * The library's install as a command's process meets it: the first `Package.load` (worker pool) and
 * `install` in a fresh `node`, its code not yet optimised. `node dist/bench/library-fresh.js IMAGE SP`
 * loads IMAGE lazily (as the command in place does; not timed), then times the package's read and
 * its install, and prints `FRESH ` and JSON: wall and CPU milliseconds (every thread of the process).
 * `runLibraryFresh` runs it in a child process. The library rows of bench/cli-bench.ts run in the
 * bench's own process, round after round, where the same code is long optimised.
 */
import { runForLine } from './child-line.js';
import { pathToFileURL } from 'node:url';
import { HashPool } from '../src/catalog/index.js';
import { Package } from '../src/package/index.js';
import { WinImage, install } from '../src/machine/index.js';

export interface FreshSample {
  ms: number;
  cpuMs: number;
}

/** `Package.load` with a worker pool of its own for the members' SHA-256s, closed after. */
export async function loadPackageWithPool(spFile: string): Promise<Package> {
  const pool = new HashPool();
  try {
    return await Package.load(spFile, {
      sha256Many: (items) => pool.hashAll(items, { algorithm: 'sha256' }),
    });
  } finally {
    await pool.close();
  }
}

async function packageAndInstall(imageFile: string, spFile: string): Promise<FreshSample> {
  const image = await WinImage.load(imageFile, { lazy: true });
  const cpu = process.cpuUsage();
  const start = performance.now();
  const pkg = await loadPackageWithPool(spFile);
  const result = await install(image, pkg, { unattended: true, noRestart: true });
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  if (result.code !== 3010 && result.code !== 0) throw new Error(`install: ${result.code} ${result.message}`);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

const SCRIPT = new URL(import.meta.url).pathname;

/** Runs the timing in a child `node` with `env` (the command's own, for a like comparison). */
export function runLibraryFresh(
  imageFile: string,
  spFile: string,
  env: NodeJS.ProcessEnv,
): Promise<FreshSample> {
  return runForLine([SCRIPT, imageFile, spFile], 'FRESH', env);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [imageFile, spFile] = process.argv.slice(2);
  if (imageFile === undefined || spFile === undefined)
    throw new Error('usage: node dist/bench/library-fresh.js IMAGE SP');
  console.log(`FRESH ${JSON.stringify(await packageAndInstall(imageFile, spFile))}`);
}
