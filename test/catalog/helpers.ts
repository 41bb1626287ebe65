/** Deterministic test content for the catalog tests. */

/** `length` bytes from a seeded xorshift32 generator. */
export function seededBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** Items of the given sizes, each with its own seed. */
export function itemsOfSizes(sizes: readonly number[], seed = 1): Uint8Array[] {
  return sizes.map((size, i) => seededBytes(size, seed * 7919 + i));
}
