/**
 * The save's encode in two builds of svcpack, in alternating rounds: what `svcpack install IMAGE SP
 * -u -z` spends on the main thread before its save writes a byte. Each round runs, per build (which
 * goes first alternating by round), a fresh child process that loads a copy of IMAGE, installs SP
 * (unattended, no restart: its renames queued) and times the encode of the append to its own file
 * (`planAppend`: entry table, same-content pairs, blobAt, header) once cold, as the command runs it,
 * then WARM more times, and the whole save's encode (`encodeBody` and `segmentParts`) WARM times.
 * It checks that both builds encode the same bytes (xxh64 of every part, in order).
 *
 *   npm run build && node dist/bench/compare-encode.js /work/main . 7 [IMAGE SP]
 *
 * Without IMAGE and SP it saves a 50,000-file image and a 20,000-file SP4 for it first. Prints the
 * medians per build and the medians of each round's B / A ratio, of wall time and of the main
 * thread's CPU time (/proc/thread-self/schedstat: the machine's other threads and processes do not
 * count; the whole process's CPU time where that file is missing).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './median.js';

const WARM = 5;
const THREAD_STAT = '/proc/thread-self/schedstat';

/** One timing: wall and main-thread CPU, in milliseconds. */
interface Timing {
  ms: number;
  cpuMs: number;
}

/** What a child reports. */
interface ChildReport {
  cold: Timing;
  warm: Timing;
  whole: Timing;
  /** xxh64 of the append's parts and of the whole save's parts. */
  appendHash: string;
  wholeHash: string;
}

/** The main thread's CPU time in ms (the process's, all threads, where the thread's is not exposed). */
function cpuMs(): number {
  if (existsSync(THREAD_STAT)) return Number(readFileSync(THREAD_STAT, 'utf8').split(' ')[0]) / 1e6;
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function timeOnce(run: () => void): Timing {
  const cpu = cpuMs();
  const start = performance.now();
  run();
  return { ms: performance.now() - start, cpuMs: cpuMs() - cpu };
}

function medianTiming(timings: readonly Timing[]): Timing {
  return { ms: median(timings.map((t) => t.ms)), cpuMs: median(timings.map((t) => t.cpuMs)) };
}

/** In the child: loads `image` with the build at `root`, installs `sp` and times its encodes. */
async function measure(root: string, image: string, sp: string): Promise<ChildReport> {
  const from = (path: string) => import(pathToFileURL(resolve(root, 'dist', path)).href);
  const { WinImage, install } = await from('src/machine/index.js');
  const { Package } = await from('src/package/index.js');
  const { coreOf, createXxh64, hashHex } = await from('src/image/index.js');
  const { encodeBody, segmentParts } = await from('src/image/format.js');
  const { planAppend, ownFileOf } = await from('src/image/format-append.js');
  const loaded = await WinImage.load(image);
  const result = await install(loaded, await Package.load(sp), { unattended: true, noRestart: true });
  if (result.code !== 0 && result.code !== 3010) throw new Error(`${root}: install gave ${result.code}`);
  const core = coreOf(loaded);
  const own = ownFileOf(core);
  const hashOf = (parts: readonly Uint8Array[]): string => {
    const hasher = createXxh64();
    for (const part of parts) hasher.update(part);
    return hashHex(hasher.digest());
  };
  let plan: { parts: Buffer[] } | undefined;
  const cold = timeOnce(() => (plan = planAppend(core, own)));
  if (!plan) throw new Error(`${root}: the save would not append`);
  const warm = Array.from({ length: WARM }, () => timeOnce(() => planAppend(core, own)));
  let whole: Buffer[] = [];
  const wholes = Array.from({ length: WARM }, () =>
    timeOnce(() => (whole = segmentParts(encodeBody(core, 8)).parts)),
  );
  return {
    cold,
    warm: medianTiming(warm),
    whole: medianTiming(wholes),
    appendHash: hashOf(plan.parts),
    wholeHash: hashOf(whole),
  };
}

/** Runs one child for the build at `root` on a fresh copy of `image`. */
function runChild(root: string, image: string, sp: string, scratch: string): ChildReport {
  const copy = join(scratch, 'image.svcimg');
  copyFileSync(image, copy);
  try {
    const output = execFileSync(
      process.execPath,
      [fileURLToPath(import.meta.url), '--child', root, copy, sp],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      },
    );
    return JSON.parse(output.trim().split('\n').at(-1)!) as ChildReport;
  } finally {
    rmSync(copy, { force: true });
  }
}

/** A saved 50,000-file image and an SP4 of 20,000 files for it, made with the build at `root`. */
async function makeInputs(root: string, scratch: string): Promise<{ image: string; sp: string }> {
  const from = (path: string) => import(pathToFileURL(resolve(root, 'dist', path)).href);
  const { WinImage } = await from('src/machine/index.js');
  const { generateServicePack } = await from('fixtures/index.js');
  const image = join(scratch, 'base.svcimg');
  const sp = join(scratch, 'sp.svcpkg');
  const machine = WinImage.create({ files: 50_000, seed: 1 });
  await machine.save(image);
  writeFileSync(sp, generateServicePack(machine, { level: 4, files: 20_000, seed: 1 }).toBytes());
  return { image, sp };
}

const STEPS = ['cold', 'warm', 'whole'] as const;

function report(roots: string[], runs: ChildReport[][]): void {
  roots.forEach((root, b) => {
    const line = STEPS.map((step) => {
      const { ms, cpuMs } = medianTiming(runs[b].map((run) => run[step]));
      return `${step} ${ms.toFixed(1)} ms (CPU ${cpuMs.toFixed(1)})`;
    });
    console.log(`${root}: ${line.join(', ')}`);
  });
  const ratios = STEPS.map((step) => {
    const wall = median(runs[1].map((run, i) => run[step].ms / runs[0][i][step].ms));
    const cpu = median(runs[1].map((run, i) => run[step].cpuMs / runs[0][i][step].cpuMs));
    return `${step} wall ${wall.toFixed(3)}, CPU ${cpu.toFixed(3)}`;
  });
  console.log(`B / A, medians of the rounds' own ratios: ${ratios.join('; ')}`);
  const same = runs[1].every(
    (run, i) => run.appendHash === runs[0][i].appendHash && run.wholeHash === runs[0][i].wholeHash,
  );
  console.log(
    `same bytes in every round: ${same ? 'yes' : 'NO'} (append ${runs[0][0].appendHash}, whole ${runs[0][0].wholeHash})`,
  );
  if (!same) process.exitCode = 1;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    console.log(JSON.stringify(await measure(args[1], args[2], args[3])));
    return;
  }
  const [first, second, roundsText, imageArg, spArg] = args;
  if (!first || !second) {
    console.error('usage: node dist/bench/compare-encode.js <repo A> <repo B> [rounds] [IMAGE SP]');
    process.exit(2);
  }
  const rounds = Math.max(1, Number(roundsText ?? 7) || 7);
  const scratch = mkdtempSync(join(tmpdir(), 'svcpack-compare-encode-'));
  try {
    const { image, sp } =
      imageArg && spArg ? { image: imageArg, sp: spArg } : await makeInputs(first, scratch);
    const roots = [first, second];
    const runs: ChildReport[][] = [[], []];
    for (let round = 0; round < rounds; round++)
      for (const b of round % 2 === 0 ? [0, 1] : [1, 0]) runs[b].push(runChild(roots[b], image, sp, scratch));
    console.log(`${rounds} rounds, ${new Date().toISOString()}; A = ${first}, B = ${second}`);
    report(roots, runs);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
