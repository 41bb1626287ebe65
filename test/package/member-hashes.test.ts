import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HashPool, sha256Hex, xxh64Hex } from '../../src/catalog/index.js';
import { Package, type PackageReadOptions } from '../../src/package/index.js';
import { builtHotfix, builtSample } from './helpers.js';

type MemberHashes = NonNullable<PackageReadOptions['memberHashes']>;

/** A `memberHashes` that hashes on this thread and records what it was given. */
function recordingHashes(): { calls: Uint8Array[][]; memberHashes: MemberHashes } {
  const calls: Uint8Array[][] = [];
  return {
    calls,
    memberHashes: (items) => {
      calls.push([...items]);
      return Promise.resolve({ sha256: items.map(sha256Hex), xxh64: items.map(xxh64Hex) });
    },
  };
}

/** What reading gives, as something comparable: the error's class, code and message, or the package's id. */
async function outcome(read: () => Promise<Package> | Package): Promise<string> {
  try {
    return `ok ${(await read()).id}`;
  } catch (error) {
    const { code } = error as { code?: string };
    return `${(error as Error).constructor.name} ${code ?? ''}: ${(error as Error).message}`;
  }
}

const pools: HashPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
});

describe('Package.fromBytesAsync and load with memberHashes', () => {
  it('reads the same package as fromBytes, each member hashed once for both hashes, in one call', async () => {
    const { built } = builtSample();
    const bytes = built.toBytes();
    const hashes = recordingHashes();
    let sha256Calls = 0;
    const sha256Many = (items: readonly Uint8Array[]) => {
      sha256Calls++;
      return Promise.resolve(items.map(sha256Hex));
    };
    const read = await Package.fromBytesAsync(bytes, { memberHashes: hashes.memberHashes, sha256Many });
    expect(read.inspect()).toEqual(Package.fromBytes(bytes).inspect());
    expect(read.manifest).toEqual(built.manifest);
    expect(hashes.calls).toHaveLength(1);
    expect(hashes.calls[0]).toEqual(read.memberBytes());
    // format 3's integrity hash is xxh64, of the bytes before the members: nothing for sha256Many
    expect(sha256Calls).toBe(0);
  });

  it('refuses a flipped byte anywhere in the file exactly as fromBytes does, though the members are hashed before the checks', async () => {
    const { built } = await builtHotfix();
    const good = built.toBytes();
    const { memberHashes } = recordingHashes();
    for (let offset = 0; offset < good.length; offset++) {
      const bad = Uint8Array.from(good);
      bad[offset] ^= 0x10;
      const sync = await outcome(() => Package.fromBytes(bad));
      expect(sync, `byte ${offset}`).not.toMatch(/^ok/);
      expect(await outcome(() => Package.fromBytesAsync(bad, { memberHashes })), `byte ${offset}`).toBe(sync);
    }
    for (let length = 0; length < good.length; length += 7) {
      const cut = good.subarray(0, length);
      expect(await outcome(() => Package.fromBytesAsync(cut, { memberHashes }))).toBe(
        await outcome(() => Package.fromBytes(cut)),
      );
    }
  });

  it('checks the members against the digests memberHashes gives, and refuses a wrong count', async () => {
    const { built } = await builtHotfix();
    const bytes = built.toBytes();
    const last = built.members().at(-1)!;
    const wrong =
      (which: 'sha256' | 'xxh64'): MemberHashes =>
      (items) => {
        const sha256 = items.map(sha256Hex);
        const xxh64 = items.map(xxh64Hex);
        const list = which === 'sha256' ? sha256 : xxh64;
        list[list.length - 1] = '0'.repeat(list[0].length);
        return Promise.resolve({ sha256, xxh64 });
      };
    await expect(Package.fromBytesAsync(bytes, { memberHashes: wrong('sha256') })).rejects.toMatchObject({
      code: 'TRUST_E_BAD_DIGEST',
      message: expect.stringContaining(
        `member '${last}' does not match its SHA-256 in the manifest`,
      ) as unknown,
    });
    await expect(Package.fromBytesAsync(bytes, { memberHashes: wrong('xxh64') })).rejects.toMatchObject({
      code: 'TRUST_E_BAD_DIGEST',
      message: expect.stringContaining(
        `member '${last}' does not match its xxh64 in the manifest`,
      ) as unknown,
    });
    const short: MemberHashes = (items) => Promise.resolve({ sha256: items.map(sha256Hex), xxh64: [] });
    await expect(Package.fromBytesAsync(bytes, { memberHashes: short })).rejects.toThrow(
      /memberHashes gave 0 digests/,
    );
  });

  it("reports a package's own error, not the hashing's, when the hashing started early fails too", async () => {
    const { built } = await builtHotfix();
    const unsigned = Package.fromBytes(built.toBytes());
    const bytes = Package.build(
      unsigned.manifest,
      new Map(unsigned.members().map((m) => [m, unsigned.member(m)])),
      null,
    ).toBytes();
    const failing: MemberHashes = () => Promise.reject(new Error('hashing failed'));
    await expect(Package.fromBytesAsync(bytes, { memberHashes: failing })).rejects.toMatchObject({
      code: 'TRUST_E_NOSIGNATURE',
    });
    await expect(Package.fromBytesAsync(built.toBytes(), { memberHashes: failing })).rejects.toThrow(
      'hashing failed',
    );
  });

  it('hashes deflated members only once inflated, after the manifest that names them is checked', async () => {
    const { manifest, payload } = await builtHotfix({ 'i386/big.dll': 'x'.repeat(5000), 'i386/b.sys': 'b' });
    const packed = Package.build(manifest, payload, undefined, { compress: true }).toBytes();
    const hashes = recordingHashes();
    const read = await Package.fromBytesAsync(packed, { memberHashes: hashes.memberHashes });
    expect(hashes.calls).toHaveLength(1);
    expect(hashes.calls[0]).toEqual(read.memberBytes());
    expect(hashes.calls[0].some((item) => Buffer.from(item).toString() === 'x'.repeat(5000))).toBe(true);
  });

  it("loads a package file through a worker pool's hashBoth, read into shared memory", async () => {
    const { built } = builtSample();
    const dir = await mkdtemp(join(tmpdir(), 'svcpack-member-hashes-'));
    const pool = new HashPool({ threads: 1, batchBytes: 1024, inlineBelowBytes: 0 });
    pools.push(pool);
    try {
      const file = join(dir, 'q823980.svcpkg');
      await writeFile(file, built.toBytes());
      let shared = false;
      const read = await Package.load(file, {
        memberHashes: (items) => {
          shared = items.every((item) => item.buffer instanceof SharedArrayBuffer);
          return pool.hashBoth(items, { mode: 'pool', callerHelps: false });
        },
      });
      expect(shared).toBe(true);
      expect(read.inspect()).toEqual(built.inspect());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
