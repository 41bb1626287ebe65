import { describe, expect, it } from 'vitest';
import { xxh64, xxh64InSlices } from '../../src/image/index.js';

function pseudoRandom(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let state = seed >>> 0;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

describe('xxh64InSlices', () => {
  const MiB = 1024 * 1024;

  it('gives xxh64 of the whole, for sizes on either side of the 4 MiB slice', () => {
    const data = pseudoRandom(9 * MiB + 7, 5);
    for (const size of [0, 1, 4 * MiB - 1, 4 * MiB, 4 * MiB + 1, 8 * MiB, 9 * MiB + 7]) {
      expect(xxh64InSlices(data.subarray(0, size))).toBe(xxh64(data.subarray(0, size)));
    }
  });

  it('reads a view at an odd offset and shared memory the same way', () => {
    const data = pseudoRandom(5 * MiB + 3, 9);
    const shared = new Uint8Array(new SharedArrayBuffer(data.byteLength + 1));
    shared.set(data, 1);
    const view = shared.subarray(1);
    expect(xxh64InSlices(view)).toBe(xxh64(data));
    expect(xxh64InSlices(data.subarray(3))).toBe(xxh64(data.slice(3)));
  });
});
