/**
 * The command line end to end next to the library: `svcpack install IMAGE SP -u -z` on a saved
 * image (a process of its own: start, load, package read, install, save) against the library's
 * package read and `install` of the same package on the same image in this process, and the
 * library's own load and save, so that the difference can be placed. Rounds alternate the
 * contenders. The command runs four times a round: in place as a user runs it by default (on a fresh
 * copy of the saved image, made before the timing) and with `--output OUT`, each as installed (one
 * process) and with `SVCPACK_HUGE_PAGES=1` (it runs itself again with glibc's huge pages for a large
 * image, src/cli/huge-pages.ts). A fifth contender is the library's first package read and install
 * in a fresh process (bench/library-fresh.ts), whose code is as cold as the command's.
 */
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateServicePack } from '../src/generate/index.js';
import { WinImage, install } from '../src/machine/index.js';
import { loadPackageWithPool, runLibraryFresh } from './library-fresh.js';
import { runLoadSave, timed, type LoadSaveResult } from './scale-loadsave.js';
import { median } from './median.js';

/** Medians in milliseconds. */
export interface CliBenchResult {
  files: number;
  spFiles: number;
  rounds: number;
  cliMs: number;
  /** The command with SVCPACK_HUGE_PAGES=1: run again with the huge-page tunable. */
  cliHugeMs: number;
  /** The command saving in place (no --output), as installed. */
  cliInPlaceMs: number;
  /** The same with SVCPACK_HUGE_PAGES=1. */
  cliInPlaceHugeMs: number;
  libraryInstallMs: number;
  /** `Package.load` + `install`, the first in a fresh process (bench/library-fresh.ts). */
  libraryFreshMs: number;
  libraryLoadMs: number;
  /** `WinImage.load(file, { lazy: true })`, as the command loads the image it saves in place. */
  libraryLazyLoadMs: number;
  libraryPackageMs: number;
  librarySaveMs: number;
  /** CPU time (every thread) of the same, medians in milliseconds. */
  cpu: {
    cli: number;
    cliHuge: number;
    cliInPlace: number;
    cliInPlaceHuge: number;
    install: number;
    fresh: number;
    load: number;
    lazyLoad: number;
    pkg: number;
    save: number;
  };
  /**
   * When each of the in-place command's progress steps began (ms from its spawn, medians by step,
   * in the order they came), and `exit`: where its time goes.
   */
  phases: [step: string, ms: number][];
  /** The library's load and save of the saved image in plain `node` (the huge-page tunable removed). */
  plainNode: LoadSaveResult;
  /** The same with the tunable. */
  hugePages: LoadSaveResult;
  /** GLIBC_TUNABLES of this process (where the library rows ran). */
  tunables: string | undefined;
}

const CLI = new URL('../cli/svcpack.js', import.meta.url).pathname;
const CPU_REPORT = new URL('./cpu-report.js', import.meta.url).href;

/**
 * The command's environment as a user's shell gives it: no huge-page tunable or svcpack variable
 * inherited from this process (itself maybe run again by `svcpack bench`); `hugePages` asks for them.
 */
function cliEnv(hugePages: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('SVCPACK_')) delete env[name];
  const tunables = (env.GLIBC_TUNABLES ?? '')
    .split(':')
    .filter((t) => t !== '' && !t.startsWith('glibc.malloc.hugetlb='));
  if (tunables.length > 0) env.GLIBC_TUNABLES = tunables.join(':');
  else delete env.GLIBC_TUNABLES;
  if (hugePages) env.SVCPACK_HUGE_PAGES = '1';
  env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import=${CPU_REPORT}`;
  return env;
}

/**
 * Runs the command (this build's, or the bundle `cli`) as a user's shell does, through its `#!` line
 * (npm marks a bin executable, so does this), and gives its wall time and CPU time, its own and its
 * child's (reported by bench/cpu-report.ts, preloaded through NODE_OPTIONS); exit 3 (restart
 * pending) and 0 are success.
 */
