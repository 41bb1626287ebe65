/**
 * Hashing benchmark: SHA-256 for catalogs in the worker pool against one thread inline, and xxh64
 * inline against the pool. Run with `npm run build && node dist/bench/hashing.js [MiB]`.
 */
import { pathToFileURL } from 'node:url';
import { availableParallelism } from 'node:os';
import { Bench } from 'tinybench';
import { HashPool, initHashing, type HashAlgorithm, type HashMode } from '../src/catalog/index.js';

const MiB = 1024 * 1024;
const KiB = 1024;

/** One measured task of the hashing benchmark. */
export interface HashingBenchRow {
  /** The content: `'1024 x 1 MiB, shared memory'` or `'50000 x ~20 KiB, ordinary memory'`. */
  case: string;
  /** What was measured, e.g. `'sha256 pool'`. */
  task: string;
  opsPerSec: number;
  meanMs: number;
  /** Content hashed per second, GiB. */
  gibPerSec: number;
  /** For the compared paths: this task's speed over its baseline's (> 1 is faster). */
  ratio?: number;
  /** The task `ratio` is measured against. */
  baseline?: string;
}

/** Options of `runHashingBench`. */
export interface HashingBenchOptions {
  /** Bytes of content per case. Default 1 GiB. */
  totalBytes?: number;
  /** Worker threads. Default: the pool's default (`os.availableParallelism()`). */
  threads?: number;
  /** Measured iterations per task (after one warm-up). Default 3. */
  iterations?: number;
}

/**
 * Fills `length` bytes from a seeded xorshift32 generator, four bytes per step, in ordinary memory
 * or in shared memory (where svcpack reads a package file for the pool, `startReading` in
 * src/package/file-read.ts).
 */
function seededContent(length: number, seed: number, shared: boolean): Uint8Array {
  const bytes = new Uint8Array(shared ? new SharedArrayBuffer(length) : new ArrayBuffer(length));
  const words = new Uint32Array(bytes.buffer, 0, length >>> 2);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x;
  }
  for (let i = words.length * 4; i < length; i++) bytes[i] = i & 0xff;
  return bytes;
}

/** Cuts `content` into consecutive views of the given sizes. */
function views(content: Uint8Array, sizes: number[]): Uint8Array[] {
  let at = 0;
  return sizes.map((size) => content.subarray(at, (at += size)));
}

/** The two file sets over one block of content: big files, and many ~20 KiB files. */
function fileSets(totalBytes: number, shared: boolean): { name: string; files: Uint8Array[] }[] {
  const content = seededContent(totalBytes, 1, shared);
  const memory = shared ? 'shared memory' : 'ordinary memory';
  const bigCount = Math.max(1, Math.floor(totalBytes / MiB));
  let x = 7;
  let room = totalBytes;
  const smallSizes: number[] = [];
  while (smallSizes.length < 50_000) {
    x = (x * 1103515245 + 12345) >>> 0;
    const size = 16 * KiB + (x % (8 * KiB)); // 16..24 KiB, ~20 KiB on average
    if (size > room) break;
    smallSizes.push(size);
    room -= size;
  }
  const smallCount = smallSizes.length;
  return [
    {
      name: `${bigCount} x 1 MiB, ${memory}`,
      files: views(content, new Array<number>(bigCount).fill(Math.min(MiB, totalBytes))),
    },
    { name: `${smallCount} x ~20 KiB, ${memory}`, files: views(content, smallSizes) },
  ];
}

/** Copies the files into reused 8 MiB buffers, each aligned like its source, as the pool does for ordinary memory. */
function copyIntoPackedBuffers(files: Uint8Array[]): number {
  const buffers = [new Uint8Array(10 * MiB), new Uint8Array(10 * MiB)];
  let copied = 0;
  let at = 0;
  let current = 0;
  for (const file of files) {
    at += (file.byteOffset - at) & 7;
    if (at + file.byteLength > buffers[current].byteLength) {
      current ^= 1;
      at = file.byteOffset & 7;
    }
    const target =
      file.byteLength <= buffers[current].byteLength - at
        ? buffers[current]
        : new Uint8Array(file.byteLength);
    target.set(file, target === buffers[current] ? at : 0);
    at += file.byteLength;
    copied += file.byteLength;
  }
  return copied;
}

