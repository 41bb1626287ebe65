import { beforeAll, describe, expect, test } from 'vitest';
import { digestImage, walkEntries, type ImageCore } from '../../src/image/index.js';
import { WinImage } from '../../src/machine/index.js';
import { applyOpQuietly } from '../../src/ops/index.js';
import type { Package } from '../../src/package/index.js';
import { install, uninstall, type InstallOptions } from '../../src/servicing/index.js';
import { forkCore, sweepCutsInRecovery } from '../helpers/recovery-sweep.js';
import { buildPackage } from './helpers.js';

const SYS = '%SystemRoot%\\system32';
/** What the packages touch, the catalogs and dllcache copies WFP checks: kept in the small server. */
const KEPT = /\\system32\\(kernel32\.dll|notepad\.exe)$|\\catroot\\|\\dllcache\\kernel32\.dll$/i;

/**
 * The generated server cut down to the files in use and the files the packages touch, so that a
 * sweep of thousands of boots takes seconds (each boot is digested).
 */
function smallServer(): ImageCore {
  const image = WinImage.create({ files: 850 }).core;
  const held = new Set<string>();
  for (const process of image.processTable.values()) for (const entry of process.mapped) held.add(image.pathOf(entry));
  for (const volume of image.allVolumes()) {
    for (const entry of [...walkEntries(volume.root)]) {
      const path = entry.parent && !entry.isDir ? image.pathOf(entry) : undefined;
      if (path !== undefined && !KEPT.test(path) && !held.has(path)) applyOpQuietly(image, { kind: 'delete', path });
    }
  }
  image.session.installMode = true;
  digestImage(image); // forks inherit the cached content hashes
  return image;
}

/** A service pack with one file in use (queued for the boot), one replaced, one added and a value in a new key. */
function tinyServicePack(): Package {
  const version = '5.0.2195.6717';
  return buildPackage(
    [
      { target: `${SYS}\\kernel32.dll`, data: 'kernel32 sp4', version, protected: true },
      { target: `${SYS}\\notepad.exe`, data: 'notepad sp4', version },
      { target: `${SYS}\\spnew4.dll`, data: 'new in sp4', version },
    ],
    {
      registry: [
        { op: 'AddReg', root: 'HKLM', key: 'SOFTWARE\\Microsoft\\SPTest4\\Sub', name: 'Level', flags: 0x10001, value: 4 },
      ],
    },
  );
}

function tinyHotfix(): Package {
  return buildPackage(
    [{ target: `${SYS}\\qfeq123456.dll`, data: 'Q123456 fix', version: '5.0.2195.2000', branch: 'qfe' }],
    { id: 'Q123456', title: 'Hotfix Q123456', kind: 'hotfix', level: 0, catalog: { name: 'Q123456.cat' } },
  );
}

let base: ImageCore;
let servicePack: Package;
let hotfix: Package;

beforeAll(() => {
  base = smallServer();
  servicePack = tinyServicePack();
  hotfix = tinyHotfix();
});

const budget = (powerCutAfter: number | undefined) => (powerCutAfter === undefined ? {} : { powerCutAfter });

const installs: [string, () => Package, InstallOptions, 'old' | 'new'][] = [
  ['a service pack, restart now', () => servicePack, {}, 'old'],
  ['a service pack with -z (no restart)', () => servicePack, { switches: '-z' }, 'old'],
  ['a service pack with -n (no backup: rolled forward)', () => servicePack, { switches: '-n -z' }, 'new'],
  ['a hotfix', () => hotfix, {}, 'old'],
];

describe('power cuts inside the recovery of a cut install or uninstall', () => {
  for (const [what, pkg, options, outcome] of installs) {
    test(`${what}: every cut, then every cut of its recovery, then a clean boot: exactly the old or the new image`, async () => {
      const result = await sweepCutsInRecovery({
        setup: () => forkCore(base),
        act: async (image, powerCutAfter) => {
          const done = await install(image, pkg(), { ...options, ...budget(powerCutAfter) });
          expect([0, 3010, 1641], done.message).toContain(done.code);
        },
      });
      expect(result.cuts).toBeGreaterThan(10);
      expect(result.recoveryCuts).toBeGreaterThan(result.cuts);
      expect([...result.outcomes]).toEqual([outcome]);
    });
  }

  test('uninstalling a service pack: every cut, then every cut of its recovery, then a clean boot', async () => {
    const installed = forkCore(base);
    expect((await install(installed, servicePack)).code).toBe(1641);
    installed.session.installMode = true;
    const result = await sweepCutsInRecovery({
      setup: () => forkCore(installed),
      act: async (image, powerCutAfter) => {
        const done = await uninstall(image, 'W2K-SP4', budget(powerCutAfter));
        expect([0, 3010, 1641], done.message).toContain(done.code);
      },
    });
    expect(result.cuts).toBeGreaterThan(10);
    expect(result.recoveryCuts).toBeGreaterThan(result.cuts);
    expect([...result.outcomes]).toEqual(['old']);
  });
});
