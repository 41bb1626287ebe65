import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('bench/install-vs-floor.ts --processes', () => {
  it('times each side in a node of its own, in turns, and prints their ratio', () => {
    // the built script, as a user runs it; a small workload
    const run = spawnSync(
      process.execPath,
      ['dist/bench/install-vs-floor.js', '3', '3000', '300', '--processes'],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    const timings = (name: string): number[] => {
      const line = lines.find((l) => l.startsWith(`${name}: median`))!;
      return /\(([\d., ]+)\)$/.exec(line)![1].split(', ').map(Number);
    };
    for (const name of ['install: svcpack (fork excluded)', 'install floor: JavaScript Map']) {
      const samples = timings(name);
      expect(samples).toHaveLength(3);
      for (const ms of samples) expect(ms).toBeGreaterThan(0);
    }
    const ratio = lines.find((l) => l.startsWith('install ÷ floor: median of 3'))!;
    expect(ratio).toContain('each side in a node of its own, no forced collection');
    const own = /ratios ([\d.]+) \(([^)]*)\)/.exec(ratio)!;
    const engine = timings('install: svcpack (fork excluded)');
    const floor = timings('install floor: JavaScript Map');
    // the rounds' own ratios are the engine's time over the floor's of the same round (printed whole ms)
    own[2]
      .split(', ')
      .map(Number)
      .forEach((ratio, i) => expect(Math.abs(ratio - engine[i] / floor[i])).toBeLessThan(0.1 * ratio));
  }, 150_000);
});

describe('bench/install-sides.ts separateRounds', () => {
  it('fails with what a side wrote when the side ends before it is ready, and does not wait for it', async () => {
    const { separateRounds } = await import('../../dist/bench/install-sides.js');
    // an image of -5 files: the side's workload cannot be built
    await expect(separateRounds(2, -5, 10)).rejects.toThrow(/the engine side exited \(status 1\): .*\S/s);
  }, 60_000);
});
