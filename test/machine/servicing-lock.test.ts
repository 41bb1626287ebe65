import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, test, vi } from 'vitest';
import { reboot } from '../../src/boot/index.js';
import { PowerCut, WinError } from '../../src/errors/index.js';
import { writeFile } from '../../src/ops/index.js';
import { DriveFsError, WinImage, install, sfc, uninstall } from '../../src/machine/index.js';
import type { InstallOptions } from '../../src/servicing/index.js';
import { digestWithoutLogs, serverImage, smallServicePack } from '../servicing/helpers.js';
import { coreOf } from '../../src/machine/internal.js';

const sp4 = smallServicePack();

/** A default server with a few things of the caller's to move, delete and stop. */
function callerImage(): WinImage {
  const image = serverImage();
  image.mkdir('C:\\Caller');
  image.mkdir('C:\\Caller\\Tree');
  image.writeFile('C:\\Caller\\before.txt', 'before');
  image.writeFile('C:\\Caller\\Tree\\inner.txt', 'inner');
  image.registry.setValue('HKLM\\SOFTWARE\\Caller', 'Before', 'REG_SZ', 'before');
  image.startProcess('caller.exe');
  return image;
}

function refusedWith1618(call: () => unknown): void {
  let caught: unknown;
  try {
    call();
  } catch (error) {
    caught = error;
  }
  const win = caught instanceof DriveFsError ? caught.winError : caught;
  expect(win, `expected ERROR_INSTALL_ALREADY_RUNNING, got ${String(caught)}`).toBeInstanceOf(WinError);
  expect((win as WinError).errno).toBe(1618);
  expect((win as WinError).code).toBe('ERROR_INSTALL_ALREADY_RUNNING');
}

/** Every kind of change a caller can make, each one a fresh call. */
const CHANGES: ReadonlyArray<[string, (image: WinImage) => unknown]> = [
  ['writeFile', (i) => i.writeFile('C:\\Caller\\new.txt', 'mine')],
  ['writeFile over a file the install replaces', (i) => i.writeFile('C:\\WINNT\\win.ini', 'mine')],
  ['mkdir', (i) => i.mkdir('C:\\Caller\\NewDir')],
  ['deleteFile', (i) => i.deleteFile('C:\\Caller\\before.txt')],
  ['removeDirectory', (i) => i.removeDirectory('C:\\Caller\\Tree')],
  ['removeTree', (i) => i.removeTree('C:\\Caller\\Tree')],
  ['setAttributes', (i) => i.setAttributes('C:\\Caller\\before.txt', ['readonly'])],
  ['copyFile', (i) => i.copyFile('C:\\Caller\\before.txt', 'C:\\Caller\\copy.txt')],
  ['moveFileEx now', (i) => i.moveFileEx('C:\\Caller\\before.txt', 'C:\\Caller\\moved.txt')],
  ['moveFileEx delayed', (i) => i.moveFileEx('C:\\Caller\\before.txt', null, 4)],
  ['registry.setValue', (i) => i.registry.setValue('HKLM\\SOFTWARE\\Caller', 'New', 'REG_DWORD', 1)],
  ['registry.deleteValue', (i) => i.registry.deleteValue('HKLM\\SOFTWARE\\Caller', 'Before')],
  ['registry.createKey', (i) => i.registry.createKey('HKLM\\SOFTWARE\\Caller\\Sub')],
  ['registry.deleteKey', (i) => i.registry.deleteKey('HKLM\\SOFTWARE\\Caller')],
  [
    'registry.importReg',
    (i) =>
      i.registry.importReg(
        'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Caller2]\r\n',
      ),
  ],
  ['reboot', (i) => i.reboot()],
  ["the boot layer's reboot on the core", (i) => reboot(coreOf(i))],
  ["the door's writeFile on the core", (i) => writeFile(coreOf(i), 'C:\\Caller\\door.txt', Buffer.from('x'))],
  ['undo', (i) => i.undo(0)],
  ['open', (i) => i.open('C:\\Caller\\before.txt', { access: ['read'], share: [] })],
  ['startProcess', (i) => i.startProcess('other.exe')],
  ['stopProcess', (i) => i.stopProcess(i.processes().find((p) => p.name === 'caller.exe')?.pid ?? 4)],
  ['addVolume', (i) => i.addVolume({ letter: 'X', capacity: 1 << 20 })],
  ["fs('C').writeFileSync", (i) => i.fs('C').writeFileSync('Caller/fs.txt', 'mine')],
  ["fs('C').mkdirSync", (i) => i.fs('C').mkdirSync('Caller/FsDir')],
  ["fs('C').unlinkSync", (i) => i.fs('C').unlinkSync('Caller/before.txt')],
  ["fs('C').renameSync", (i) => i.fs('C').renameSync('Caller/before.txt', 'Caller/renamed.txt')],
];

