import { describe, expect, it } from 'vitest';

describe('svcpack bench --files: the library install against its floor', () => {
  it('times each side in turns in a node of its own and reports the medians and their ratio', async () => {
    // the built scripts, as `svcpack bench` runs them (the sides are child processes)
    const { runFloorBench, floorTable } = await import('../../dist/bench/floor-report.js');
    const result = await runFloorBench(2000, 200, 3);
    expect(result.ratios).toHaveLength(3);
    expect(result.engineMs).toBeGreaterThan(0);
    expect(result.floorMs).toBeGreaterThan(0);
    const sorted = [...result.ratios].sort((a, b) => a - b);
    expect(result.ratio).toBe(sorted[1]);
    const table = floorTable(result);
    expect(table[0]).toContain('2,000 files, SP of 200 (median of 3 rounds, a process each)');
    expect(table[4]).toContain(`**${result.ratio.toFixed(2)} ×**`);
    expect(table[4]).toContain(result.ratios.map((r: number) => r.toFixed(2)).join(', '));
  }, 120_000);
});
