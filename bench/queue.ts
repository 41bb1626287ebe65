/**
 * The rename queue at scale (issue 14):
 * - queueing: N renames through `image.moveFileEx(..., MOVEFILE_DELAY_UNTIL_REBOOT)` against a plain
 *   array push of the same NT path strings, at growing N: time and memory per entry must stay flat;
 * - boot: N queued entries over files spread across the image's real folders (a third each renames to
 *   another folder, replaces and deletes), `image.reboot()` in `windows` and `transactional` mode
 *   against the `Map` floor of bench/boot-floor.ts, the three alternated in rounds in one process.
 * `node --expose-gc dist/bench/run.js queue` (or `--quick`).
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { PENDING_RENAME_VALUES, SESSION_MANAGER_KEY, encodePendingRenames } from '../src/boot/index.js';
import type { PendingRenameRequest } from '../src/boot/index.js';
import { walkEntries } from '../src/image/index.js';
import { WinImage } from '../src/machine/index.js';
import { populate, setRegistryRawValue, type BirthFile } from '../src/ops/index.js';
import { floorBoot, floorFiles, type FloorNode } from './boot-floor.js';
import { printRows, type BenchRow } from './report.js';
import { coreOf } from '../src/machine/internal.js';
import { median } from './median.js';

/** Options of the queue suite. */
export interface QueueBenchOptions {
  /** Queue sizes for moveFileEx (default 10,000, 30,000 and 100,000). */
  queueSizes?: number[];
  /** Boot sizes (default 10,000, 100,000 and 1,000,000). */
  bootSizes?: number[];
  /** Timed rounds per boot size (default 9, 5 and 3 from 10,000, 100,000 and 1,000,000 entries). */
  bootRounds?: number;
}

const collectGarbage = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);

function heapNow(): number {
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** Time (ms), process CPU time (ms) and retained memory (bytes) of `fn`, what it returns kept alive meanwhile. */
function measure(fn: () => unknown): { ms: number; cpuMs: number; bytes: number } {
  const before = heapNow();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const kept = fn();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const bytes = heapNow() - before;
  if (kept === undefined) throw new Error('measure: keep the result alive');
  return { ms, cpuMs: (used.user + used.system) / 1000, bytes };
}

/** Queues `n` renames on a fresh image (the paths built beforehand, as the baseline's). */
type Sample = ReturnType<typeof measure>;

function queueRound(base: WinImage, n: number, engine: boolean): Sample {
  const sources: string[] = [];
  const targets: string[] = [];
  for (let i = 0; i < n; i++) {
    sources.push(`C:\\WINNT\\system32\\q${i}.new`);
    targets.push(`C:\\WINNT\\system32\\q${i}.dll`);
  }
  if (!engine) {
    return measure(() => {
      const list: string[] = [];
      for (let i = 0; i < n; i++) list.push(`\\??\\${sources[i]}`, `!\\??\\${targets[i]}`);
      return list;
    });
  }
  const image = base.fork();
  return measure(() => {
    for (let i = 0; i < n; i++) image.moveFileEx(sources[i], targets[i], 5);
    return image;
  });
}

function queueRows(sizes: readonly number[], rounds: number): Omit<BenchRow, 'suite'>[] {
  const base = WinImage.create();
  const rows: Omit<BenchRow, 'suite'>[] = [];
  for (const n of sizes) {
    const engine: Sample[] = [];
    const array: Sample[] = [];
    queueRound(base, Math.min(n, 2_000), true); // warm-up
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? [true, false] : [false, true];
      for (const useEngine of order) (useEngine ? engine : array).push(queueRound(base, n, useEngine));
    }
    const us = (values: Sample[], key: 'ms' | 'cpuMs'): string =>
      ((median(values.map((s) => s[key])) * 1000) / n).toFixed(2);
    const perEntry = (values: Sample[]): number => Math.round(median(values.map((s) => s.bytes)) / n);
    rows.push({
      task: `queue ${n} renames with moveFileEx: ${us(engine, 'ms')} us (CPU ${us(engine, 'cpuMs')} us) and ${perEntry(engine)} B per entry; array push ${us(array, 'ms')} us (CPU ${us(array, 'cpuMs')} us), ${perEntry(array)} B`,
      meanMs: median(engine.map((s) => s.ms)),
      samples: rounds,
      ratio: median(engine.map((s, i) => s.ms / array[i].ms)),
    });
  }
  return rows;
}

/** The image's folders on C: (as stored, without the drive root), the bench's files spread over them. */
function realFolders(image: WinImage): string[] {
  const volume = coreOf(image).volume('C');
  const folders: string[] = [];
  for (const entry of walkEntries(volume.root)) {
    if (entry.isDir && entry.parent) folders.push(coreOf(image).pathOf(entry).slice(3));
  }
  return folders;
}

/** The default image with `n` queued entries over files in its real folders. */
export function imageWithSpreadQueue(n: number): { image: WinImage; queue: Uint8Array } {
  const image = WinImage.create();
  const folders = realFolders(image);
  const time = coreOf(image).clock;
  const empty = new Uint8Array(0);
  const files: BirthFile[] = [];
  const requests: PendingRenameRequest[] = [];
  const file = (path: string): void => {
    files.push({
      drive: 'C',
      path,
      data: empty,
      attributes: 0x20,
      version: undefined,
      created: time,
      modified: time,
    });
  };
  for (let i = 0; i < n; i++) {
    const from = folders[i % folders.length];
    const to = folders[(i * 7 + 3) % folders.length];
    if (i % 3 === 2) {
      file(`${from}\\q${i}.old`);
      requests.push({ source: `\\??\\C:\\${from}\\q${i}.old`, destination: null, replaceExisting: false });
      continue;
    }
    file(`${from}\\q${i}.new`);
    if (i % 3 === 1) file(`${to}\\q${i}.dll`);
    requests.push({
      source: `\\??\\C:\\${from}\\q${i}.new`,
      destination: `\\??\\C:\\${to}\\q${i}.dll`,
      replaceExisting: i % 3 === 1,
    });
  }
  populate(coreOf(image), [], files);
  const queue = encodePendingRenames(requests);
  setRegistryRawValue(coreOf(image), SESSION_MANAGER_KEY, PENDING_RENAME_VALUES[1], 7, queue);
  return { image, queue };
}

