import { describe, expect, it } from 'vitest';
import {
  BASE_CATALOG_NAME,
  CATROOT,
  installBaseCatalog,
  installedCatalogs,
  protectedFiles,
  sfc,
  sha256Hex,
} from '../../src/catalog/index.js';
import { digestImage } from '../../src/image/index.js';
import { freshCore } from './wfp-helpers.js';

describe('installBaseCatalog and sfc on a fresh image', () => {
  it('lists every protected file in nt5.cat, signed with the built-in key', async () => {
    const core = freshCore();
    await installBaseCatalog(core);
    const installed = installedCatalogs(core);
    const base = installed.catalogs.find((catalog) => catalog.name === BASE_CATALOG_NAME);
    expect(base).toBeDefined();
    const files = protectedFiles(core).filter((file) => file.entry);
    expect(files.length).toBeGreaterThan(50);
    expect(base!.entries).toHaveLength(files.length);
    for (const file of files) expect(installed.hasHash(sha256Hex(core.content(file.entry!)))).toBe(true);
    expect(core.find(`${core.expand(CATROOT)}\\nt5.cat`)).toBeDefined();
  });

  it('reports no violations, restores nothing and reports the filler catalogs as unusable', async () => {
    const core = freshCore();
    await installBaseCatalog(core);
    const before = digestImage(core);
    const result = await sfc(core);
    expect(result.scanned).toBe(core.protectedPaths.size);
    expect(result.violations).toEqual([]);
    expect(result.restored).toEqual([]);
    // The layout's other .cat files are realistic filler, not this format: reported, not fatal.
    expect(result.rejectedCatalogs.length).toBeGreaterThan(0);
    for (const rejected of result.rejectedCatalogs) expect(rejected.reason).toMatch(/not a usable catalog/);
    expect(result.rejectedCatalogs.map((r) => r.path.toLowerCase())).not.toContain(
      `${core.expand(CATROOT)}\\nt5.cat`.toLowerCase(),
    );
    // The layout's dllcache already matches the protected files, so a clean scan changes nothing.
    expect(result.dllcacheRefreshed).toBe(0);
    expect(digestImage(core)).toBe(before);
  });

  it('without any catalog every present protected file is a violation and nothing can be restored', async () => {
    const core = freshCore();
    const before = digestImage(core);
    const result = await sfc(core);
    expect(result.violations.length).toBe(result.scanned);
    expect(result.restored).toEqual([]);
    expect(result.dllcacheRefreshed).toBe(0);
    expect(digestImage(core)).toBe(before);
  });
});
