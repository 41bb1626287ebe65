/** sfc says only what matters and names what it changes; image info lists what can be uninstalled. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WinImage } from '../../src/machine/index.js';
import { removeScratch, scratch, svcpack } from './spawn.js';

// each test spawns the built CLI a few times: slow when the machine is shared
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let dir: string;
let image: string;
let serviced: string;

beforeAll(async () => {
  dir = scratch('sfc');
  image = join(dir, 'machine.svcimg');
  serviced = join(dir, 'serviced.svcimg');
  const sp4 = join(dir, 'sp4.svcpkg');
  expect((await svcpack(['image', 'create', '-o', image])).code).toBe(0);
  expect((await svcpack(['package', 'generate', '--level', '4', '--for', image, '-o', sp4])).code).toBe(0);
  await svcpack(['install', image, sp4, '-q', '--output', serviced]);
  expect(existsSync(serviced)).toBe(true);
});

afterAll(removeScratch);

describe('svcpack sfc', () => {
  it('on a brand-new image: no warning about the catalogs in Windows’ own format', async () => {
    const run = await svcpack(['sfc', image]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('catalog not usable');
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const json = JSON.parse((await svcpack(['sfc', image, '--json'])).stdout);
    expect(json.rejectedCatalogs).toEqual([]);
    expect(json.otherFormatCatalogs.length).toBeGreaterThan(0);
  });

  it('after an install: names each dllcache copy it refreshes', async () => {
    // the install left no copy stale (%SystemRoot%\\notepad.exe, older, shares system32's copy)
    expect(JSON.parse((await svcpack(['sfc', serviced, '--json'])).stdout).dllcacheRefreshed).toBe(0);
    // a copy the install refreshed, lost since
    const lost = await WinImage.load(serviced);
    lost.deleteFile('C:\\WINNT\\system32\\dllcache\\kernel32.dll');
    await lost.save(serviced);
    const json = JSON.parse((await svcpack(['sfc', serviced, '--json'])).stdout);
    expect(json.dllcacheRefreshed).toBeGreaterThan(0);
    expect(json.refreshed).toHaveLength(json.dllcacheRefreshed);
    // the scan saved the image: a second one finds nothing to refresh
    const again = await svcpack(['sfc', serviced]);
    expect(again.stdout).toContain('0 dllcache copies refreshed');
    for (const copy of json.refreshed) expect(copy.path).toMatch(/^C:\\WINNT\\system32\\dllcache\\/i);
  });
});

describe('svcpack image info', () => {
  it('lists the installed service packs and hotfixes with the ids uninstall takes', async () => {
    const before = JSON.parse((await svcpack(['image', 'info', image, '--json'])).stdout);
    expect(before.installed).toEqual([]);
    const run = await svcpack(['image', 'info', serviced]);
    expect(run.stdout).toMatch(/installed packages.*\n\s+W2K-SP4\s+service pack\s+removable/);
    const json = JSON.parse((await svcpack(['image', 'info', serviced, '--json'])).stdout);
    expect(json.installed).toEqual([
      {
        id: 'W2K-SP4',
        title: expect.stringContaining('Service Pack 4'),
        kind: 'servicePack',
        removable: true,
      },
    ]);
  });
});
