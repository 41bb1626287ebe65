import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeBatch, IN_PACKED, NO_MEMORY, planBatches } from '../../src/catalog/hash-batches.js';
import { itemsOfSizes } from './helpers.js';

describe('planBatches / describeBatch', () => {
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

  it('copies ordinary items into one transferable buffer and leaves the items untouched', () => {
    const items = itemsOfSizes([10, 0, 300, 7]);
    const copies = items.map((item) => item.slice());
    const [batch] = planBatches(items, 1 << 20);
    // Each copied item may need up to 7 bytes to start at its source's offset modulo 8.
    expect(batch.copyBytes).toBe(317 + 3 * 7);
    const { task, packed: buffer } = describeBatch(items, batch, 'sha256');
    expect(buffer).toBeInstanceOf(ArrayBuffer);
    expect(buffer?.byteLength).toBe(317 + 3 * 7);
    expect(task.packed).toBe(buffer);
    expect(task.shared).toEqual([]);
    expect(task.lengths).toEqual([10, 0, 300, 7]);
    expect(task.memory).toEqual([IN_PACKED, NO_MEMORY, IN_PACKED, IN_PACKED]);
    expect(task.offsets).toEqual([0, 0, 16, 320]);
    const packed = new Uint8Array(buffer!);
    expect(packed.subarray(16, 316)).toEqual(items[2]);
    expect(packed.subarray(320, 327)).toEqual(items[3]);
    packed.fill(0);
    expect(items).toEqual(copies);
  });

  it('references items in shared memory where they lie, copying nothing', () => {
    const shared = new Uint8Array(new SharedArrayBuffer(1000));
    shared.set(itemsOfSizes([1000])[0]);
    const other = new Uint8Array(new SharedArrayBuffer(64));
    const items = [shared.subarray(100, 400), other, shared.subarray(0, 50)];
    const [batch] = planBatches(items, 1 << 20);
    expect(batch.copyBytes).toBe(0);
    const { task, packed } = describeBatch(items, batch, 'xxh64');
    expect(packed).toBeUndefined();
    expect(task.packed).toBeUndefined();
    expect(task.shared).toEqual([shared.buffer, other.buffer]);
    expect(task.shared[0]).toBe(shared.buffer);
    expect(task.memory).toEqual([0, 1, 0]);
    expect(task.offsets).toEqual([100, 0, 0]);
    expect(task.lengths).toEqual([300, 64, 50]);
  });

  it('mixes shared and copied items in one batch, reusing a big enough spare buffer', () => {
    const shared = new Uint8Array(new SharedArrayBuffer(200)).fill(9);
    const plain = itemsOfSizes([40, 0, 60]);
    const items = [plain[0], shared.subarray(20, 120), plain[1], plain[2]];
    const [batch] = planBatches(items, 1 << 20);
    expect(batch.copyBytes).toBe(100 + 2 * 7);
    const spare = new ArrayBuffer(4096);
    const { task, packed } = describeBatch(items, batch, 'sha256', spare);
    expect(packed).toBe(spare);
    expect(task.shared).toEqual([shared.buffer]);
    expect(task.memory).toEqual([IN_PACKED, 0, NO_MEMORY, IN_PACKED]);
    expect(task.offsets).toEqual([0, 20, 0, 40]);
    expect(new Uint8Array(spare, 40, 60)).toEqual(plain[2]);
    const small = new ArrayBuffer(10);
    expect(describeBatch(items, batch, 'sha256', small).packed).not.toBe(small);
  });

  it('places every copied item at its source offset modulo 8, inside the room planned', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(64), fc.nat(300)), { maxLength: 40 }), (shapes) => {
        const backing = new Uint8Array(20_000).map((_, i) => i * 7);
        const items = shapes.map(([offset, size]) => backing.subarray(offset, offset + size));
        for (const batch of planBatches(items, 1 << 20)) {
          const { task, packed } = describeBatch(items, batch, 'sha256');
          let end = 0;
          task.lengths.forEach((length, i) => {
            const item = items[batch.start + i];
            if (length === 0) return expect(task.memory[i]).toBe(NO_MEMORY);
            expect(task.offsets[i] % 8).toBe(item.byteOffset % 8);
            expect(task.offsets[i]).toBeGreaterThanOrEqual(end);
            expect(task.memory[i]).toBe(IN_PACKED);
            expect(new Uint8Array(packed!, task.offsets[i], length)).toEqual(item);
            end = task.offsets[i] + length;
          });
          expect(end).toBeLessThanOrEqual(batch.copyBytes);
        }
      }),
    );
  });

  it('marks an empty ordinary item in an all-shared batch as having nothing to read', () => {
    const shared = new Uint8Array(new SharedArrayBuffer(8));
    const items = [shared, new Uint8Array(0)];
    const [batch] = planBatches(items, 1 << 20);
    const { task, packed } = describeBatch(items, batch, 'sha256');
    expect(packed).toBeUndefined();
    expect(task.memory).toEqual([0, NO_MEMORY]);
  });
});
