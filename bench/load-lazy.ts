/**
 * `WinImage.load(file)` against `WinImage.load(file, { lazy: true })` of the same image file, in this
 * process, alternating (which goes first alternates by round), the first round dropped: medians of
 * wall time, process CPU and the resident memory each load added, and the median of the rounds' own
 * lazy ÷ plain ratios. Each round checks that the first file's content reads the same both ways.
 *
 *   npm run build && node --expose-gc dist/bench/load-lazy.js image.svcimg 9
 */
import { resolve } from 'node:path';
import { WinImage } from '../src/machine/index.js';
import { median } from './median.js';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
type Sample = { ms: number; cpuMs: number; rssMiB: number };

async function timedLoad(file: string, lazy: boolean): Promise<{ sample: Sample; image: WinImage }> {
  // the last load's image is gone, and its memory back with the system (V8 frees backing stores late)
  gc();
  await new Promise((resolve) => setTimeout(resolve, 100));
  gc();
  const rss = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const image = await WinImage.load(file, { lazy });
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const rssMiB = (process.memoryUsage().rss - rss) / 2 ** 20;
  return { sample: { ms, cpuMs: (used.user + used.system) / 1000, rssMiB }, image };
}

/** The first file of the first volume that has one (a content read both ways). */
function firstFile(image: WinImage): string {
  const walk = (folder: string): string | undefined => {
    for (const name of image.readdir(folder)) {
      const path = `${folder}\\${name}`;
      if (!image.stat(path).isDirectory) return path;
      const found = walk(path);
      if (found) return found;
    }
    return undefined;
  };
  const root = `${image.volumes()[0].letter}:`;
  return walk(root) ?? `${root}\\`;
}

async function main(): Promise<void> {
  const [fileArg, roundsArg] = process.argv.slice(2);
  if (!fileArg) throw new Error('usage: load-lazy.js IMAGE_FILE [rounds]');
  const file = resolve(fileArg);
  const rounds = Math.max(2, Number(roundsArg ?? 9) || 9);
  const plain: Sample[] = [];
  const lazy: Sample[] = [];
  const ratios: { ms: number; cpuMs: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [false, true] : [true, false];
    const got = new Map<boolean, Sample>();
    const contents: string[] = [];
    for (const isLazy of order) {
      const { sample, image } = await timedLoad(file, isLazy);
      got.set(isLazy, sample);
      contents.push(image.readFile(firstFile(image)).toString('base64'));
    }
    if (contents[0] !== contents[1]) throw new Error(`round ${round}: the two loads read different bytes`);
    if (round === 0) continue;
    const [p, l] = [got.get(false)!, got.get(true)!];
    plain.push(p);
    lazy.push(l);
    ratios.push({ ms: l.ms / p.ms, cpuMs: l.cpuMs / p.cpuMs });
  }
  const line = (what: string, samples: Sample[]) =>
    `${what}: ${median(samples.map((s) => s.ms)).toFixed(0)} ms wall, CPU ${median(samples.map((s) => s.cpuMs)).toFixed(0)} ms, resident +${median(samples.map((s) => s.rssMiB)).toFixed(0)} MiB`;
  console.log(`${file}, ${rounds - 1} alternated rounds (the first dropped)`);
  console.log(line('plain', plain));
  console.log(line('lazy ', lazy));
  console.log(
    `lazy ÷ plain (median of the rounds' own ratios): wall ${median(ratios.map((r) => r.ms)).toFixed(3)}, CPU ${median(ratios.map((r) => r.cpuMs)).toFixed(3)}`,
  );
}

await main();
