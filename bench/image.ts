/**
 * Image benchmarks against the baselines DESIGN.md names, all in one process and one run:
 * - create the 50,000-file image vs writing the same files straight into memfs;
 * - fork vs a memfs toJSON + fromJSON round trip;
 * - save + load of the image file vs memfs's binary snapshot (written to and read from the same folder).
 */
import {
  closeSync,
  fsyncSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Volume } from 'memfs';
import { fromBinarySnapshotSync, toBinarySnapshotSync } from '@jsonjoy.com/fs-snapshot';
import { Bench } from 'tinybench';
import { generateLayout, type ImageLayout } from '../src/generate/index.js';
import { ImageCore } from '../src/image/index.js';
import { buildFromLayout, WinImage } from '../src/machine/index.js';
import { printRows, taskStats, type BenchRow } from './report.js';

/** Writes the layout's files straight into a memfs volume (the baseline for create). */
export function writeLayoutToMemfs(layout: ImageLayout): Volume {
  const vol = new Volume();
  const made = new Set<string>();
  const pool = layout.contentPool;
  for (const f of layout.files) {
    const posix = `/${f.drive}/${f.path.replaceAll('\\', '/')}`;
    const dir = posix.slice(0, posix.lastIndexOf('/'));
    if (!made.has(dir)) {
      vol.mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    vol.writeFileSync(posix, pool.subarray(f.contentOffset, f.contentOffset + f.size));
  }
  return vol;
}

/** What the image suite's tasks work on. */
interface ImageBenchSubjects {
  layout: ImageLayout;
  image: WinImage;
  memfsVolume: Volume;
  imageFile: string;
  snapshotFile: string;
}

/** Runs the image suite. */
export async function runImageBench(options: { files?: number; time?: number } = {}): Promise<BenchRow[]> {
  const files = options.files ?? 50_000;
  const layout = generateLayout({ files, seed: 1 });
  const totalBytes = layout.files.reduce((sum, f) => sum + f.size, 0);
  const memory = measureMemory(layout);
  const dir = mkdtempSync(join(tmpdir(), 'svcpack-bench-'));
  const subjects: ImageBenchSubjects = {
    layout,
    image: WinImage.wrap(memory.image),
    memfsVolume: writeLayoutToMemfs(layout),
    imageFile: join(dir, 'bench.svcimg'),
    snapshotFile: join(dir, 'bench.snapshot'),
  };
  const time = options.time ?? 3000;
  const bench = new Bench({ time, iterations: 3, warmup: true, warmupIterations: 1, warmupTime: 0 });
  addImageTasks(bench, subjects);
  await bench.run();
  rmSync(dir, { recursive: true, force: true });
  const mean = (name: string) => taskStats(bench.tasks.find((t) => t.name === name)!).mean;
  const rows: BenchRow[] = bench.tasks.map((t) => ({
    suite: 'image',
    task: t.name,
    meanMs: taskStats(t).mean,
    samples: taskStats(t).samples,
  }));
  rows.push(
    ...ratioRows(mean),
    { suite: 'image', task: `size: ${layout.files.length} files, ${(totalBytes / 2 ** 20).toFixed(1)} MiB` },
    {
      suite: 'image',
      task: `memory beyond content per file (target <= 1024 B)${'gc' in globalThis ? '' : ' (run with --expose-gc)'}`,
      value: memory.perFile,
      unit: 'B',
    },
  );
  return rows;
}

/** The engine's tasks and their baselines, alternated by tinybench's rounds. */
function addImageTasks(bench: Bench, s: ImageBenchSubjects): void {
  bench
    .add('create: WinImage from layout', () => {
      buildFromLayout(new ImageCore(), s.layout);
    })
    .add('create baseline: memfs writeFileSync', () => {
      writeLayoutToMemfs(s.layout);
    })
    .add('fork: image.fork()', () => {
      s.image.fork();
    })
    .add('fork baseline: memfs toJSON + fromJSON', () => {
      Volume.fromJSON(s.memfsVolume.toJSON());
    })
    .add('save+load: image file (atomic, fsync)', async () => {
      await s.image.save(s.imageFile);
      await WinImage.load(s.imageFile);
    })
    .add('save+load baseline: memfs binary snapshot, fsync', () => {
      const fd = openSync(s.snapshotFile, 'w');
      writeSync(fd, toBinarySnapshotSync({ fs: s.memfsVolume as never, path: '/' }));
      fsyncSync(fd);
      closeSync(fd);
      const fresh = new Volume();
      fromBinarySnapshotSync(readFileSync(s.snapshotFile) as never, { fs: fresh as never, path: '/' });
    })
    .add('save+load baseline: memfs binary snapshot, no fsync', () => {
      writeFileSync(s.snapshotFile, toBinarySnapshotSync({ fs: s.memfsVolume as never, path: '/' }));
      const fresh = new Volume();
      fromBinarySnapshotSync(readFileSync(s.snapshotFile) as never, { fs: fresh as never, path: '/' });
    });
}

/** The targets' ratios from the tasks' mean times. */
function ratioRows(mean: (task: string) => number): BenchRow[] {
  return [
    {
      suite: 'image',
      task: `ratio create / memfs (target <= 1.5)`,
      ratio: mean('create: WinImage from layout') / mean('create baseline: memfs writeFileSync'),
    },
    {
      suite: 'image',
      task: `speed-up fork vs memfs JSON (target >= 10)`,
      ratio: mean('fork baseline: memfs toJSON + fromJSON') / mean('fork: image.fork()'),
    },
    {
      suite: 'image',
      task: `speed-up save+load vs snapshot, both durable (target >= 5)`,
      ratio:
        mean('save+load baseline: memfs binary snapshot, fsync') /
        mean('save+load: image file (atomic, fsync)'),
    },
    {
      suite: 'image',
      task: `speed-up save+load vs snapshot written without fsync`,
      ratio:
        mean('save+load baseline: memfs binary snapshot, no fsync') /
        mean('save+load: image file (atomic, fsync)'),
    },
  ];
}

/**
 * Memory the engine adds beyond the content, per file: heap and array-buffer growth of building the
 * image from a layout whose content pool already exists (the content itself is shared, not copied).
 * Needs `node --expose-gc` to be meaningful; measured before any other task.
 */
function measureMemory(layout: ImageLayout): { perFile: number; image: ImageCore } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  const image = new ImageCore();
  buildFromLayout(image, layout);
  gc?.();
  const after = process.memoryUsage();
  const grown = after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers);
  return { perFile: Math.round(grown / layout.files.length), image };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printRows(await runImageBench({ files: Number(process.env.FILES ?? 50_000) }));
}
