import { describe, expect, test } from 'vitest';
import { reboot } from '../../src/boot/index.js';
import { PowerCut } from '../../src/errors/index.js';
import { digestImage } from '../../src/image/index.js';
import { opLog } from '../../src/ops/index.js';
import { install, uninstall } from '../../src/servicing/index.js';
import { serverImage, smallServicePack } from './helpers.js';

async function opsOfInstall(
  switches: string,
): Promise<{ total: number; oldDigest: string; newDigest: string }> {
  const image = serverImage();
  const oldDigest = digestImage(image.core);
  const mark = opLog(image.core).position;
  const result = await install(image.core, smallServicePack(), { switches, restart: 'later' });
  expect(result.code, result.message).toBe(3010);
  const total = opLog(image.core).position - mark;
  reboot(image.core);
  return { total, oldDigest, newDigest: digestImage(image.core) };
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
          install(image.core, smallServicePack(), { switches, restart: 'later', powerCutAfter: k }),
        ).rejects.toBeInstanceOf(PowerCut);
        expect(image.core.poweredOff).toBe(true);
        reboot(image.core);
        const digest = digestImage(image.core);
        expect([oldDigest, newDigest], `cut after ${k} of ${total}`).toContain(digest);
        outcomes.add(digest === oldDigest ? 'old' : 'new');
        expect(image.core.journal).toBeUndefined();
      }
      // rollback recovers the old state, roll-forward (-n) the new one
      expect([...outcomes]).toEqual([switches.includes('-n') ? 'new' : 'old']);
    });
  }

  test('a cut during uninstall recovers to the installed state', async () => {
    const image = serverImage();
    await install(image.core, smallServicePack());
    image.core.session.installMode = true;
    const installed = digestImage(image.core);
    await expect(uninstall(image.core, 'W2K-SP4', { powerCutAfter: 7 })).rejects.toBeInstanceOf(PowerCut);
    reboot(image.core);
    expect(digestImage(image.core)).toBe(installed);
  });
});
