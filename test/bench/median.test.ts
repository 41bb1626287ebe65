import { describe, expect, it } from 'vitest';
import { median } from '../../bench/median.js';

describe('median', () => {
  it('takes the middle timing of an odd count, whatever the order', () => {
    expect(median([900, 100, 500])).toBe(500);
  });

  it('takes the mean of the middle two of an even count, not the upper one', () => {
    expect(median([400, 100, 300, 200])).toBe(250);
  });

  it('leaves the timings it is given in their order', () => {
    const timings = [3, 1, 2];
    median(timings);
    expect(timings).toEqual([3, 1, 2]);
  });
});
