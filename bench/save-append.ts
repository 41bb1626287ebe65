/**
 * Saving an installed image to its own file (format 8 appends a segment with only the contents the
 * file lacks), to another path while its own file is unchanged (the kernel copies that file, the
 * same segment is appended to the copy: format-copy.ts), and whole (the own file touched first, so
 * neither applies); then loading the two-segment file an append leaves against the one-segment
 * file of the whole save (the same image). `node --expose-gc dist/bench/save-append.js [FILES]
 * [ROUNDS]`: saves an image of FILES files (50,000) and an SP of 40 % of them; each round loads a
 * fresh copy of the saved image three times, installs the SP in each and saves it one of the three
 * ways, the order rotating by round; then the two files are loaded in alternating rounds. Medians
 * of wall and process CPU time (worker threads included); the saves' ratios are the medians of
 * each round's own.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateServicePack } from '../src/generate/index.js';
import { Package } from '../src/package/index.js';
import { WinImage, install } from '../src/machine/index.js';
import { timed } from './scale-loadsave.js';
import { median } from './median.js';

interface Sample {
  ms: number;
  cpuMs: number;
}

const medians = (samples: readonly Sample[]) => ({
  ms: median(samples.map((s) => s.ms)),
  cpuMs: median(samples.map((s) => s.cpuMs)),
});

/**
 * Loads `file`, installs the SP and saves to `target`: the save's time and bytes written. `whole`:
 * `file` is touched before the save (a save to another path then cannot copy it).
 */
async function installAndSave(
  file: string,
  spFile: string,
  target: string,
  whole = false,
): Promise<Sample & { bytes: number }> {
  const image = await WinImage.load(file);
  const done = await install(image, await Package.load(spFile), { unattended: true, noRestart: true });
  if (done.code !== 0 && done.code !== 3010) throw new Error(`install: ${done.code} ${done.message}`);
  if (whole) {
    const { atimeMs, mtimeMs } = statSync(file);
    utimesSync(file, atimeMs / 1000, mtimeMs / 1000 + 1);
  }
  const saved = await timed(() => image.save(target));
  return { ms: saved.ms, cpuMs: saved.cpuMs, bytes: saved.result };
}

const WAYS = ['append', 'copy', 'whole'] as const;
type Way = (typeof WAYS)[number];

/** `to` as a fresh copy of `from` (made outside the timing). */
function fresh(from: string, to: string): string {
  copyFileSync(from, to);
  return to;
}

/** Medians of a way's saves, and of each round's ratio to the whole save of the same round. */
function summary(saves: readonly (Sample & { bytes: number })[], wholes: readonly Sample[]) {
  return {
    ...medians(saves),
    bytes: median(saves.map((s) => s.bytes)),
    wallRatio: Number(median(saves.map((s, i) => s.ms / wholes[i].ms)).toFixed(3)),
    cpuRatio: Number(median(saves.map((s, i) => s.cpuMs / wholes[i].cpuMs)).toFixed(3)),
  };
}

async function main(): Promise<void> {
  const files = Number(process.argv[2] ?? 50_000);
  const rounds = Number(process.argv[3] ?? 3);
  const startLoad = loadavg();
  const started = new Date().toISOString();
  const dir = mkdtempSync(join(tmpdir(), 'svcpack-save-append-'));
  try {
    const base = join(dir, 'base.svcimg');
    const spFile = join(dir, 'sp.svcpkg');
    const image = WinImage.create({ files, seed: 1 });
    await image.save(base);
    writeFileSync(
      spFile,
      generateServicePack(image, { level: 4, files: Math.round(files * 0.4), seed: 1 }).toBytes(),
    );
    const appended = join(dir, 'appended.svcimg');
    const source = join(dir, 'source.svcimg');
    const copied = join(dir, 'copied.svcimg');
    const whole = join(dir, 'whole.svcimg');
    const saves: Record<Way, (Sample & { bytes: number })[]> = { append: [], copy: [], whole: [] };
    const ways: Record<Way, () => Promise<Sample & { bytes: number }>> = {
      append: () => installAndSave(fresh(base, appended), spFile, appended),
      copy: () => installAndSave(fresh(base, source), spFile, copied),
      whole: () => installAndSave(fresh(base, source), spFile, whole, true),
    };
    for (let round = 0; round < rounds; round++)
      for (let turn = 0; turn < WAYS.length; turn++) {
        const way = WAYS[(round + turn) % WAYS.length];
        saves[way].push(await ways[way]());
      }
    const twoSegments: Sample[] = [];
    const oneSegment: Sample[] = [];
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? [appended, whole] : [whole, appended];
      for (const file of order) {
        const loaded = await timed(() => WinImage.load(file));
        (file === appended ? twoSegments : oneSegment).push(loaded);
      }
    }
    const report = {
      command: `node --expose-gc dist/bench/save-append.js ${files} ${rounds}`,
      started,
      ended: new Date().toISOString(),
      loadAverage: [startLoad, loadavg()].map((l) =>
        l
          .slice(0, 2)
          .map((v) => v.toFixed(1))
          .join(' / '),
      ),
      files,
      baseFileBytes: statSync(base).size,
      appendedFileBytes: statSync(appended).size,
      wholeFileBytes: statSync(whole).size,
      copiedFileBytes: statSync(copied).size,
      saveAppend: summary(saves.append, saves.whole),
      saveCopyAppend: summary(saves.copy, saves.whole),
      saveWhole: summary(saves.whole, saves.whole),
      loadTwoSegments: medians(twoSegments),
      loadOneSegment: medians(oneSegment),
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
