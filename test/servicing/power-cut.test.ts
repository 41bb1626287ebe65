import { describe, expect, test } from 'vitest';
import { reboot } from '../../src/boot/index.js';
import { PowerCut } from '../../src/errors/index.js';
import { digestImage } from '../../src/image/index.js';
import { opLog } from '../../src/ops/index.js';
import { install, uninstall } from '../../src/servicing/index.js';
import { serverImage, smallServicePack } from './helpers.js';
import { coreOf } from '../../src/machine/internal.js';

async function opsOfInstall(
  switches: string,
): Promise<{ total: number; oldDigest: string; newDigest: string }> {
  const image = serverImage();
  const oldDigest = digestImage(coreOf(image));
  const mark = opLog(coreOf(image)).position;
  const result = await install(coreOf(image), smallServicePack(), { switches, restart: 'later' });
  expect(result.code, result.message).toBe(3010);
  const total = opLog(coreOf(image)).position - mark;
  reboot(coreOf(image));
  return { total, oldDigest, newDigest: digestImage(coreOf(image)) };
}

describe('power cut during install', () => {
  for (const switches of ['-z', '-n -z']) {
    test(`after k primitive ops (${switches}), the next boot gives exactly the old or the new state`, async () => {
      const { total, oldDigest, newDigest } = await opsOfInstall(switches);
      expect(total).toBeGreaterThan(20);
      const cuts = [0, 1, 5, Math.floor(total / 2), total - 1];
      const outcomes = new Set<string>();
      for (const k of cuts) {
        const image = serverImage();
        await expect(
          install(coreOf(image), smallServicePack(), { switches, restart: 'later', powerCutAfter: k }),
        ).rejects.toBeInstanceOf(PowerCut);
        expect(coreOf(image).poweredOff).toBe(true);
        reboot(coreOf(image));
        const digest = digestImage(coreOf(image));
        expect([oldDigest, newDigest], `cut after ${k} of ${total}`).toContain(digest);
        outcomes.add(digest === oldDigest ? 'old' : 'new');
        expect(coreOf(image).journal).toBeUndefined();
      }
      // rollback recovers the old state, roll-forward (-n) the new one
      expect([...outcomes]).toEqual([switches.includes('-n') ? 'new' : 'old']);
    });
  }

  test('a cut during uninstall recovers to the installed state', async () => {
    const image = serverImage();
    await install(coreOf(image), smallServicePack());
    coreOf(image).session.installMode = true;
    const installed = digestImage(coreOf(image));
    await expect(uninstall(coreOf(image), 'W2K-SP4', { powerCutAfter: 7 })).rejects.toBeInstanceOf(PowerCut);
    reboot(coreOf(image));
    expect(digestImage(coreOf(image))).toBe(installed);
  });
});
