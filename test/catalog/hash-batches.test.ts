import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packBatch, planBatches } from '../../src/catalog/hash-batches.js';
import { itemsOfSizes } from './helpers.js';

describe('planBatches / packBatch', () => {
  it('covers every item once, in order, each batch but the last reaching the minimum', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(5000), { maxLength: 60 }),
        fc.integer({ min: 1, max: 20_000 }),
        (sizes, min) => {
          const items = sizes.map((n) => new Uint8Array(n));
          const batches = planBatches(items, min);
          let next = 0;
          batches.forEach((batch, i) => {
            expect(batch.index).toBe(i);
            expect(batch.start).toBe(next);
            expect(batch.end).toBeGreaterThan(batch.start);
            expect(batch.bytes).toBe(sizes.slice(batch.start, batch.end).reduce((a, b) => a + b, 0));
            if (i < batches.length - 1) expect(batch.bytes).toBeGreaterThanOrEqual(min);
            // A batch closes as soon as it reaches the minimum.
            expect(batch.bytes - sizes[batch.end - 1]).toBeLessThan(min);
            next = batch.end;
          });
          expect(next).toBe(items.length);
        },
      ),
    );
  });

  it('packs a batch into a fresh buffer and leaves the items untouched', () => {
    const items = itemsOfSizes([10, 0, 300, 7]);
    const copies = items.map((item) => item.slice());
    const [batch] = planBatches(items, 1 << 20);
    const { buffer, lengths } = packBatch(items, batch);
    expect(lengths).toEqual([10, 0, 300, 7]);
    expect(buffer.byteLength).toBe(317);
    const packed = new Uint8Array(buffer);
    expect(packed.subarray(10, 310)).toEqual(items[2]);
    expect(packed.subarray(310)).toEqual(items[3]);
    packed.fill(0);
    expect(items).toEqual(copies);
  });
});
