import { beforeAll, describe, expect, test } from 'vitest';
import type { ImageCore } from '../../src/image/index.js';
import type { Package } from '../../src/package/index.js';
import { install, uninstall, type InstallOptions } from '../../src/servicing/index.js';
import { forkCore, sweepCutsInRecovery } from '../helpers/recovery-sweep.js';
import { smallServer, tinyHotfix, tinyServicePack } from './small-server.js';

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
