import { beforeAll, describe, expect, test } from 'vitest';
import { reboot, type BootReport } from '../../src/boot/index.js';
import { PowerCut } from '../../src/errors/index.js';
import { digestImage, type ImageCore } from '../../src/image/index.js';
import { opLog } from '../../src/ops/index.js';
import { install, installedServicePack, uninstall } from '../../src/servicing/index.js';
import { forkCore } from '../helpers/recovery-sweep.js';
import { smallServer, tinyServicePack } from './small-server.js';

const KERNEL32 = 'C:\\WINNT\\system32\\kernel32.dll';
const UNINSTALL_FOLDER = 'C:\\WINNT\\$NtServicePackUninstall$';

let base: ImageCore;
/** The small server after `install -z` of the tiny SP: kernel32.dll (in use) waits in a `.new` copy. */
let installedNoRestart: ImageCore;
/** The small server with the tiny SP installed and rebooted, then `uninstall -z`: kernel32.dll waits in `.old`. */
let uninstalledNoRestart: ImageCore;

beforeAll(async () => {
  base = smallServer();
  installedNoRestart = forkCore(base);
  expect((await install(installedNoRestart, tinyServicePack(), { switches: '-z' })).code).toBe(3010);
  uninstalledNoRestart = forkCore(base);
  expect((await install(uninstalledNoRestart, tinyServicePack())).code).toBe(1641);
  uninstalledNoRestart.session.installMode = true;
  const removed = await uninstall(uninstalledNoRestart, 'W2K-SP4', { noRestart: true });
  expect(removed.code).toBe(3010);
});

function bootOperations(image: ImageCore): number {
  const copy = forkCore(image);
  const start = opLog(copy).position;
  reboot(copy);
  return opLog(copy).position - start;
}

/** Boots `image` in `windows` mode with the power cut after `k` changes. */
function cutBoot(image: ImageCore, k: number): void {
  expect(() => reboot(image, { powerCutAfter: k })).toThrow(PowerCut);
}

function content(image: ImageCore, path: string): string | undefined {
  const entry = image.find(path);
  return entry ? image.content(entry).toString() : undefined;
}

/** Every orphaned file exists; every lost entry whose source still exists is among them. */
function expectOrphansAccountedFor(image: ImageCore, report: BootReport): void {
  for (const file of report.orphaned ?? []) expect(image.find(file.path), file.path).toBeDefined();
  const orphaned = new Set((report.orphaned ?? []).map((file) => `${file.value}:${file.index}`));
  for (const entry of report.lost ?? []) {
    expect(orphaned.has(`${entry.value}:${entry.index}`)).toBe(image.find(entry.source) !== undefined);
  }
}

describe('what a power cut during a windows-mode boot loses, reported by the next boot', () => {
  test('after install -z: the SP is recorded, kernel32.dll never swapped, its .new copy reported orphaned', () => {
    const operations = bootOperations(installedNoRestart);
    let losses = 0;
    for (let k = 0; k < operations; k++) {
      const image = forkCore(installedNoRestart);
      cutBoot(image, k);
      const next = reboot(image);
      expectOrphansAccountedFor(image, next);
      if (!next.lost) continue;
      losses++;
      expect(next.lost.map((entry) => entry.error?.code)).toEqual(['ERROR_PROCESS_ABORTED']);
      expect(next.orphaned).toEqual([{ path: `${KERNEL32}.new`, destination: KERNEL32, value: 1, index: 0 }]);
      // the half-completed install the report describes
      expect(installedServicePack(image)).toBe(4);
      expect(content(image, KERNEL32)).not.toBe('kernel32 sp4');
      expect(content(image, `${KERNEL32}.new`)).toBe('kernel32 sp4');
      expect(reboot(image).lost, 'reported once').toBeUndefined();
    }
    expect(losses, 'the cut between deleting the queue and running its entry').toBe(1);
  });

  test('after uninstall -z: the backup is gone, the original is only in kernel32.dll.old, which is reported', () => {
    const original = content(base, KERNEL32);
    const operations = bootOperations(uninstalledNoRestart);
    let losses = 0;
    for (let k = 0; k < operations; k++) {
      const image = forkCore(uninstalledNoRestart);
      cutBoot(image, k);
      const next = reboot(image);
      expectOrphansAccountedFor(image, next);
      if (!next.lost) continue;
      losses++;
      expect(next.orphaned).toEqual([{ path: `${KERNEL32}.old`, destination: KERNEL32, value: 1, index: 0 }]);
      expect(image.find(UNINSTALL_FOLDER)).toBeUndefined();
      expect(content(image, `${KERNEL32}.old`)).toBe(original);
      expect(content(image, KERNEL32)).toBe('kernel32 sp4');
    }
    expect(losses).toBe(1);
  });

  test('the loss is still reported when the boot after the cut is cut too (it was dropped)', () => {
    const image = forkCore(installedNoRestart);
    cutBoot(image, 1); // the queue deleted, its entry not run
    const lossless = forkCore(image);
    const expected = reboot(lossless);
    expect(expected.lost).toHaveLength(1);
    cutBoot(image, 0); // this boot found the loss, then lost power before it could report it
    const next = reboot(image);
    expect(next.lost).toEqual(expected.lost);
    expect(next.orphaned).toEqual(expected.orphaned);
    expect(digestImage(image)).toBe(digestImage(lossless));
  });
});
