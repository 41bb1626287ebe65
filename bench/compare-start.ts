/**
 * The start-up of two builds' commands side by side: `svcpack --version`, `svcpack install --help`
 * and `svcpack pending IMAGE` (a saved image of 2,000 files, or the count given), and node's own
 * start (an empty script run the same way), each run as installed (through its `#!` line, in the
 * user's environment: no svcpack variable), the builds alternating and which goes first alternating
 * by round. Prints for each command each build's median wall and CPU time, the medians of B ÷ A
 * within each round, and B's saving as a share of A's start beyond node's own.
 *
 *   mkdir /tmp/before && git archive main | tar -x -C /tmp/before
 *   ln -s "$PWD/node_modules" /tmp/before/ && (cd /tmp/before && npm run build)
 *   npm run build && node dist/bench/compare-start.js /tmp/before . 15 [files]
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WinImage } from '../src/machine/index.js';
import { timeCli } from './cli-bench.js';
import { median } from './median.js';

type Sample = { ms: number; cpuMs: number };
type Side = 'a' | 'b' | 'node';

const [a, b] = [process.argv[2], process.argv[3]].map((root) => {
  if (root === undefined) throw new Error('usage: compare-start.js BUILD_A BUILD_B [rounds] [files]');
  return join(resolve(root), 'dist', 'cli', 'svcpack.js');
});
const rounds = Math.max(1, Number(process.argv[4] ?? 15) || 15);
const files = Math.max(100, Number(process.argv[5] ?? 2000) || 2000);

/** Each side's samples of one command, and the per-round ratios. */
function report(name: string, samples: Record<Side, Sample[]>): string {
  const pick = (list: Sample[], key: keyof Sample) => median(list.map((s) => s[key]));
  const line = (label: string, list: Sample[]) =>
    `  ${label}: wall ${pick(list, 'ms').toFixed(0)} ms, CPU ${pick(list, 'cpuMs').toFixed(0)} ms`;
  const ratio = (key: keyof Sample) => median(samples.b.map((s, i) => s[key] / samples.a[i][key])).toFixed(3);
  const saved = (key: keyof Sample) => {
    const beyond = pick(samples.a, key) - pick(samples.node, key);
    return `${(((pick(samples.a, key) - pick(samples.b, key)) / beyond) * 100).toFixed(0)} %`;
  };
  return [
    name,
    line('node (empty script)', samples.node),
    line('A', samples.a),
    line('B', samples.b),
    `  B ÷ A (median of the rounds' ratios): wall ${ratio('ms')}, CPU ${ratio('cpuMs')}`,
    `  B's saving, of A's start beyond node's own: wall ${saved('ms')}, CPU ${saved('cpuMs')}`,
  ].join('\n');
}

const dir = mkdtempSync(join(tmpdir(), 'svcpack-compare-start-'));
try {
  const imageFile = join(dir, 'image.svcimg');
  await WinImage.create({ files, seed: 1 }).save(imageFile);
  const empty = join(dir, 'empty.mjs');
  writeFileSync(empty, '#!/usr/bin/env node\n');
  chmodSync(empty, 0o755);
  const commands: [string, string[]][] = [
    ['svcpack --version', ['--version']],
    ['svcpack install --help', ['install', '--help']],
    [`svcpack pending IMAGE (${files.toLocaleString('en-US')} files)`, ['pending', imageFile]],
  ];
  const startLoad = loadavg();
  const lines: string[] = [];
  for (const [name, args] of commands) {
    const samples: Record<Side, Sample[]> = { a: [], b: [], node: [] };
    for (let round = 0; round < rounds; round++) {
      const order: Side[] = round % 2 === 0 ? ['a', 'b', 'node'] : ['b', 'a', 'node'];
      for (const side of order) {
        const cli = side === 'a' ? a : side === 'b' ? b : empty;
        samples[side].push(await timeCli(side === 'node' ? [] : args, false, cli));
      }
    }
    lines.push(report(name, samples));
  }
  const load = (values: number[]) => values.map((v) => v.toFixed(1)).join(' / ');
  process.stdout.write(
    [
      `A ${a}`,
      `B ${b}`,
      `${rounds} alternated rounds, load average ${load(startLoad)} before, ${load(loadavg())} after`,
      ...lines,
      '',
    ].join('\n'),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
