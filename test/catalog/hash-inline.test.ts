import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { initHashing, isHashingReady, sha256Hex, xxh64Hex, xxh64HexAsync } from '../../src/catalog/index.js';
import { seededBytes } from './helpers.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('inline hashing', () => {
  it('xxh64Hex works synchronously as soon as the module is loaded', () => {
    expect(isHashingReady()).toBe(true);
    expect(xxh64Hex(text('abc'))).toBe('44bc2cf5ad770999');
  });

  it('xxh64Hex gives the same digest for bytes in shared memory, at every alignment', () => {
    const plain = seededBytes(5000, 4);
    const shared = new Uint8Array(new SharedArrayBuffer(5000));
    shared.set(plain);
    for (const [start, end] of [
      [0, 5000],
      [1, 4999],
      [3, 17],
      [7, 4000],
      [8, 8],
    ]) {
      expect(xxh64Hex(shared.subarray(start, end))).toBe(xxh64Hex(plain.subarray(start, end)));
    }
    // Bigger than the scratch buffer, so it grows.
    const big = new Uint8Array(new SharedArrayBuffer(200_000)).fill(5);
    expect(xxh64Hex(big.subarray(3))).toBe(xxh64Hex(new Uint8Array(199_997).fill(5)));
  });

  it('xxh64HexAsync initialises on demand and matches the xxh64 reference vectors', async () => {
    expect(await xxh64HexAsync(new Uint8Array(0))).toBe('ef46db3751d8e999');
    expect(await xxh64HexAsync(text('abc'))).toBe('44bc2cf5ad770999');
    expect(isHashingReady()).toBe(true);
  });

  it('initHashing resolves, for callers written when xxh64 started asynchronously', async () => {
    await expect(initHashing()).resolves.toBeUndefined();
    expect(xxh64Hex(text('abc'))).toBe('44bc2cf5ad770999');
  });

  it('xxh64Hex always gives 16 hex digits, zero-padded', async () => {
    await initHashing();
    for (let seed = 1; seed <= 300; seed++) {
      expect(xxh64Hex(seededBytes(seed % 37, seed))).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it('xxh64Hex hashes only the view, not the whole underlying buffer', async () => {
    await initHashing();
    const whole = seededBytes(1000, 3);
    expect(xxh64Hex(whole.subarray(100, 200))).toBe(xxh64Hex(whole.slice(100, 200)));
  });

  it('sha256Hex matches node:crypto and the FIPS 180-2 vector', () => {
    expect(sha256Hex(text('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const data = seededBytes(70_000, 9).subarray(5, 65_000);
    expect(sha256Hex(data)).toBe(createHash('sha256').update(data).digest('hex'));
  });
});