const MODES: ReadonlyArray<[string, InstallOptions]> = [
  ['-n (plans on a copy, replays after an await)', { noBackup: true }],
  ['with a backup, restart now', {}],
  ['-z', { noRestart: true }],
];

/** The same install run alone on a fork: the fork, its digest (logs aside) and result code. */
async function alone(
  image: WinImage,
  options: InstallOptions,
): Promise<{ fork: WinImage; digest: string; code: number }> {
  const fork = image.fork();
  const result = await install(fork, sp4, options);
  return { fork, digest: digestWithoutLogs(coreOf(fork)), code: result.code };
}

describe('the servicing lock: changes made while an install runs are refused with 1618 (issue 14, symptom 2)', () => {
  for (const [mode, options] of MODES) {
    test(`install ${mode}: every kind of change made before awaiting it is refused, and the image ends exactly new`, async () => {
      const image = callerImage();
      const expected = await alone(image, options);
      const running = install(image, sp4, options);
      for (const [, change] of CHANGES) refusedWith1618(() => change(image));
      const result = await running;
      expect(result.code, result.message).toBe(expected.code);
      expect(coreOf(image).journal).toBeUndefined();
      expect(digestWithoutLogs(coreOf(image))).toBe(expected.digest);
      expect(image.reboot().counts.failed).toBe(0);
      expected.fork.reboot();
      expect(digestWithoutLogs(coreOf(image))).toBe(digestWithoutLogs(coreOf(expected.fork)));
    });
  }

  const HOLDERS: ReadonlyArray<[string, (image: WinImage) => Promise<unknown>]> = [
    ['uninstall', (image) => uninstall(image, 'W2K-SP4')],
    ['sfc', (image) => sfc(image)],
  ];
  for (const [name, hold] of HOLDERS) {
    test(`${name}: every kind of change made before awaiting it is refused, and the image ends as ${name} alone leaves it`, async () => {
      const image = callerImage();
      expect((await install(image, sp4)).code).toBe(1641);
      coreOf(image).session.installMode = true;
      image.startProcess('caller.exe');
      const reference = image.fork();
      await hold(reference);
      const running = hold(image);
      for (const [, change] of CHANGES) refusedWith1618(() => change(image));
      await running;
      expect(coreOf(image).journal).toBeUndefined();
      expect(digestWithoutLogs(coreOf(image))).toBe(digestWithoutLogs(coreOf(reference)));
    });
  }

  test('a second -n install started at the same time returns 1618 at once and changes nothing', async () => {
    const image = callerImage();
    const expected = await alone(image, { noBackup: true });
    const first = install(image, sp4, { noBackup: true });
    const second = await install(image, sp4, { noBackup: true });
    expect(second.code).toBe(1618);
    expect(second.message).toMatch(/'install W2K-SP4' is running on this image; nothing was changed/);
    expect((await first).code).toBe(expected.code);
    expect(digestWithoutLogs(coreOf(image))).toBe(expected.digest);
    expect(image.reboot().counts.failed).toBe(0);
  });

  test('uninstall and sfc during an install: 1618, and an install during sfc too', async () => {
    const image = callerImage();
    const expected = await alone(image, {});
    const running = install(image, sp4);
    const removal = await uninstall(image, 'W2K-SP4');
    expect(removal.code).toBe(1618);
    await expect(sfc(image)).rejects.toMatchObject({ errno: 1618 });
    expect((await running).code).toBe(expected.code);
    expect(digestWithoutLogs(coreOf(image))).toBe(expected.digest);

    const scanning = sfc(image);
    expect((await install(image, smallServicePack(5))).code).toBe(1618);
    refusedWith1618(() => image.writeFile('C:\\Caller\\during-sfc.txt', 'x'));
    await scanning;
    image.writeFile('C:\\Caller\\after-sfc.txt', 'x');
  });

  test('exports and imports hold the lock too: a change during an export is refused, an import during an install rejects', async () => {
    const image = callerImage();
    const dir = await mkdtemp(join(tmpdir(), 'svcpack-lock-'));
    try {
      image.writeFile('D:\\Data\\exported.txt', 'exported');
      const exporting = image.exportDrive('D', join(dir, 'out'));
      refusedWith1618(() => image.writeFile('D:\\Data\\late.txt', 'late'));
      expect((await install(image, sp4)).code).toBe(1618);
      await exporting;
      const running = install(image, sp4);
      await expect(image.importHostFolder(join(dir, 'out'), { letter: 'X' })).rejects.toMatchObject({
        errno: 1618,
      });
      expect((await running).code).toBe(1641);
      expect(image.volumes().some((v) => v.letter === 'X')).toBe(false);
      await image.importHostFolder(join(dir, 'out'), { letter: 'X' });
      expect(image.readFile('X:\\Data\\exported.txt').toString()).toBe('exported');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('reads stay allowed while an install runs', async () => {
    const image = callerImage();
    const running = install(image, sp4, { noBackup: true });
    expect(image.readFile('C:\\Caller\\before.txt').toString()).toBe('before');
    expect(image.stat('C:\\Caller\\before.txt').size).toBe(6);
    expect(image.readdir('C:\\Caller')).toContain('before.txt');
    expect(image.exists('C:\\Caller\\Tree')).toBe(true);
    expect(image.registry.getValue('HKLM\\SOFTWARE\\Caller', 'Before')?.data).toBe('before');
    expect(image.fs('C').readFileSync('Caller/before.txt').toString()).toBe('before');
    expect(typeof image.digest()).toBe('string');
    expect(image.pendingRenames()).toEqual([]);
    expect(image.fork().exists('C:\\Caller\\before.txt')).toBe(true);
    await running;
  });

  test('the lock is released when the install ends: after success, after a refusal and after a power cut', async () => {
    const image = callerImage();
    expect((await install(image, sp4)).code).toBe(1641);
    image.writeFile('C:\\Caller\\after-success.txt', 'x');
    const refused = await install(image, sp4, { licence: 'cancel' });
    expect(refused.code).toBe(1602);
    image.writeFile('C:\\Caller\\after-refusal.txt', 'x');
    const other = callerImage();
    await expect(install(other, sp4, { powerCutAfter: 3 })).rejects.toBeInstanceOf(PowerCut);
    other.reboot();
    other.writeFile('C:\\Caller\\after-cut.txt', 'x');
  });

  test("a caller's write made while an install runs is never in its journal: a power cut brings back exactly the old image", async () => {
    const image = callerImage();
    const before = digestWithoutLogs(coreOf(image));
    const counting = image.fork();
    const mark = counting.mark();
    await install(counting, sp4, { restart: 'later' });
    const total = counting.operations(mark).length;
    const running = install(image, sp4, { restart: 'later', powerCutAfter: total - 1 });
    refusedWith1618(() => image.writeFile('C:\\Caller\\mine.txt', 'mine'));
    await expect(running).rejects.toBeInstanceOf(PowerCut);
    image.reboot();
    expect(image.exists('C:\\Caller\\mine.txt')).toBe(false);
    expect(digestWithoutLogs(coreOf(image))).toBe(before);
  });

  test("a refused change does not spend the install's power budget", async () => {
    const image = callerImage();
    const counting = image.fork();
    const mark = counting.mark();
    await install(counting, sp4, { restart: 'later' });
    const total = counting.operations(mark).length;
    const running = install(image, sp4, { restart: 'later', powerCutAfter: total });
    for (let i = 0; i < 3; i++) {
      refusedWith1618(() => writeFile(coreOf(image), `C:\\Caller\\door${i}.txt`, Buffer.from('x')));
    }
    expect((await running).code).toBe(3010);
  });

  test("the install's progress callback runs outside the lock: its changes are refused and the install rolls back", async () => {
    const image = callerImage();
    const before = digestWithoutLogs(coreOf(image));
    const refusals: number[] = [];
    const result = await install(image, sp4, {
      restart: 'later',
      progress: () => {
        try {
          image.writeFile('C:\\Caller\\progress.txt', 'x');
        } catch (error) {
          refusals.push((error as WinError).errno);
          throw error;
        }
      },
    });
    expect(refusals[0]).toBe(1618);
    expect(result.code).toBe(1603);
    expect(digestWithoutLogs(coreOf(image))).toBe(before);
  });

  test('progress reports leave the asynchronous context on: one turning off, at the release', async () => {
    // AsyncLocalStorage.exit turns the promise hooks off and on again per call: per progress report
    const disable = vi.spyOn(AsyncLocalStorage.prototype, 'disable');
    try {
      let reports = 0;
      const result = await install(callerImage(), sp4, { restart: 'later', progress: () => reports++ });
      expect(result.code).toBe(3010);
      expect(reports).toBeGreaterThan(10);
      expect(disable).toHaveBeenCalledTimes(1);
    } finally {
      disable.mockRestore();
    }
  });

  test('a change attempted from a timer while the install is suspended is refused too', async () => {
    const image = callerImage();
    const expected = await alone(image, { noBackup: true });
    const outcomes: unknown[] = [];
    const running = install(image, sp4, { noBackup: true });
    const attempt = (): void => {
      try {
        image.mkdir('C:\\Caller\\FromTimer');
        outcomes.push('done');
      } catch (error) {
        outcomes.push((error as WinError).errno);
      }
    };
    queueMicrotask(attempt);
    setImmediate(attempt);
    const result = await running;
    await new Promise((resolve) => setImmediate(resolve));
    expect(result.code).toBe(expected.code);
    // each attempt is refused while the install runs or succeeds after it: never half in its journal
    const done = outcomes.filter((o) => o === 'done').length;
    expect(outcomes.every((o) => o === 'done' || o === 1618)).toBe(true);
    expect(outcomes[0]).toBe(1618);
    expect(image.exists('C:\\Caller\\FromTimer')).toBe(done > 0);
  });
});
