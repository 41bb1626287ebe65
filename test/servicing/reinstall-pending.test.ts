import { describe, expect, test } from 'vitest';
import { reboot } from '../../src/boot/index.js';
import { digestImage, type ImageCore } from '../../src/image/index.js';
import { install, installedServicePack, plan, uninstall } from '../../src/servicing/index.js';
import { buildPackage, digestWithoutLogs, serverImage, smallServicePack } from './helpers.js';
import { coreOf } from '../../src/machine/internal.js';

const KERNEL32 = 'C:\\WINNT\\system32\\kernel32.dll';

/** The digest without the two logs and the working folder `-z` leaves behind (update.exe does too). */
function digestWithout(core: ImageCore, workingFolder: string | undefined): string {
  const folder = workingFolder?.toLowerCase();
  return digestImage(core, {
    exclude: (path) =>
      /\\(svcpack|spuninst)\.log$/i.test(path) ||
      (folder !== undefined &&
        (path.toLowerCase() === folder || path.toLowerCase().startsWith(`${folder}\\`))),
  });
}

function hotfixFor(target: string, id: string) {
  return buildPackage([{ target, data: `${id} fix`, version: '5.0.2195.9999', branch: 'qfe' }], {
    id,
    title: `Hotfix ${id}`,
    kind: 'hotfix',
    level: 4,
    catalog: { name: `${id}.cat` },
  });
}

describe('reinstalling before the restart (issue 14, symptom 5)', () => {
  test('SP4 -z, SP4 -z again, uninstall, reboot: the second install is refused with 1618 and the original comes back', async () => {
    const image = serverImage();
    const originalLevel = installedServicePack(coreOf(image));
    const originalKernel = image.readFile(KERNEL32);
    const before = digestWithoutLogs(coreOf(image));
    const first = await install(coreOf(image), smallServicePack(), { noRestart: true });
    expect(first.code, first.message).toBe(3010);
    coreOf(image).session.installMode = true;

    const pending = digestImage(coreOf(image));
    const second = await install(coreOf(image), smallServicePack(), { noRestart: true });
    expect(second.code).toBe(1618);
    expect(second.message).toMatch(/^a restart is pending: \d+ of the package's files/);
    expect(second.message).toMatch(/PendingFileRenameOperations/);
    expect(digestImage(coreOf(image))).toBe(pending);

    const removed = await uninstall(coreOf(image), 'W2K-SP4', { noRestart: true });
    expect(removed.code, removed.message).toBe(3010);
    reboot(coreOf(image));
    expect(installedServicePack(coreOf(image))).toBe(originalLevel);
    expect(image.readFile(KERNEL32)).toEqual(originalKernel);
    expect(first.workingFolder).toBeDefined();
    expect(digestWithout(coreOf(image), first.workingFolder)).toBe(before);
  });

  test('an uninstall with -z leaves restores queued: installing again before the restart is refused', async () => {
    const image = serverImage();
    await install(coreOf(image), smallServicePack());
    coreOf(image).session.installMode = true;
    expect((await uninstall(coreOf(image), 'W2K-SP4', { noRestart: true })).code).toBe(3010);
    coreOf(image).session.installMode = true;
    const pending = digestImage(coreOf(image));
    const again = await install(coreOf(image), smallServicePack(), { noRestart: true });
    expect(again.code).toBe(1618);
    expect(digestImage(coreOf(image))).toBe(pending);
    reboot(coreOf(image));
    coreOf(image).session.installMode = true;
    expect((await install(coreOf(image), smallServicePack(), { noRestart: true })).code).toBe(3010);
  });

  test('plan reports the refusal too, and a restart lifts it', async () => {
    const image = serverImage();
    await install(coreOf(image), smallServicePack(), { noRestart: true });
    coreOf(image).session.installMode = true;
    expect((await plan(coreOf(image), smallServicePack())).refusal?.code).toBe(1618);
    reboot(coreOf(image));
    coreOf(image).session.installMode = true;
    expect((await plan(coreOf(image), smallServicePack())).refusal).toBeUndefined();
  });

  test('a hotfix for a file the pending SP queued is refused; one for other files installs', async () => {
    const image = serverImage();
    await install(coreOf(image), smallServicePack(), { noRestart: true });
    coreOf(image).session.installMode = true;
    const pending = digestImage(coreOf(image));
    const onQueued = await install(
      coreOf(image),
      hotfixFor('%SystemRoot%\\system32\\kernel32.dll', 'Q300001'),
      {
        noRestart: true,
      },
    );
    expect(onQueued.code).toBe(1618);
    expect(onQueued.message).toMatch(/kernel32\.dll/i);
    expect(digestImage(coreOf(image))).toBe(pending);
    const beside = await install(
      coreOf(image),
      hotfixFor('%SystemRoot%\\system32\\qfebeside.dll', 'Q300002'),
      {
        noRestart: true,
      },
    );
    expect(beside.code, beside.message).toBe(0);
  });

  test('a file queued by a plain MoveFileEx holds back a package that replaces it', async () => {
    const image = serverImage();
    image.writeFile('C:\\WINNT\\system32\\notepad.new', 'replacement');
    image.moveFileEx('C:\\WINNT\\system32\\notepad.new', 'C:\\WINNT\\system32\\notepad.exe', 1 | 4);
    const result = await install(coreOf(image), smallServicePack(), { noRestart: true });
    expect(result.code).toBe(1618);
    expect(result.message).toMatch(/notepad\.exe/i);
  });
});
