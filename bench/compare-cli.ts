/**
 * The command of two builds side by side: `svcpack install IMAGE SP -u -z --output OUT` on a saved
 * image of 50,000 files (or the count given) with the SP4 of 40 % of them (with `--in-place`:
 * `svcpack install COPY SP -u -z` on a fresh copy of the image each run, the save appending to it), each build's bundle run as
 * installed (through its `#!` line, in the user's environment: no svcpack variable), the builds alternating
 * and which goes first alternating by round. Prints each build's median wall and CPU time (the
 * command's processes, the second one included) and the median of B ÷ A within each round, which the
 * machine's drift moves least, with the load average before and after.
 *
 *   mkdir /tmp/before && git archive main | tar -x -C /tmp/before
 *   ln -s "$PWD/node_modules" /tmp/before/ && (cd /tmp/before && npm run build)
 *   npm run build && node dist/bench/compare-cli.js /tmp/before . 10 [files]
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateServicePack } from '../src/generate/index.js';
import { WinImage } from '../src/machine/index.js';
import { timeCli } from './cli-bench.js';
import { median } from './median.js';

type Sample = { ms: number; cpuMs: number };

const inPlace = process.argv.includes('--in-place');
const positional = process.argv.slice(2).filter((arg) => arg !== '--in-place');
const [a, b] = [positional[0], positional[1]].map((root) => {
  if (root === undefined)
    throw new Error('usage: compare-cli.js BUILD_A BUILD_B [rounds] [files] [--in-place]');
  return join(resolve(root), 'dist', 'cli', 'svcpack.js');
});
const rounds = Math.max(1, Number(positional[2] ?? 10) || 10);
const files = Math.max(1000, Number(positional[3] ?? 50_000) || 50_000);

const dir = mkdtempSync(join(tmpdir(), 'svcpack-compare-cli-'));
try {
  const imageFile = join(dir, 'image.svcimg');
  const spFile = join(dir, 'sp.svcpkg');
  const image = WinImage.create({ files, seed: 1 });
  await image.save(imageFile);
  const sp = generateServicePack(image, { level: 4, files: Math.round(files * 0.4), seed: 1 });
  writeFileSync(spFile, sp.toBytes());
  const copy = join(dir, 'in-place.svcimg');
  const args = inPlace
    ? ['install', copy, spFile, '-u', '-z', '--no-progress']
    : ['install', imageFile, spFile, '-u', '-z', '--output', join(dir, 'out.svcimg'), '--no-progress'];
  const startLoad = loadavg();
  const samples: Record<'a' | 'b', Sample[]> = { a: [], b: [] };
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const)) {
      if (inPlace) copyFileSync(imageFile, copy);
      samples[side].push(await timeCli(args, false, side === 'a' ? a : b));
    }
  }
  const line = (name: string, list: Sample[]) =>
    `${name}: wall ${median(list.map((s) => s.ms)).toFixed(0)} ms, CPU ${median(list.map((s) => s.cpuMs)).toFixed(0)} ms (rounds: ${list.map((s) => `${s.ms.toFixed(0)}/${s.cpuMs.toFixed(0)}`).join(' ')})`;
  const ratio = (pick: (s: Sample) => number) =>
    median(samples.b.map((s, i) => pick(s) / pick(samples.a[i]))).toFixed(3);
  const load = (values: number[]) => values.map((v) => v.toFixed(1)).join(' / ');
  process.stdout.write(
    [
      `${files.toLocaleString('en-US')} files${inPlace ? ', in place' : ''}, ${rounds} alternated rounds, load average ${load(startLoad)} before, ${load(loadavg())} after`,
      line(`A ${a}`, samples.a),
      line(`B ${b}`, samples.b),
      `B ÷ A (median of the rounds' own ratios): wall ${ratio((s) => s.ms)}, CPU ${ratio((s) => s.cpuMs)}`,
      '',
    ].join('\n'),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
