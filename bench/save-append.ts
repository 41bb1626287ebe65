/**
 * Saving an installed image to its own file (format 8 appends a segment with only the contents the
 * file lacks) against saving it whole, and loading the two-segment file this leaves against the
 * one-segment file of the whole save (the same image). `node --expose-gc dist/bench/save-append.js
 * [FILES] [ROUNDS]`: saves an image of FILES files (50,000) and an SP of 40 % of them; each round
 * loads a fresh copy of the saved image twice, installs the SP in both, and saves one to its own
 * file and one to another path, the order alternating; then the two files are loaded in
 * alternating rounds. Medians of wall and process CPU time (worker threads included).
 */
import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateServicePack } from '../src/generate/index.js';
import { Package } from '../src/package/index.js';
import { WinImage, install } from '../src/machine/index.js';
import { timed } from './scale-loadsave.js';

interface Sample {
  ms: number;
  cpuMs: number;
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1];
const medians = (samples: readonly Sample[]) => ({
  ms: median(samples.map((s) => s.ms)),
  cpuMs: median(samples.map((s) => s.cpuMs)),
});

/** Loads `file`, installs the SP and saves to `target`: the save's time and bytes written. */
async function installAndSave(
  file: string,
  spFile: string,
  target: string,
): Promise<Sample & { bytes: number }> {
  const image = await WinImage.load(file);
  const done = await install(image, await Package.load(spFile), { unattended: true, noRestart: true });
  if (done.code !== 0 && done.code !== 3010) throw new Error(`install: ${done.code} ${done.message}`);
  const saved = await timed(() => image.save(target));
  return { ms: saved.ms, cpuMs: saved.cpuMs, bytes: saved.result };
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
    const whole = join(dir, 'whole.svcimg');
    const appends: (Sample & { bytes: number })[] = [];
    const wholes: (Sample & { bytes: number })[] = [];
    for (let round = 0; round < rounds; round++) {
      const appendRound = async () => {
        copyFileSync(base, appended);
        appends.push(await installAndSave(appended, spFile, appended));
      };
      const wholeRound = async () => wholes.push(await installAndSave(base, spFile, whole));
      if (round % 2 === 0) await appendRound().then(wholeRound);
      else await wholeRound().then(appendRound);
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
      saveAppend: { ...medians(appends), bytes: median(appends.map((s) => s.bytes)) },
      saveWhole: { ...medians(wholes), bytes: median(wholes.map((s) => s.bytes)) },
      loadTwoSegments: medians(twoSegments),
      loadOneSegment: medians(oneSegment),
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