/** Tasks, each compared with the fastest of its baselines. */
const TASKS: {
  task: string;
  algorithm?: HashAlgorithm;
  mode?: HashMode;
  callerHelps?: boolean;
  baselines?: string[];
}[] = [
  { task: 'sha256 inline', algorithm: 'sha256', mode: 'inline' },
  { task: 'sha256 pool', algorithm: 'sha256', mode: 'pool', baselines: ['sha256 inline'] },
  {
    task: 'sha256 pool, one worker per core, caller idle',
    algorithm: 'sha256',
    mode: 'pool',
    callerHelps: false,
    baselines: ['sha256 inline'],
  },
  { task: 'xxh64 inline', algorithm: 'xxh64', mode: 'inline' },
  { task: 'xxh64 pool', algorithm: 'xxh64', mode: 'pool', baselines: ['xxh64 inline'] },
  {
    task: 'xxh64 auto (chosen path)',
    algorithm: 'xxh64',
    mode: 'auto',
    baselines: ['xxh64 inline', 'xxh64 pool'],
  },
  { task: 'copy into packed buffers (main thread)' },
];

/**
 * Runs the hashing benchmark and returns one row per case and task, with ratios for the
 * compared paths (pool over inline for SHA-256; the chosen xxh64 path over the pool).
 */
export async function runHashingBench(options: HashingBenchOptions = {}): Promise<HashingBenchRow[]> {
  const totalBytes = options.totalBytes ?? 1024 * MiB;
  await initHashing();
  const pool = new HashPool({ threads: options.threads });
  // The other policy, for comparison in the same run: a worker on every core and the caller idle.
  const workersOnly = new HashPool({ threads: availableParallelism() });
  const rows: HashingBenchRow[] = [];
  try {
    for (const set of [false, true].flatMap((shared) => fileSets(totalBytes, shared))) {
      const bytes = set.files.reduce((sum, file) => sum + file.byteLength, 0);
      const bench = new Bench({
        iterations: options.iterations ?? 3,
        time: 0,
        warmupIterations: 1,
        warmupTime: 0,
      });
      for (const { task, algorithm, mode, callerHelps } of TASKS) {
        bench.add(task, async () => {
          if (algorithm === undefined) copyIntoPackedBuffers(set.files);
          else
            await (callerHelps === false ? workersOnly : pool).hashAll(set.files, {
              algorithm,
              mode,
              callerHelps,
            });
        });
      }
      await bench.run();
      const caseRows = new Map<string, HashingBenchRow>();
      for (const { task, baselines } of TASKS) {
        const result = bench.getTask(task)?.result;
        if (result === undefined || !('latency' in result)) {
          throw new Error(`hashing bench: task '${task}' did not complete (${result?.state ?? 'missing'})`);
        }
        const meanMs = result.latency.mean;
        const row: HashingBenchRow = {
          case: set.name,
          task,
          opsPerSec: 1000 / meanMs,
          meanMs,
          gibPerSec: bytes / (1024 * MiB) / (meanMs / 1000),
        };
        const base = (baselines ?? [])
          .map((name) => ({ name, row: caseRows.get(name) }))
          .sort((a, b) => (a.row?.meanMs ?? Infinity) - (b.row?.meanMs ?? Infinity))[0];
        if (base?.row) {
          row.ratio = base.row.meanMs / meanMs;
          row.baseline = base.name;
        }
        caseRows.set(task, row);
        rows.push(row);
      }
    }
  } finally {
    await Promise.all([pool.close(), workersOnly.close()]);
  }
  return rows;
}

/** The rows as a markdown table. */
export function hashingBenchTable(rows: HashingBenchRow[]): string {
  const lines = [
    '| Case | Task | ops/s | mean ms | GiB/s | ratio |',
    '|------|------|------:|--------:|------:|-------|',
    ...rows.map(
      (r) =>
        `| ${r.case} | ${r.task} | ${r.opsPerSec.toFixed(3)} | ${r.meanMs.toFixed(1)} | ${r.gibPerSec.toFixed(2)} | ` +
        `${r.ratio === undefined ? '' : `${r.ratio.toFixed(2)} x ${r.baseline}`} |`,
    ),
  ];
  return lines.join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const mib = Number(process.argv[2] ?? 1024);
  const rows = await runHashingBench({ totalBytes: mib * MiB });
  console.log(hashingBenchTable(rows));
}
