/**
 * The command line end to end next to the library: `svcpack install IMAGE SP -u -z` on a saved
 * image (a process of its own: start, load, package read, install, save) against the library's
 * `install` of the same package on the same image in this process, and the library's own load,
 * package read and save, so that the difference can be placed. Rounds alternate the contenders.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateServicePack } from '../src/generate/index.js';
import { HashPool } from '../src/catalog/index.js';
import { Package } from '../src/package/index.js';
import { WinImage, install } from '../src/machine/index.js';

/** Medians in milliseconds. */
export interface CliBenchResult {
  files: number;
  spFiles: number;
  rounds: number;
  cliMs: number;
  libraryInstallMs: number;
  libraryLoadMs: number;
  libraryPackageMs: number;
  librarySaveMs: number;
}

const CLI = new URL('../cli/svcpack.js', import.meta.url).pathname;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/**
 * Runs the command as a user's shell does, through its `#!` line (npm marks a bin executable, so does
 * this), and gives its wall time; exit 3 (restart pending) and 0 are success.
 */
function timeCli(args: readonly string[]): Promise<number> {
  chmodSync(CLI, 0o755);
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(CLI, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (err += text));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 || code === 3) resolve(performance.now() - start);
      else reject(new Error(`svcpack ${args.join(' ')} exited ${code}: ${err.slice(-500)}`));
    });
  });
}

async function timed<T>(work: () => T | Promise<T>): Promise<{ result: T; ms: number }> {
  gc();
  const start = performance.now();
  const result = await work();
  return { result, ms: performance.now() - start };
}

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
  const samples = {
    cli: [] as number[],
    install: [] as number[],
    load: [] as number[],
    pkg: [] as number[],
    save: [] as number[],
  };
  try {
    const image = WinImage.create({ files, seed: 1 });
    await image.save(imageFile);
    writeFileSync(spFile, generateServicePack(image, { level: 4, files: spFiles, seed: 1 }).toBytes());
    for (let round = 0; round < rounds; round++) {
      // --output keeps the saved image as it was for the next round; the save costs the same
      samples.cli.push(
        await timeCli(['install', imageFile, spFile, '-u', '-z', '--output', outFile, '--no-progress']),
      );
      const loaded = await timed(() => WinImage.load(imageFile));
      const pool = new HashPool();
      const pkg = await timed(() =>
        Package.load(spFile, { sha256Many: (items) => pool.hashAll(items, { algorithm: 'sha256' }) }),
      );
      await pool.close();
      const installed = await timed(() =>
        install(loaded.result, pkg.result, { unattended: true, noRestart: true }),
      );
      if (installed.result.code !== 3010 && installed.result.code !== 0)
        throw new Error(`install: ${installed.result.code} ${installed.result.message}`);
      const saved = await timed(() => loaded.result.save(outFile));
      samples.load.push(loaded.ms);
      samples.pkg.push(pkg.ms);
      samples.install.push(installed.ms);
      samples.save.push(saved.ms);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    files,
    spFiles,
    rounds,
    cliMs: median(samples.cli),
    libraryInstallMs: median(samples.install),
    libraryLoadMs: median(samples.load),
    libraryPackageMs: median(samples.pkg),
    librarySaveMs: median(samples.save),
  };
}

/** The comparison as markdown. */
export function cliBenchTable(r: CliBenchResult): string[] {
  const sum = r.libraryLoadMs + r.libraryPackageMs + r.libraryInstallMs + r.librarySaveMs;
  return [
    `| ${r.files.toLocaleString('en-US')} files, SP of ${r.spFiles.toLocaleString('en-US')} (median of ${r.rounds} alternated rounds) | ms | ÷ library install |`,
    '|---|---:|---:|',
    `| \`svcpack install IMAGE SP -u -z\` (own process, end to end) | ${r.cliMs.toFixed(0)} | ${(r.cliMs / r.libraryInstallMs).toFixed(2)}× |`,
    `| library \`install\` | ${r.libraryInstallMs.toFixed(0)} | 1.00× |`,
    `| library \`WinImage.load\` | ${r.libraryLoadMs.toFixed(0)} | ${(r.libraryLoadMs / r.libraryInstallMs).toFixed(2)}× |`,
    `| library \`Package.load\` (worker pool) | ${r.libraryPackageMs.toFixed(0)} | ${(r.libraryPackageMs / r.libraryInstallMs).toFixed(2)}× |`,
    `| library \`save\` | ${r.librarySaveMs.toFixed(0)} | ${(r.librarySaveMs / r.libraryInstallMs).toFixed(2)}× |`,
    `| library load + package + install + save | ${sum.toFixed(0)} | ${(sum / r.libraryInstallMs).toFixed(2)}× |`,
    '',
    `Library load ÷ save (same rounds): ${(r.libraryLoadMs / r.librarySaveMs).toFixed(2)}×.`,
  ];
}
