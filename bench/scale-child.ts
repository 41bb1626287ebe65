/**
 * One size of the scaling table, in a process of its own so that each size starts from the same
 * heap: `node --expose-gc dist/bench/scale-child.js table FILES SP_FILES DIR` creates, forks, saves,
 * installs, boots and uninstalls (leaving DIR/image.svcimg), and `... load FILE` loads that file
 * alone (its peak memory is then the load's own; `load-lazy FILE` lazily). Each prints one line:
 * `SCALE ` and JSON.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateServicePack } from '../src/generate/index.js';
import { Package } from '../src/package/index.js';
import { WinImage, install, uninstall } from '../src/machine/index.js';
import { watchRss } from './rss-watch.js';

/** One operation at one size. */
export interface ScaleMeasure {
  operation: string;
  ms: number;
  /** Peak RSS of the process while the operation ran. */
  peakBytes: number;
  /** RSS when the operation began. */
  startBytes: number;
  /** CPU time of the process in user mode while it ran (the engine's own work). */
  userMs: number;
  /** CPU time in the kernel while it ran: system calls and the first touch of fresh memory. */
  systemMs: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function tableSize(files: number, spFiles: number, dir: string): Promise<ScaleMeasure[]> {
  const watch = watchRss();
  const out: ScaleMeasure[] = [];
  const step = async <T>(operation: string, work: () => T | Promise<T>): Promise<T> => {
    gc();
    const { result, ...measure } = await watch.measure(work);
    out.push({ operation, ...measure });
    return result;
  };
  const image = await step('create', () => WinImage.create({ files, seed: 1 }));
  await forkStep(image, watch, out);
  await saveStep(image, dir, watch, out);
  const sp = generateServicePack(image, { level: 4, files: spFiles, seed: 1 });
  const spId = sp.id;
  const pkg = Package.fromBytes(sp.toBytes());
  const target = image.fork();
  await step('install', async () => {
    const result = await install(target, pkg, { noRestart: true });
    if (result.code !== 3010 && result.code !== 0)
      throw new Error(`install: ${result.code} ${result.message}`);
  });
  await step('boot', () => target.reboot());
  await step('uninstall', async () => {
    const result = await uninstall(target, spId, { noRestart: true });
    if (result.code !== 3010 && result.code !== 0)
      throw new Error(`uninstall: ${result.code} ${result.message}`);
  });
  await watch.close();
  return out;
}

/** Forks measured in a row (each dropped before the next): one fork of 50,000 files is about 60 ms. */
const FORKS = 3;
/** Whole saves measured: a single one of 500,000 files took 2.0 s in one run and 3.6 s in the next. */
export const SAVES = 3;

/**
 * The save row: the median of {@link SAVES} whole saves, the image's own to DIR/image.svcimg last
 * (the load rows read it) after forks of it to files removed again (a fork has no file of its own,
 * so its save is whole too; the image's second save to another path would copy the first).
 */
function saveStep(
  image: WinImage,
  dir: string,
  watch: ReturnType<typeof watchRss>,
  out: ScaleMeasure[],
): Promise<void> {
  const fileOf = (i: number) => join(dir, i === SAVES - 1 ? 'image.svcimg' : `save-${i}.svcimg`);
  return medianStep(
    { operation: 'save', times: SAVES, watch, out },
    {
      run: (i) => (i === SAVES - 1 ? image : image.fork()).save(fileOf(i)),
      after: (i) => {
        if (i < SAVES - 1) rmSync(fileOf(i));
      },
    },
  );
}

/** Measures `run` `times` times (a collection before each; `after` untimed) and keeps the median. */
async function medianStep(
  into: { operation: string; times: number; watch: ReturnType<typeof watchRss>; out: ScaleMeasure[] },
  steps: { run: (round: number) => unknown; after?: (round: number) => void },
): Promise<void> {
  const measures: ScaleMeasure[] = [];
  for (let i = 0; i < into.times; i++) {
    gc();
    const { result: _, ...measure } = await into.watch.measure(() => steps.run(i));
    measures.push({ operation: into.operation, ...measure });
    steps.after?.(i);
  }
  into.out.push(medianOf(measures));
}

/** The measure of median time. */
export function medianOf(measures: ScaleMeasure[]): ScaleMeasure {
  return [...measures].sort((a, b) => a.ms - b.ms)[measures.length >> 1];
}

/**
 * The fork row: the median of {@link FORKS} forks. A single one varied 0.8 to 2.2 µs per file between
 * rounds of one process (a scavenge landing in it or not), more than the sizes differ.
 */
function forkStep(image: WinImage, watch: ReturnType<typeof watchRss>, out: ScaleMeasure[]): Promise<void> {
  return medianStep({ operation: 'fork', times: FORKS, watch, out }, { run: () => void image.fork() });
}

/** The load alone (`lazy`: `WinImage.load(file, { lazy: true })`, as the command in place loads). */
async function loadOnly(file: string, lazy: boolean): Promise<ScaleMeasure[]> {
  const watch = watchRss();
  gc();
  const { result: _, ...measure } = await watch.measure(() => WinImage.load(file, { lazy }));
  await watch.close();
  return [{ operation: lazy ? LAZY_LOAD : 'load', ...measure }];
}

/** The lazy load's operation name in the table. */
export const LAZY_LOAD = 'load, lazy';

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, ...args] = process.argv.slice(2);
  const measures =
    mode === 'load' || mode === 'load-lazy'
      ? await loadOnly(args[0], mode === 'load-lazy')
      : await tableSize(Number(args[0]), Number(args[1]), args[2]);
  console.log(`SCALE ${JSON.stringify(measures)}`);
}