export function timeCli(
  args: readonly string[],
  hugePages: boolean,
  cli = CLI,
): Promise<{ ms: number; cpuMs: number; phases: [string, number][] }> {
  chmodSync(cli, 0o755);
  const env = cliEnv(hugePages);
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cli, args, { env, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let err = '';
    let cpu = '';
    const phases = new PhaseClock(start);
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      err += text;
      phases.saw(text);
    });
    (child.stdio[3] as Readable).setEncoding('utf8').on('data', (text: string) => (cpu += text));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      if (code !== 0 && code !== 3)
        return reject(new Error(`svcpack ${args.join(' ')} exited ${code}: ${err.slice(-500)}`));
      const used = JSON.parse(cpu) as { user: number; system: number };
      resolve({ ms, cpuMs: (used.user + used.system) / 1000, phases: [...phases.steps, ['exit', ms]] });
    });
  });
}

/**
 * The first time each progress step (`svcpack: loading image ...`, `svcpack: extract 1/20000`: the
 * step is the words before any count or file name) was seen on the command's stderr, in ms from
 * `start`. Its stderr is a pipe, which node writes synchronously: a line arrives as it is written.
 */
export class PhaseClock {
  readonly steps: [string, number][] = [];
  private partial = '';

  constructor(private readonly start: number) {}

  saw(text: string): void {
    const now = performance.now() - this.start;
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      const step = /^svcpack: ([a-z][a-z ]*?)(?= \d| [^ ]*[\\/.]|\.\.\.|$)/.exec(line)?.[1];
      if (step !== undefined && !this.steps.some(([seen]) => seen === step)) this.steps.push([step, now]);
    }
  }
}

/** Per step, the median of the rounds' times, in the order of the first round's steps. */
export function medianPhases(runs: readonly [string, number][][]): [string, number][] {
  return (runs[0] ?? []).map(([step]) => [
    step,
    median(runs.flatMap((run) => run.filter(([seen]) => seen === step).map(([, ms]) => ms))),
  ]);
}

type Sample = { ms: number; cpuMs: number; phases?: [string, number][] };
const STEPS = [
  'cli',
  'cliHuge',
  'cliInPlace',
  'cliInPlaceHuge',
  'install',
  'fresh',
  'load',
  'lazyLoad',
  'pkg',
  'save',
] as const;
type Samples = Record<(typeof STEPS)[number], Sample[]>;