/** The floor's nodes for an image's drive C: (setup, not timed). */
export function floorNodesOf(image: WinImage): FloorNode[] {
  const nodes: FloorNode[] = [];
  for (const entry of walkEntries(coreOf(image).volume('C').root)) {
    const path = entry.parent ? coreOf(image).pathOf(entry) : 'C:';
    nodes.push({ path, isDir: entry.isDir, readOnly: (entry.attributes & 1) !== 0 });
  }
  return nodes;
}

type Contender = 'floor' | 'windows' | 'transactional';

/** Wall and process CPU milliseconds of one boot (the machine is shared: CPU time shows its own cost). */
export interface Timing {
  ms: number;
  cpuMs: number;
}

/** Times `fn` after a garbage collection (with `--expose-gc`). */
export function timed(fn: () => void): Timing {
  collectGarbage();
  const cpu = process.cpuUsage();
  const start = performance.now();
  fn();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

function bootOnce(base: WinImage, queue: Uint8Array, nodes: FloorNode[], who: Contender, n: number): Timing {
  if (who === 'floor') {
    const files = floorFiles(nodes);
    let counts = { renamed: 0, replaced: 0, deleted: 0, failed: 0 };
    const timing = timed(() => {
      counts = floorBoot(files, queue);
    });
    if (counts.failed !== 0 || counts.renamed + counts.replaced + counts.deleted !== n)
      throw new Error(`floor: ${JSON.stringify(counts)}`);
    return timing;
  }
  const copy = base.fork();
  let report: ReturnType<WinImage['reboot']> | undefined;
  const timing = timed(() => {
    report = copy.reboot({ mode: who });
  });
  // read after the timing: the report makes its entries when they are first read
  const failed = report!.counts.failed;
  const done = report!.entries.length;
  if (failed !== 0 || done !== n) throw new Error(`${who} boot: ${failed} of ${done} entries failed`);
  return timing;
}

function bootRows(n: number, rounds: number): Omit<BenchRow, 'suite'>[] {
  const { image, queue } = imageWithSpreadQueue(n);
  const nodes = floorNodesOf(image);
  const times: Record<Contender, Timing[]> = { floor: [], windows: [], transactional: [] };
  const order: Contender[] = ['floor', 'windows', 'transactional'];
  // Round 0 warms up; from a million entries the first thousands of each boot warm it enough.
  const first = n >= 1_000_000 ? 1 : 0;
  for (let round = first; round <= rounds; round++) {
    const turn = [...order.slice(round % 3), ...order.slice(0, round % 3)];
    for (const who of turn) {
      const timing = bootOnce(image, queue, nodes, who, n);
      if (round > 0) times[who].push(timing);
      process.stderr.write(
        `boot ${n} round ${round} ${who}: ${timing.ms.toFixed(0)} ms, CPU ${timing.cpuMs.toFixed(0)} ms\n`,
      );
    }
  }
  const ratio = (a: Contender, b: Contender, key: keyof Timing): number =>
    median(times[a].map((t, i) => t[key] / times[b][i][key]));
  const ms = (who: Contender): number => median(times[who].map((t) => t.ms));
  const cpu = (who: Contender): string => median(times[who].map((t) => t.cpuMs)).toFixed(0);
  const label = `boot ${n} entries over ${realFolders(image).length} folders`;
  return [
    { task: `${label}: Map floor (CPU ${cpu('floor')} ms)`, meanMs: ms('floor'), samples: rounds },
    {
      task: `${label}: windows vs floor, target <= 2 (CPU ${cpu('windows')} ms, CPU ratio ${ratio('windows', 'floor', 'cpuMs').toFixed(2)}x)`,
      meanMs: ms('windows'),
      samples: rounds,
      ratio: ratio('windows', 'floor', 'ms'),
    },
    {
      task: `${label}: transactional vs windows, target <= 1.5 (CPU ${cpu('transactional')} ms, CPU ratio ${ratio('transactional', 'windows', 'cpuMs').toFixed(2)}x)`,
      meanMs: ms('transactional'),
      samples: rounds,
      ratio: ratio('transactional', 'windows', 'ms'),
    },
  ];
}

/** Runs the queue suite. Times are medians; a ratio is the median of each round's own ratio. */
export async function runQueueBench(options: QueueBenchOptions = {}): Promise<BenchRow[]> {
  const queueSizes = options.queueSizes ?? [10_000, 30_000, 100_000];
  const bootSizes = options.bootSizes ?? [10_000, 100_000, 1_000_000];
  const rows = queueSizes.length > 0 ? queueRows(queueSizes, 5) : [];
  for (const n of bootSizes)
    rows.push(...bootRows(n, options.bootRounds ?? (n >= 1_000_000 ? 3 : n >= 100_000 ? 5 : 9)));
  return rows.map((row) => ({ suite: 'queue', ...row }));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  printRows(await runQueueBench(quick ? { queueSizes: [2_000, 10_000], bootSizes: [10_000] } : {}));
}
