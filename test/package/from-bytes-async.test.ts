import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HashPool, xxh64Hex } from '../../src/catalog/index.js';
import { decodePackageFile, encodePackageFile, Package } from '../../src/package/index.js';
import { builtHotfix, builtSample } from './helpers.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A `sha256Many` that hashes on this thread and records what it was given. */
function recordingHasher(): {
  calls: Uint8Array[][];
  sha256Many: (items: readonly Uint8Array[]) => Promise<string[]>;
} {
  const calls: Uint8Array[][] = [];
  return {
    calls,
    sha256Many: (items) => {
      calls.push([...items]);
      return Promise.resolve(items.map(sha256));
    },
  };
}

/** What reading gives, as something comparable: the error's class and message, or the package's id. */
async function outcome(read: () => Promise<Package> | Package): Promise<string> {
  try {
    return `ok ${(await read()).id}`;
  } catch (error) {
    return `${(error as Error).constructor.name}: ${(error as Error).message}`;
  }
}

/** The same package written in format 1 (SHA-256 integrity hash). */
function asFormat1(bytes: Uint8Array): Uint8Array {
  return encodePackageFile(decodePackageFile(bytes), { formatVersion: 1 }).bytes;
}

const pools: HashPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
});

describe('Package.fromBytesAsync and load with sha256Many', () => {
  it.each([2, 3] as const)(
    'reads the same package as fromBytes, hashing every stored member in one call (format %i)',
    async (formatVersion) => {
      const { built } = builtSample();
      const bytes = encodePackageFile(decodePackageFile(built.toBytes()), { formatVersion }).bytes;
      const hasher = recordingHasher();
      const read = await Package.fromBytesAsync(bytes, { sha256Many: hasher.sha256Many });
      const sync = Package.fromBytes(bytes);
      expect(read.manifest).toEqual(sync.manifest);
      expect(read.members()).toEqual(sync.members());
      expect(read.inspect()).toEqual(sync.inspect());
      expect(read.inspect().formatVersion).toBe(formatVersion);
      expect(hasher.calls).toHaveLength(1);
      // the integrity hash of formats 2 and 3 is xxh64, computed on the calling thread
      expect(hasher.calls[0]).toHaveLength(sync.members().length);
    },
  );

  it("hashes a format-1 file's SHA-256 integrity prefix first, and its members only after the signature and manifest", async () => {
    const { built } = builtSample();
    const bytes = asFormat1(built.toBytes());
    const hasher = recordingHasher();
    const read = await Package.fromBytesAsync(bytes, { sha256Many: hasher.sha256Many });
    expect(read.inspect()).toEqual(Package.fromBytes(bytes).inspect());
    expect(read.inspect()).toMatchObject({
      formatVersion: 1,
      integrity: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(hasher.calls.map((call) => call.length)).toEqual([1, read.members().length]);
  });

  it('uses the digests it is given: a wrong integrity digest or a wrong member digest is refused', async () => {
    const { built } = await builtHotfix();
    const bytes = asFormat1(built.toBytes());
    const wrongFirst = (items: readonly Uint8Array[]) =>
      Promise.resolve(items.map((item, i) => (i === 0 ? '0'.repeat(64) : sha256(item))));
    await expect(Package.fromBytesAsync(bytes, { sha256Many: wrongFirst })).rejects.toMatchObject({
      code: 'TRUST_E_BAD_DIGEST',
      message: expect.stringMatching(/integrity hash/) as unknown,
    });
    const wrongLast = (items: readonly Uint8Array[]) =>
      Promise.resolve(
        items.map((item, i) => (items.length > 1 && i === items.length - 1 ? 'f'.repeat(64) : sha256(item))),
      );
    await expect(Package.fromBytesAsync(bytes, { sha256Many: wrongLast })).rejects.toMatchObject({
      code: 'TRUST_E_BAD_DIGEST',
      message: expect.stringMatching(/does not match its SHA-256 in the manifest/) as unknown,
    });
    const short = () => Promise.resolve([]);
    await expect(Package.fromBytesAsync(bytes, { sha256Many: short })).rejects.toThrow(/gave 0 digests/);
  });

  it('refuses damaged files exactly as fromBytes does, wherever the damage is', async () => {
    const { built } = await builtHotfix();
    const good = built.toBytes();
    const hasher = recordingHasher();
    const offsets = [
      0,
      5,
      7,
      9,
      20,
      100,
      good.length >> 1,
      good.length - 90,
      good.length - 40,
      good.length - 1,
    ];
    for (const offset of offsets) {
      const bad = Uint8Array.from(good);
      bad[offset] ^= 0x5a;
      const sync = await outcome(() => Package.fromBytes(bad));
      expect(sync).not.toMatch(/^ok/);
      expect(await outcome(() => Package.fromBytesAsync(bad, { sha256Many: hasher.sha256Many }))).toBe(sync);
    }
    const truncated = good.subarray(0, good.length - 10);
    expect(await outcome(() => Package.fromBytesAsync(truncated, { sha256Many: hasher.sha256Many }))).toBe(
      await outcome(() => Package.fromBytes(truncated)),
    );
  });

  it('refuses a member changed after signing (integrity recomputed) as fromBytes does', async () => {
    const { built } = await builtHotfix();
    const decoded = decodePackageFile(built.toBytes());
    const members = new Map(decoded.members);
    const [name, data] = [...members].find(([, bytes]) => bytes.length > 0)!;
    const changed = Uint8Array.from(data);
    changed[0] ^= 1;
    members.set(name, changed);
    const { bytes } = encodePackageFile({ ...decoded, members });
    const sync = await outcome(() => Package.fromBytes(bytes));
    expect(sync).toMatch(new RegExp(`member '${name}' does not match`));
    expect(await outcome(() => Package.fromBytesAsync(bytes, recordingHasher()))).toBe(sync);
  });

  it("takes the members' xxh64s from xxh64Many when it is given: its digests are the ones checked", async () => {
    const { built } = await builtHotfix();
    const bytes = built.toBytes();
    const hasher = recordingHasher();
    const calls: number[] = [];
    const xxh64Many = (items: readonly Uint8Array[]) => {
      calls.push(items.length);
      return Promise.resolve(items.map(xxh64Hex));
    };
    const read = await Package.fromBytesAsync(bytes, { sha256Many: hasher.sha256Many, xxh64Many });
    expect(read.inspect()).toEqual(Package.fromBytes(bytes).inspect());
    expect(calls).toEqual([read.members().length]);
    const wrongLast = (items: readonly Uint8Array[]) =>
      Promise.resolve(items.map((item, i) => (i === items.length - 1 ? '0'.repeat(16) : xxh64Hex(item))));
    await expect(
      Package.fromBytesAsync(bytes, { sha256Many: hasher.sha256Many, xxh64Many: wrongLast }),
    ).rejects.toMatchObject({
      code: 'TRUST_E_BAD_DIGEST',
      message: expect.stringMatching(/does not match its xxh64 in the manifest/) as unknown,
    });
    const short = () => Promise.resolve([]);
    await expect(
      Package.fromBytesAsync(bytes, { sha256Many: hasher.sha256Many, xxh64Many: short }),
    ).rejects.toThrow(/xxh64Many gave 0 digests/);
  });

  it('hashes deflated members after inflating them, with the others', async () => {
    const { manifest, payload } = await builtHotfix({ 'i386/big.dll': 'x'.repeat(5000), 'i386/b.sys': 'b' });
    const packed = Package.build(manifest, payload, undefined, { compress: true }).toBytes();
    const hasher = recordingHasher();
    const read = await Package.fromBytesAsync(packed, { sha256Many: hasher.sha256Many });
    expect(Buffer.from(read.member('i386/big.dll')).toString()).toBe('x'.repeat(5000));
    expect(hasher.calls).toHaveLength(1);
    expect(hasher.calls[0].length).toBe(read.members().length);
  });

  it('loads a package file through a worker pool, read into shared memory', async () => {
    const { built } = builtSample();
    const dir = await mkdtemp(join(tmpdir(), 'svcpack-load-'));
    const pool = new HashPool({ threads: 2, batchBytes: 1024, inlineBelowBytes: 0 });
    pools.push(pool);
    try {
      const file = join(dir, 'q823980.svcpkg');
      await writeFile(file, built.toBytes());
      let items = 0;
      const read = await Package.load(file, {
        sha256Many: (list) => {
          items = list.length;
          expect(list.every((item) => item.buffer instanceof SharedArrayBuffer)).toBe(true);
          return pool.hashAll(list, { algorithm: 'sha256', mode: 'pool' });
        },
      });
      expect(items).toBe(read.members().length);
      expect(read.manifest).toEqual(built.manifest);
      expect(read.member(read.members()[0]).buffer).toBeInstanceOf(SharedArrayBuffer);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
