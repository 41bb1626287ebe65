/**
 * Boot benchmarks: a reboot of the default Windows 2000 image with 10,000 queued entries (a mix of
 * renames, replaces and deletes) in both fidelity modes, against the DESIGN.md target of 100,000
 * entries per second; and the queue codec encoding and decoding the same 10,000 entries.
 * `node dist/bench/boot.js` prints a markdown table (`node --expose-gc` keeps earlier samples'
 * garbage out of the timings).
 */
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import {
  PENDING_RENAME_VALUES,
  SESSION_MANAGER_KEY,
  decodePendingRenames,
  encodePendingRenames,
  reboot,
  type PendingRenameRequest,
} from '../src/boot/index.js';
import { WinImage } from '../src/machine/index.js';
import { populate, setRegistryRawValue, type BirthFile } from '../src/ops/index.js';
import { printRows, type BenchRow } from './report.js';
import { coreOf } from '../src/machine/internal.js';
import { median } from './median.js';

/** Options of the boot suite. */
export interface BootBenchOptions {
  /** Queued entries (default 10,000). */
  entries?: number;
  /** Timed reboots per mode (default 10). */
  samples?: number;
}

const FOLDER = 'WINNT\\system32\\bench';

/** The default image with the files the queue needs, and the queue itself (one value, as written by Windows). */
function imageWithQueue(entries: number): { image: WinImage; requests: PendingRenameRequest[] } {
  const image = WinImage.create();
  const core = coreOf(image);
  const time = core.clock;
  const files: BirthFile[] = [];
  const requests: PendingRenameRequest[] = [];
  const file = (path: string): void => {
    files.push({
      drive: 'C',
      path,
      data: Buffer.from(path),
      attributes: 0x20,
      version: undefined,
      created: time,
      modified: time,
    });
  };
  for (let i = 0; i < entries; i++) {
    const name = `C:\\${FOLDER}\\f${i}`;
    switch (i % 3) {
      case 0: // rename onto a free name
        file(`${FOLDER}\\f${i}.new`);
        requests.push({
          source: `\\??\\${name}.new`,
          destination: `\\??\\${name}.dll`,
          replaceExisting: false,
        });
        break;
      case 1: // replace an existing file
        file(`${FOLDER}\\f${i}.new`);
        file(`${FOLDER}\\f${i}.dll`);
        requests.push({
          source: `\\??\\${name}.new`,
          destination: `\\??\\${name}.dll`,
          replaceExisting: true,
        });
        break;
      default: // delete
        file(`${FOLDER}\\f${i}.old`);
        requests.push({ source: `\\??\\${name}.old`, destination: null, replaceExisting: false });
    }
  }
  populate(core, [], files);
  setRegistryRawValue(core, SESSION_MANAGER_KEY, PENDING_RENAME_VALUES[1], 7, encodePendingRenames(requests));
  return { image, requests };
}

/** Collects the garbage of earlier samples when node runs with --expose-gc, so it is not billed to the boot. */
const collectGarbage = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);

function timeReboots(
  base: WinImage,
  mode: 'windows' | 'transactional',
  samples: number,
  entries: number,
): number {
  const times: number[] = [];
  for (let i = 0; i <= samples; i++) {
    const copy = base.fork();
    collectGarbage();
    const start = performance.now();
    const report = reboot(coreOf(copy), { mode });
    const elapsed = performance.now() - start;
    if (report.counts.failed !== 0 || report.entries.length !== entries) {
      throw new Error(`boot bench: ${report.counts.failed} of ${report.entries.length} entries failed`);
    }
    if (i > 0) times.push(elapsed); // the first run warms up
  }
  return median(times);
}

function timeLoop(samples: number, fn: () => void): number {
  fn();
  const start = performance.now();
  for (let i = 0; i < samples; i++) fn();
  return (performance.now() - start) / samples;
}

/** Runs the boot suite; rows carry their task, median boot time (mean for the codec) and a rate or ratio. */
export async function runBootBench(options: BootBenchOptions = {}): Promise<Omit<BenchRow, 'suite'>[]> {
  const entries = options.entries ?? 10_000;
  const samples = options.samples ?? 10;
  const { image, requests } = imageWithQueue(entries);
  const rows: Omit<BenchRow, 'suite'>[] = [];
  const bootMs: Record<string, number> = {};
  for (const mode of ['windows', 'transactional'] as const) {
    const ms = timeReboots(image, mode, samples, entries);
    bootMs[mode] = ms;
    rows.push({
      task: `reboot (${mode}) with ${entries} queued entries`,
      meanMs: ms,
      samples,
      value: Math.round(entries / (ms / 1000)),
      unit: 'entries/s (target >= 100000)',
    });
  }
  const bytes = encodePendingRenames(requests);
  const encodeMs = timeLoop(samples * 5, () => encodePendingRenames(requests));
  const decodeMs = timeLoop(samples * 5, () => decodePendingRenames(bytes));
  rows.push({
    task: `codec encode ${entries} entries (${bytes.length} bytes)`,
    meanMs: encodeMs,
    samples: samples * 5,
    ratio: bootMs.windows / encodeMs,
    unit: 'x faster than the boot',
  });
  rows.push({
    task: `codec decode ${entries} entries`,
    meanMs: decodeMs,
    samples: samples * 5,
    ratio: bootMs.windows / decodeMs,
  });
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await runBootBench();
  printRows(rows.map((row) => ({ suite: 'boot', ...row })));
}
