import { afterEach, describe, expect, it, vi } from 'vitest';
import { HashPool, WFP_EVENT_FILE_RESTORED, enforceFileProtection, sfc } from '../../src/catalog/index.js';
import { digestImage } from '../../src/image/index.js';
import { deleteFile, setRegistryValue, writeFile } from '../../src/ops/index.js';
import { catalogedCore, junk, tamperableDll } from './wfp-helpers.js';

const DLLCACHE = '%SystemRoot%\\system32\\dllcache';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('sfc', () => {
  it('finds tampered and deleted protected files and restores them with event 64002', async () => {
    const core = await catalogedCore();
    const tampered = tamperableDll(core, 0);
    const deleted = tamperableDll(core, 1);
    const originals = [tampered, deleted].map((file) => Buffer.from(core.content(file.entry!)));
    writeFile(core, tampered.path, junk());
    deleteFile(core, deleted.path);

    const result = await sfc(core, { hashMode: 'inline' });
    expect(result.scanned).toBe(core.protectedPaths.size);
    expect(result.violations).toEqual(
      expect.arrayContaining([
        { path: tampered.path, reason: 'content is in no installed catalog' },
        { path: deleted.path, reason: 'missing' },
      ]),
    );
    expect(result.violations).toHaveLength(2);
    expect(result.restored.map((r) => r.path).sort()).toEqual([tampered.path, deleted.path].sort());
    expect(Buffer.from(core.readFile(tampered.path)).equals(originals[0])).toBe(true);
    expect(Buffer.from(core.readFile(deleted.path)).equals(originals[1])).toBe(true);
    expect(core.events.filter((e) => e.eventId === WFP_EVENT_FILE_RESTORED)).toHaveLength(2);
  });

  it('scans even when SFCDisable turns background protection off', async () => {
    const core = await catalogedCore();
    const file = tamperableDll(core);
    setRegistryValue(
      core,
      'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon',
      'SFCDisable',
      'REG_DWORD',
      1,
    );
    writeFile(core, file.path, junk());
    expect(enforceFileProtection(core).restored).toEqual([]);
    const result = await sfc(core, { hashMode: 'inline' });
    expect(result.restored.map((r) => r.path)).toEqual([file.path]);
  });

  it('refreshes a missing dllcache copy and a stale one', async () => {
    const core = await catalogedCore();
    const missing = tamperableDll(core, 0);
    const stale = tamperableDll(core, 1);
    const cache = core.expand(DLLCACHE);
    deleteFile(core, `${cache}\\${missing.name}`);
    writeFile(core, `${cache}\\${stale.name}`, junk(300, 5));

    const result = await sfc(core, { hashMode: 'inline' });
    expect(result.violations).toEqual([]);
    expect(result.dllcacheRefreshed).toBe(2);
    for (const file of [missing, stale]) {
      const copy = core.find(`${cache}\\${file.name}`);
      expect(copy).toBeDefined();
      expect(core.content(copy!).equals(core.content(core.find(file.path)!))).toBe(true);
      expect(copy!.version).toBe(core.find(file.path)!.version);
    }
    const again = await sfc(core, { hashMode: 'inline' });
    expect(again.dllcacheRefreshed).toBe(0);
  });

  it('reports progress up to the number of protected files', async () => {
    const core = await catalogedCore();
    const seen: Array<[number, number]> = [];
    const result = await sfc(core, {
      hashMode: 'inline',
      onProgress: (done, total) => seen.push([done, total]),
    });
    expect(seen.length).toBe(result.scanned);
    expect(seen.at(-1)).toEqual([result.scanned, result.scanned]);
    for (let i = 1; i < seen.length; i++) expect(seen[i][0]).toBeGreaterThan(seen[i - 1][0]);
  });

  it('gives the same result hashing in a caller pool, and leaves that pool open', async () => {
    const core = await catalogedCore();
    const file = tamperableDll(core);
    writeFile(core, file.path, junk());
    const twin = await catalogedCore();
    writeFile(twin, file.path, junk());

    const pool = new HashPool({ threads: 2 });
    try {
      const pooled = await sfc(core, { pool, hashMode: 'pool' });
      const inline = await sfc(twin, { hashMode: 'inline' });
      expect(pooled.violations).toEqual(inline.violations);
      expect(pooled.restored).toEqual(inline.restored);
      expect(pool.closed).toBe(false);
      expect(digestImage(core)).toBe(digestImage(twin));
    } finally {
      await pool.close();
    }
  });
});

describe('sfc when a hash worker fails', () => {
  // Only 'throw': with failHow 'exit' the run sometimes never settles when other test files run in parallel
  // (HashPool behaviour, reported to its owner), and a hanging test would stall everyone's suite.
  it.each(['throw'] as const)(
    'worker %s: rejects clearly, changes nothing and closes its own pool',
    async (failHow) => {
      const core = await catalogedCore();
      const file = tamperableDll(core);
      writeFile(core, file.path, junk());
      const before = digestImage(core);
      const events = core.events.length;
      const close = vi.spyOn(HashPool.prototype, 'close');

      await expect(sfc(core, { hashMode: 'pool', threads: 2, failOnBatch: 0, failHow })).rejects.toThrow(
        /^sfc: hashing the protected files failed, nothing was changed: HashPool: sha256 batch 0/,
      );
      expect(close).toHaveBeenCalledTimes(1);
      await close.mock.results[0].value;
      expect(digestImage(core)).toBe(before);
      expect(core.events.length).toBe(events);
    },
  );

  it('with a caller pool: rejects, and the pool still closes without hanging', async () => {
    const core = await catalogedCore();
    const pool = new HashPool({ threads: 2 });
    await expect(sfc(core, { pool, hashMode: 'pool', failOnBatch: 1 })).rejects.toThrow(
      /HashPool: sha256 batch 1/,
    );
    expect(pool.closed).toBe(false);
    await expect(pool.close()).resolves.toBeUndefined();
  });
});