/** Saves an image of `files` files and an SP of `spFiles`, then times both sides `rounds` times. */
export async function runCliBench(
  options: { files?: number; spFiles?: number; rounds?: number } = {},
): Promise<CliBenchResult> {
  const files = options.files ?? 50_000;
  const spFiles = options.spFiles ?? Math.round(files * 0.4);
  const rounds = options.rounds ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'svcpack-cli-bench-'));
  const imageFile = join(dir, 'image.svcimg');
  const spFile = join(dir, 'sp.svcpkg');
  const outFile = join(dir, 'out.svcimg');
  const samples = Object.fromEntries(STEPS.map((step) => [step, [] as Sample[]])) as Samples;
  let plainNode: LoadSaveResult;
  let hugePages: LoadSaveResult;
  try {
    const image = WinImage.create({ files, seed: 1 });
    await image.save(imageFile);
    writeFileSync(spFile, generateServicePack(image, { level: 4, files: spFiles, seed: 1 }).toBytes());
    for (let round = 0; round < rounds; round++) {
      await commandRound(round, { imageFile, spFile, outFile, dir }, samples);
      await libraryRound(imageFile, spFile, outFile, samples);
    }
    plainNode = await runLoadSave(imageFile, rounds, false);
    hugePages = await runLoadSave(imageFile, rounds, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const ms = (step: (typeof STEPS)[number]) => median(samples[step].map((s) => s.ms));
  const cpu = (step: (typeof STEPS)[number]) => median(samples[step].map((s) => s.cpuMs));
  return {
    files,
    spFiles,
    rounds,
    cliMs: ms('cli'),
    cliHugeMs: ms('cliHuge'),
    cliInPlaceMs: ms('cliInPlace'),
    cliInPlaceHugeMs: ms('cliInPlaceHuge'),
    libraryInstallMs: ms('install'),
    libraryFreshMs: ms('fresh'),
    libraryLoadMs: ms('load'),
    libraryLazyLoadMs: ms('lazyLoad'),
    libraryPackageMs: ms('pkg'),
    librarySaveMs: ms('save'),
    cpu: Object.fromEntries(STEPS.map((step) => [step, cpu(step)])) as CliBenchResult['cpu'],
    phases: medianPhases(samples.cliInPlace.map((s) => s.phases ?? [])),
    plainNode,
    hugePages,
    tunables: process.env.GLIBC_TUNABLES,
  };
}

/**
 * The command's four ways, in an order rotating by round: with `--output` (the saved image stays
 * as it was for the next round) and in place on a fresh copy, each as installed and in one process;
 * and between them the library's first install in a fresh process, in the command's environment.
 */
async function commandRound(
  round: number,
  files: { imageFile: string; spFile: string; outFile: string; dir: string },
  samples: Samples,
): Promise<void> {
  const { imageFile, spFile, outFile, dir } = files;
  const fresh = join(dir, 'in-place.svcimg');
  const inPlace = (hugePages: boolean): Promise<Sample> => {
    copyFileSync(imageFile, fresh);
    // as installed, with its progress lines (as on a terminal), which time its phases
    const progress = hugePages ? '--no-progress' : '--progress';
    return timeCli(['install', fresh, spFile, '-u', '-z', progress], hugePages);
  };
  const ways: Record<'cli' | 'cliHuge' | 'cliInPlace' | 'cliInPlaceHuge' | 'fresh', () => Promise<Sample>> = {
    cli: () =>
      timeCli(['install', imageFile, spFile, '-u', '-z', '--output', outFile, '--no-progress'], false),
    cliHuge: () =>
      timeCli(['install', imageFile, spFile, '-u', '-z', '--output', outFile, '--no-progress'], true),
    cliInPlace: () => inPlace(false),
    cliInPlaceHuge: () => inPlace(true),
    fresh: () => runLibraryFresh(imageFile, spFile, cliEnv(false)),
  };
  const order = ['cli', 'cliInPlaceHuge', 'fresh', 'cliHuge', 'cliInPlace'] as const;
  for (let turn = 0; turn < order.length; turn++) {
    const way = order[(round + turn) % order.length];
    samples[way].push(await ways[way]());
  }
  rmSync(fresh, { force: true });
}

/** The library's load, package read (worker pool), install and save, each timed, in this process. */
async function libraryRound(
  imageFile: string,
  spFile: string,
  outFile: string,
  samples: Samples,
): Promise<void> {
  const { ms, cpuMs } = await timed(() => WinImage.load(imageFile, { lazy: true }));
  samples.lazyLoad.push({ ms, cpuMs });
  const loaded = await timed(() => WinImage.load(imageFile));
  const pkg = await timed(() => loadPackageWithPool(spFile));
  const installed = await timed(() =>
    install(loaded.result, pkg.result, { unattended: true, noRestart: true }),
  );
  if (installed.result.code !== 3010 && installed.result.code !== 0)
    throw new Error(`install: ${installed.result.code} ${installed.result.message}`);
  const saved = await timed(() => loaded.result.save(outFile));
  samples.load.push(loaded);
  samples.pkg.push(pkg);
  samples.install.push(installed);
  samples.save.push(saved);
}

/** The comparison as markdown. */
export function cliBenchTable(r: CliBenchResult): string[] {
  const sum = r.libraryLoadMs + r.libraryPackageMs + r.libraryInstallMs + r.librarySaveMs;
  const sumCpu = r.cpu.load + r.cpu.pkg + r.cpu.install + r.cpu.save;
  // the library's install of the package file, as the issue measured "the install": read it, install it
  const base = r.libraryPackageMs + r.libraryInstallMs;
  const baseCpu = r.cpu.pkg + r.cpu.install;
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  const row = (what: string, ms: number, cpuMs: number) =>
    `| ${what} | ${ms.toFixed(0)} | ${ratio(ms, base)} | ${ratio(ms, r.libraryInstallMs)} | ${cpuMs.toFixed(0)} | ${ratio(cpuMs, baseCpu)} |`;
  const inPlace =
    '`svcpack install IMAGE SP -u -z` in place (a fresh copy of the saved image per round; the save appends)';
  const output = '`svcpack install IMAGE SP -u -z --output OUT` (the save copies IMAGE and appends)';
  return [
    `| ${r.files.toLocaleString('en-US')} files, SP of ${r.spFiles.toLocaleString('en-US')} (median of ${r.rounds} alternated rounds) | wall ms | ÷ library package + install | ÷ library install alone | CPU ms | CPU ÷ library package + install |`,
    '|---|---:|---:|---:|---:|---:|',
    row(`${inPlace}, as installed`, r.cliInPlaceMs, r.cpu.cliInPlace),
    row(`${inPlace}, with \`SVCPACK_HUGE_PAGES=1\``, r.cliInPlaceHugeMs, r.cpu.cliInPlaceHuge),
    row(`${output}, as installed`, r.cliMs, r.cpu.cli),
    row(`${output}, with \`SVCPACK_HUGE_PAGES=1\``, r.cliHugeMs, r.cpu.cliHuge),
    row('library `Package.load` (worker pool) + `install`', base, baseCpu),
    row('library `install`', r.libraryInstallMs, r.cpu.install),
    row(
      'library `Package.load` + `install`, the first in a fresh `node` (the image loaded lazily before)',
      r.libraryFreshMs,
      r.cpu.fresh,
    ),
    row('library `WinImage.load`', r.libraryLoadMs, r.cpu.load),
    row(
      'library `WinImage.load` with `lazy` (as the command in place loads)',
      r.libraryLazyLoadMs,
      r.cpu.lazyLoad,
    ),
    row('library `Package.load` (worker pool)', r.libraryPackageMs, r.cpu.pkg),
    row('library `save` to another path (copies the loaded file, appends)', r.librarySaveMs, r.cpu.save),
    row('library load + package + install + save', sum, sumCpu),
    '',
    `The command as installed runs in one process, plain \`node\`; with \`SVCPACK_HUGE_PAGES=1\` it runs itself again with glibc's huge pages for files of 32 MiB or more (docs/cli.md). Huge pages ÷ as installed: in place ${ratio(r.cliInPlaceHugeMs, r.cliInPlaceMs)} wall, ${ratio(r.cpu.cliInPlaceHuge, r.cpu.cliInPlace)} CPU; \`--output\` ${ratio(r.cliHugeMs, r.cliMs)} wall, ${ratio(r.cpu.cliHuge, r.cpu.cli)} CPU.`,
    `The library rows above the fresh one ran in this process, round after round (their code long optimised); the command's code is as cold as the fresh process's. In place, as installed ÷ the library's first \`Package.load\` + \`install\` in a fresh process: ${ratio(r.cliInPlaceMs, r.libraryFreshMs)} wall, ${ratio(r.cpu.cliInPlace, r.cpu.fresh)} CPU.`,
    `The command in place, as installed, ran with \`--progress\`: each step began at (ms from its start, medians) ${r.phases.map(([step, ms]) => `${step} ${ms.toFixed(0)}`).join(', ')}.`,
    `Library load ÷ save (same rounds, this process, GLIBC_TUNABLES=${r.tunables ?? '(unset)'}): ${ratio(r.libraryLoadMs, r.librarySaveMs)} wall, ${ratio(r.cpu.load, r.cpu.save)} CPU.`,
    loadSaveLine('Plain `node` (no huge-page tunable', r.plainNode, r.files),
    loadSaveLine(
      'With `GLIBC_TUNABLES=glibc.malloc.hugetlb=1` (what `SVCPACK_HUGE_PAGES=1` gives the command',
      r.hugePages,
      r.files,
    ),
  ];
}

function loadSaveLine(what: string, p: LoadSaveResult, files: number): string {
  return `${what}; ${p.rounds} alternated save/load rounds in a child, the saved ${files.toLocaleString('en-US')}-file image): save ${p.saveMs.toFixed(0)} ms (CPU ${p.saveCpuMs.toFixed(0)}), load ${p.loadMs.toFixed(0)} ms (CPU ${p.loadCpuMs.toFixed(0)}): load ÷ save ${(p.loadMs / p.saveMs).toFixed(2)}× wall, ${(p.loadCpuMs / p.saveCpuMs).toFixed(2)}× CPU; the file alone read into fresh memory and passed over once (CRC-32): ${p.readMs.toFixed(0)} ms (CPU ${p.readCpuMs.toFixed(0)}), ${(p.readMs / p.saveMs).toFixed(2)}× the save.`;
}
