/**
 * The scaling table: create, fork, save, load, install, boot and uninstall at several image sizes,
 * each size in a child process of its own (bench/scale-child.ts), the load in one more so that its
 * peak memory is its own. Time, µs per image file and peak resident memory; the service pack has
 * `spRatio` of the image's file count (0.4: the 20,000-file SP4 at 50,000 files).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScaleMeasure } from './scale-child.js';

/** One row of the scaling table. */
export interface ScaleRow extends ScaleMeasure {
  files: number;
  /** The saved image file's size (the load row's content). */
  imageBytes?: number;
}

/** The scaling table's default sizes. */
export const SCALE_SIZES = [10_000, 50_000, 200_000, 500_000];

/** Runs `node --expose-gc <script> ...args` and returns the measures it printed. */
export function runChild(script: string, args: readonly string[]): Promise<ScaleMeasure[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('SCALE '));
      if (code !== 0 || !line)
        reject(new Error(`${script} ${args.join(' ')} exited ${code}: ${out.slice(-500)}`));
      else resolve(JSON.parse(line.slice(6)) as ScaleMeasure[]);
    });
  });
}

const CHILD = new URL('./scale-child.js', import.meta.url).pathname;

/** Measures every size in turn (smallest first), each in fresh processes. */
export async function runScaleBench(
  options: { sizes?: readonly number[]; spRatio?: number; onSize?: (files: number) => void } = {},
): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  for (const files of options.sizes ?? SCALE_SIZES) {
    options.onSize?.(files);
    const dir = mkdtempSync(join(tmpdir(), 'svcpack-scale-'));
    try {
      const spFiles = Math.max(1, Math.round(files * (options.spRatio ?? 0.4)));
      const table = await runChild(CHILD, ['table', String(files), String(spFiles), dir]);
      const file = join(dir, 'image.svcimg');
      const imageBytes = statSync(file).size;
      const [load] = await runChild(CHILD, ['load', file]);
      const ordered = [...table.slice(0, 3), load, ...table.slice(3)];
      rows.push(...ordered.map((m) => ({ files, ...m, ...(m === load ? { imageBytes } : {}) })));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

const MIB = 1024 * 1024;

/** The table as markdown: per operation, one column group per size. */
export function scaleTable(rows: readonly ScaleRow[]): string[] {
  const lines = [
    '| files | operation | ms | µs per file | peak RSS (MiB) | rise over its start (MiB) |',
    '|---:|---|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.files.toLocaleString('en-US')} | ${r.operation} | ${r.ms.toFixed(0)} | ${((r.ms * 1000) / r.files).toFixed(1)} | ${(r.peakBytes / MIB).toFixed(0)} | ${((r.peakBytes - r.startBytes) / MIB).toFixed(0)} |`,
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
  const spread = perFileSpread(rows);
  if (spread.length > 0) lines.push('', 'µs per file, largest size ÷ 50,000: ' + spread.join(', '));
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

/** Per operation: the largest size's µs per file over 50,000's (the issue's "at most 1.5×"). */
function perFileSpread(rows: readonly ScaleRow[]): string[] {
  const largest = Math.max(...rows.map((r) => r.files));
  if (largest <= 50_000) return [];
  const at = (files: number, operation: string) =>
    rows.find((r) => r.files === files && r.operation === operation);
  return [...new Set(rows.map((r) => r.operation))].flatMap((operation) => {
    const base = at(50_000, operation);
    const top = at(largest, operation);
    return base && top ? [`${operation} ${(top.ms / largest / (base.ms / 50_000)).toFixed(2)}×`] : [];
  });
}
