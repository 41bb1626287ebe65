/** The chain sweep of cuts inside recovery reaches the verdicts of cutting each change on its own fork. */
import { describe, expect, it, vi } from 'vitest';
import { sweepBothWays } from './recovery-cuts.js';

vi.setConfig({ testTimeout: 300_000 });

describe('cuts inside recovery, by chain and one by one', () => {
  for (const switches of ['', '-n']) {
    it(`install ${switches || 'with no switches'}: every cut of every recovery passes both ways`, async () => {
      const verdicts = await sweepBothWays(switches);
      expect(verdicts.length).toBeGreaterThan(10);
      expect(verdicts.some((v) => v.changes > 1)).toBe(true);
      for (const v of verdicts) {
        expect({ point: v.point, chain: v.chain, oneByOne: v.oneByOne }).toEqual({
          point: v.point,
          chain: undefined,
          oneByOne: [],
        });
        expect(v.sweptCuts).toBe(v.changes);
        expect(v.swept).toEqual([]);
      }
    });
  }
});
