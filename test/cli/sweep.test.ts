/** `svcpack sweep` and `svcpack worker` from the command line: a sweep with --json, its report, and bad input. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallInputs } from '../sweep/inputs.js';
import { removeScratch, scratch, svcpack } from './spawn.js';

let dir: string;

beforeAll(async () => {
  dir = scratch('sweep-cli');
  const inputs = await smallInputs();
  writeFileSync(join(dir, 'pending.img'), inputs.pending);
  writeFileSync(join(dir, 'base.img'), inputs.image);
});
afterAll(removeScratch);

describe('svcpack sweep', () => {
  it('sweep crash --boot --json: every cut point of a transactional boot ends in the new image; resumed, nothing runs twice; report writes the page', async () => {
    const args = [
      'sweep',
      'crash',
      'pending.img',
      '--boot',
      '--mode',
      'transactional',
      '-o',
      'boot.jsonl',
      '--json',
    ];
    const run = await svcpack(args, { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const { summary } = JSON.parse(run.stdout) as {
      summary: { points: number; expected: number; outcomes: Record<string, number>; failures: number };
    };
    expect(summary.points).toBe(summary.expected);
    expect(summary.outcomes).toEqual({ new: summary.points });
    const before = readFileSync(join(dir, 'boot.jsonl'), 'utf8');
    const again = await svcpack(args, { cwd: dir });
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, 'boot.jsonl'), 'utf8')).toBe(before);

    const report = await svcpack(['sweep', 'report', 'boot.jsonl'], { cwd: dir });
    expect(report.code).toBe(0);
    expect(report.stdout).toContain(
      `cut points: ${summary.points} of ${summary.points}; outcomes: new ${summary.points}`,
    );
    expect(readFileSync(join(dir, 'boot.html'), 'utf8')).toContain('<svg id="strip"');
  }, 180_000);

  it('bad input exits 2 with what and where, and writes no results file', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['sweep', 'crash', 'base.img', '-o', 'x.jsonl'],
        /give exactly one of --install, --uninstall and --boot/,
      ],
      [
        ['sweep', 'crash', 'base.img', '--boot', '--every', '0', '-o', 'x.jsonl'],
        /--every: must be a whole number >= 1, got '0'/,
      ],
      [
        ['sweep', 'crash', 'base.img', '--boot', '--mode', 'fast', '-o', 'x.jsonl'],
        /--mode: expected 'windows' or 'transactional', got 'fast'/,
      ],
      [['sweep', 'crash', 'missing.img', '--boot', '-o', 'x.jsonl'], /missing\.img: cannot read the image/],
      [
        ['sweep', 'crash', 'base.img', '--boot', '--queue', 'http://host', '-o', 'x.jsonl'],
        /--queue: expected redis:\/\/HOST:PORT/,
      ],
      [['sweep', 'report', 'base.img'], /base\.img: line 1: not JSON|not a sweep results header/],
      [
        ['worker', '--queue', 'redis://host', '--threads', 'two'],
        /--threads: must be a whole number >= 1, got 'two'; see 'svcpack worker --help'/,
      ],
      // a bad option's hint was "check the file", as if the option were a file
      [
        ['bench', '--files', '1000', '--rounds', '0'],
        /--rounds: must be a whole number >= 1, got '0'; see 'svcpack bench --help'/,
      ],
    ];
    const runs = await Promise.all(cases.map(([args]) => svcpack(args, { cwd: dir })));
    runs.forEach((run, i) => {
      expect(run.code, cases[i][0].join(' ')).toBe(2);
      expect(run.stderr, cases[i][0].join(' ')).toMatch(cases[i][1]);
    });
    expect(existsSync(join(dir, 'x.jsonl'))).toBe(false);
  }, 180_000);
});
