/**
 * The scaling table: create, fork, save, load, install, boot and uninstall at several image sizes,
 * each size in a child process of its own (bench/scale-child.ts), the load in one more so that its
 * peak memory is its own. Time, µs per image file and peak resident memory; the service pack has
 * `spRatio` of the image's file count (0.4: the 20,000-file SP4 at 50,000 files).
 */
import { runForLine } from './child-line.js';
import { mkdtempSync, rmSync, statSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { medianOf, type ScaleMeasure } from './scale-child.js';

/** One row of the scaling table. */
export interface ScaleRow extends ScaleMeasure {
  files: number;
  /** The folder the size's files went to (see scaleFolder). */
  folder?: string;
  /** The saved image file's size (the load row's content). */
  imageBytes?: number;
}

/** The scaling table's default sizes. */
export const SCALE_SIZES = [10_000, 50_000, 200_000, 500_000];

/** Runs `node --expose-gc <script> ...args` and returns the measures it printed. */
export function runChild(script: string, args: readonly string[]): Promise<ScaleMeasure[]> {
  return runForLine(['--expose-gc', script, ...args], 'SCALE');
}

const CHILD = new URL('./scale-child.js', import.meta.url).pathname;

/** Room a size needs in its folder: the image file twice (about 4 KiB per file each), and a margin. */
const BYTES_PER_FILE = 12 * 1024;

/**
 * Where a size's files go: a memory-backed folder (`/dev/shm`) when it has room, so that save and
 * load measure the engine and not the host's disk, whose throughput moved sixfold between two
 * identical 2 GB writes on the bench's VM (`dd ... conv=fdatasync`: 343 MB/s, then 2.2 GB/s); else
 * the system's temporary folder.
 */
export function scaleFolder(files: number): string {
  try {
    const { bavail, bsize } = statfsSync('/dev/shm');
    if (bavail * bsize >= files * BYTES_PER_FILE) return '/dev/shm';
  } catch {
    // no such folder: not Linux, or a system without it
  }
  return tmpdir();
}

/** Loads of each kind measured, each in a process of its own, the kinds alternating. */
const LOADS = 3;

/**
 * The median (by time) of {@link LOADS} plain and lazy loads of `file`, each in a fresh process,
 * alternating (plain, lazy; lazy, plain; ...): a single cold load moved by 2× between runs.
 */
async function medianLoads(file: string): Promise<{ load: ScaleMeasure; lazy: ScaleMeasure }> {
  const loads: ScaleMeasure[] = [];
  const lazies: ScaleMeasure[] = [];
  for (let round = 0; round < LOADS; round++) {
    for (const lazy of round % 2 === 0 ? [false, true] : [true, false]) {
      const [measure] = await runChild(CHILD, [lazy ? 'load-lazy' : 'load', file]);
      (lazy ? lazies : loads).push(measure);
    }
  }
  return { load: medianOf(loads), lazy: medianOf(lazies) };
}

/** Measures every size in turn (smallest first), each in fresh processes. */
export async function runScaleBench(
  options: { sizes?: readonly number[]; spRatio?: number; onSize?: (files: number) => void } = {},
): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  for (const files of options.sizes ?? SCALE_SIZES) {
    options.onSize?.(files);
    const folder = scaleFolder(files);
    const dir = mkdtempSync(join(folder, 'svcpack-scale-'));
    try {
      const spFiles = Math.max(1, Math.round(files * (options.spRatio ?? 0.4)));
      const table = await runChild(CHILD, ['table', String(files), String(spFiles), dir]);
      const file = join(dir, 'image.svcimg');
      const imageBytes = statSync(file).size;
      const { load, lazy } = await medianLoads(file);
      const ordered = [...table.slice(0, 3), load, lazy, ...table.slice(3)];
      rows.push(...ordered.map((m) => ({ files, folder, ...m, ...(m === load ? { imageBytes } : {}) })));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

const MIB = 1024 * 1024;

function sizesIn(rows: readonly ScaleRow[], folder: string): string {
  const sizes = [...new Set(rows.filter((r) => r.folder === folder).map((r) => r.files))];
  return sizes.map((files) => files.toLocaleString('en-US')).join(', ');
}

/** The table as markdown: per operation, one column group per size. */
export function scaleTable(rows: readonly ScaleRow[]): string[] {
  const lines = [
    '| files | operation | ms | µs per file | CPU µs per file: user / system | peak RSS (MiB) | rise over its start (MiB) |',
    '|---:|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.files.toLocaleString('en-US')} | ${r.operation} | ${r.ms.toFixed(0)} | ${perFile(r.ms, r.files)} | ${perFile(r.userMs, r.files)} / ${perFile(r.systemMs, r.files)} | ${(r.peakBytes / MIB).toFixed(0)} | ${((r.peakBytes - r.startBytes) / MIB).toFixed(0)} |`,
    );
  }
  const loads = rows.filter((r) => r.operation === 'load' && r.imageBytes !== undefined);
  if (loads.length > 0) {
    lines.push(
      '',
      '| files | image file (MiB) | load: rise over the process before it (MiB) | beyond the file, per file |',
      '|---:|---:|---:|---:|',
      ...loads.map(
        (r) =>
          `| ${r.files.toLocaleString('en-US')} | ${(r.imageBytes! / MIB).toFixed(0)} | ${((r.peakBytes - r.startBytes) / MIB).toFixed(0)} | ${((r.peakBytes - r.startBytes - r.imageBytes!) / r.files).toFixed(0)} B |`,
      ),
    );
  }
  const ratios = ratiosBySize(rows, 'save', 'load');
  if (ratios.length > 0) lines.push('', `load ÷ save: ${ratios.join(', ')}`);
  const lazyRatios = ratiosBySize(rows, 'save', 'load, lazy');
  if (lazyRatios.length > 0) lines.push('', `lazy load ÷ save: ${lazyRatios.join(', ')}`);
  const folders = [...new Set(rows.map((r) => r.folder).filter((f) => f !== undefined))];
  if (folders.length > 0)
    lines.push(
      '',
      `Files written to: ${folders.map((f) => `\`${f}\` (${sizesIn(rows, f)})`).join(', ')}. A memory-backed folder takes the host disk out of save and load; the command line section above writes to the disk.`,
    );
  const spread = perFileSpread(rows, (r) => r.ms);
  if (spread.length > 0)
    lines.push(
      '',
      'µs per file, largest size ÷ 50,000: ' + spread.join(', '),
      '',
      'user CPU µs per file, largest size ÷ 50,000: ' + perFileSpread(rows, (r) => r.userMs).join(', '),
    );
  return lines;
}

/** Per size: `over`'s time ÷ `under`'s. */
function ratiosBySize(rows: readonly ScaleRow[], under: string, over: string): string[] {
  return [...new Set(rows.map((r) => r.files))].flatMap((files) => {
    const base = rows.find((r) => r.files === files && r.operation === under);
    const top = rows.find((r) => r.files === files && r.operation === over);
    return base && top ? [`${files.toLocaleString('en-US')} ${(top.ms / base.ms).toFixed(2)}×`] : [];
  });
}

function perFile(ms: number, files: number): string {
  return ((ms * 1000) / files).toFixed(1);
}

/**
 * Per operation: the largest size's µs per file over 50,000's (the issue's "at most 1.5×"), of the
 * wall time or of a CPU time.
 */
function perFileSpread(rows: readonly ScaleRow[], time: (row: ScaleRow) => number): string[] {
  const largest = Math.max(...rows.map((r) => r.files));
  if (largest <= 50_000) return [];
  const at = (files: number, operation: string) =>
    rows.find((r) => r.files === files && r.operation === operation);
  return [...new Set(rows.map((r) => r.operation))].flatMap((operation) => {
    const base = at(50_000, operation);
    const top = at(largest, operation);
    return base && top ? [`${operation} ${(time(top) / largest / (time(base) / 50_000)).toFixed(2)}×`] : [];
  });
}
