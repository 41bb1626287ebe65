import { afterAll, describe, expect, it } from 'vitest';
import {
  HashPool,
  buildCatalog,
  catalogLookup,
  decodeCatalog,
  generateSigningKey,
  sha256Hex,
  trustedKeys,
  xxh64HexAsync,
} from '../../src/catalog/index.js';
import { itemsOfSizes, seededBytes } from './helpers.js';

const key = generateSigningKey(seededBytes(32, 21));
const pool = new HashPool({ threads: 2, batchBytes: 50_000, inlineBelowBytes: 0 });
afterAll(() => pool.close());

const sizes = [1000, 0, 120_000, 64, 80_000, 333_333, 7];
const members = itemsOfSizes(sizes, 4).map((data, i) => ({ member: `system32\\file${i}.dll`, data }));
const base = {
  name: 'sp4.cat',
  packageId: 'W2K-SP4',
  privateKey: key.privateKey,
  created: '2003-06-26T00:00:00Z',
};

describe('buildCatalog', () => {
  it('lists every member with its size and hashes, in order, signed by the key', async () => {
    const catalog = decodeCatalog(await buildCatalog({ ...base, members }), trustedKeys(key.publicKey));
    expect(catalog.signer).toBe(key.keyId);
    expect(catalog.created).toBe(base.created);
    expect(catalog.entries.map((e) => e.member)).toEqual(members.map((m) => m.member));
    for (const [i, entry] of catalog.entries.entries()) {
      expect(entry.size).toBe(sizes[i]);
      expect(entry.sha256).toBe(sha256Hex(members[i].data));
      expect(entry.xxh64).toBe(await xxh64HexAsync(members[i].data));
    }
  });

  it('gives the same bytes with and without the pool', async () => {
    const inline = await buildCatalog({ ...base, members });
    const pooled = await buildCatalog({ ...base, members, pool });
    expect(Buffer.from(pooled).equals(Buffer.from(inline))).toBe(true);
  });

  it('gives the same bytes for its members given as columns (names and bytes) as one object each', async () => {
    const columns = { names: members.map((m) => m.member), data: members.map((m) => m.data) };
    const asColumns = await buildCatalog({ ...base, members: columns });
    expect(Buffer.from(asColumns).equals(Buffer.from(await buildCatalog({ ...base, members })))).toBe(true);
    await expect(
      buildCatalog({ ...base, members: { names: columns.names, data: columns.data.slice(1) } }),
    ).rejects.toThrow(/bytes given for 7 names/);
  });

  it('records the current time when none is given', async () => {
    const before = Date.now();
    const { created } = decodeCatalog(
      await buildCatalog({ ...base, created: undefined, members: members.slice(0, 1) }),
      trustedKeys(key.publicKey),
    );
    expect(Date.parse(created)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(created)).toBeLessThanOrEqual(Date.now());
  });
});

describe('catalogLookup', () => {
  it('answers whether a content hash is listed, in any case', async () => {
    const catalog = decodeCatalog(await buildCatalog({ ...base, members }), trustedKeys(key.publicKey));
    const listed = catalogLookup(catalog);
    for (const { data } of members) {
      expect(listed(sha256Hex(data))).toBe(true);
      expect(listed(sha256Hex(data).toUpperCase())).toBe(true);
    }
    expect(listed(sha256Hex(seededBytes(1000, 999)))).toBe(false);
    expect(listed('')).toBe(false);
  });
});
