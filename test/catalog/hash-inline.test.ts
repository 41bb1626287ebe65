import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { initHashing, isHashingReady, sha256Hex, xxh64Hex, xxh64HexAsync } from '../../src/catalog/index.js';
import { seededBytes } from './helpers.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('inline hashing', () => {
  // Must run first in this file: the module is fresh per test file.
  it('xxh64Hex throws a clear error before initHashing()', () => {
    expect(isHashingReady()).toBe(false);
    expect(() => xxh64Hex(text('abc'))).toThrow(/initHashing/);
  });

  it('xxh64HexAsync initialises on demand and matches the xxh64 reference vectors', async () => {
    expect(await xxh64HexAsync(new Uint8Array(0))).toBe('ef46db3751d8e999');
    expect(await xxh64HexAsync(text('abc'))).toBe('44bc2cf5ad770999');
    expect(isHashingReady()).toBe(true);
  });

  it('initHashing is idempotent and xxh64Hex then works synchronously', async () => {
    const first = initHashing();
    expect(initHashing()).toBe(first);
    await first;
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
