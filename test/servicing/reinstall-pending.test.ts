import { describe, expect, test } from 'vitest';
import { reboot } from '../../src/boot/index.js';
import { digestImage, type ImageCore } from '../../src/image/index.js';
import { install, installedServicePack, plan, uninstall } from '../../src/servicing/index.js';
import { buildPackage, digestWithoutLogs, serverImage, smallServicePack } from './helpers.js';

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
    const originalLevel = installedServicePack(image.core);
    const originalKernel = image.readFile(KERNEL32);
    const before = digestWithoutLogs(image.core);
    const first = await install(image.core, smallServicePack(), { noRestart: true });
    expect(first.code, first.message).toBe(3010);
    image.core.session.installMode = true;

    const pending = digestImage(image.core);
    const second = await install(image.core, smallServicePack(), { noRestart: true });
    expect(second.code).toBe(1618);
    expect(second.message).toMatch(/^a restart is pending: \d+ of the package's files/);
    expect(second.message).toMatch(/PendingFileRenameOperations/);
    expect(digestImage(image.core)).toBe(pending);

    const removed = await uninstall(image.core, 'W2K-SP4', { noRestart: true });
    expect(removed.code, removed.message).toBe(3010);
    reboot(image.core);
    expect(installedServicePack(image.core)).toBe(originalLevel);
    expect(image.readFile(KERNEL32)).toEqual(originalKernel);
    expect(first.workingFolder).toBeDefined();
    expect(digestWithout(image.core, first.workingFolder)).toBe(before);
  });

  test('an uninstall with -z leaves restores queued: installing again before the restart is refused', async () => {
    const image = serverImage();
    await install(image.core, smallServicePack());
    image.core.session.installMode = true;
    expect((await uninstall(image.core, 'W2K-SP4', { noRestart: true })).code).toBe(3010);
    image.core.session.installMode = true;
    const pending = digestImage(image.core);
    const again = await install(image.core, smallServicePack(), { noRestart: true });
    expect(again.code).toBe(1618);
    expect(digestImage(image.core)).toBe(pending);
    reboot(image.core);
    image.core.session.installMode = true;
    expect((await install(image.core, smallServicePack(), { noRestart: true })).code).toBe(3010);
  });

  test('plan reports the refusal too, and a restart lifts it', async () => {
    const image = serverImage();
    await install(image.core, smallServicePack(), { noRestart: true });
    image.core.session.installMode = true;
    expect((await plan(image.core, smallServicePack())).refusal?.code).toBe(1618);
    reboot(image.core);
    image.core.session.installMode = true;
    expect((await plan(image.core, smallServicePack())).refusal).toBeUndefined();
  });

  test('a hotfix for a file the pending SP queued is refused; one for other files installs', async () => {
    const image = serverImage();
    await install(image.core, smallServicePack(), { noRestart: true });
    image.core.session.installMode = true;
    const pending = digestImage(image.core);
    const onQueued = await install(image.core, hotfixFor('%SystemRoot%\\system32\\kernel32.dll', 'Q300001'), {
      noRestart: true,
    });
    expect(onQueued.code).toBe(1618);
    expect(onQueued.message).toMatch(/kernel32\.dll/i);
    expect(digestImage(image.core)).toBe(pending);
    const beside = await install(image.core, hotfixFor('%SystemRoot%\\system32\\qfebeside.dll', 'Q300002'), {
      noRestart: true,
    });
    expect(beside.code, beside.message).toBe(0);
  });

  test('a file queued by a plain MoveFileEx holds back a package that replaces it', async () => {
    const image = serverImage();
    image.writeFile('C:\\WINNT\\system32\\notepad.new', 'replacement');
    image.moveFileEx('C:\\WINNT\\system32\\notepad.new', 'C:\\WINNT\\system32\\notepad.exe', 1 | 4);
    const result = await install(image.core, smallServicePack(), { noRestart: true });
    expect(result.code).toBe(1618);
    expect(result.message).toMatch(/notepad\.exe/i);
  });
});
