import { describe, expect, it } from 'vitest';

describe('svcpack bench --files: the scaling table run', () => {
  it('gives one row per operation and size, save and loads as medians of their own runs', async () => {
    // the built scripts, as `svcpack bench` runs them in child processes
    const { runScaleBench } = await import('../../dist/bench/scale.js');
    const started: number[] = [];
    const rows = await runScaleBench({ sizes: [1000], onSize: (files) => started.push(files) });
    expect(started).toEqual([1000]);
    expect(rows.map((row) => row.operation)).toEqual([
      'create',
      'fork',
      'save',
      'load',
      'load, lazy',
      'install',
      'boot',
      'uninstall',
    ]);
    for (const row of rows) {
      expect(row.files).toBe(1000);
      expect(row.ms).toBeGreaterThan(0);
      expect(row.peakBytes).toBeGreaterThan(0);
    }
    // the load row carries the saved file's size: the image's own save, not a fork's removed file
    expect(rows.find((row) => row.operation === 'load')!.imageBytes).toBeGreaterThan(1000 * 100);
  }, 120_000);
});
