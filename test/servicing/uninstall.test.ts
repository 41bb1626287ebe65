import { describe, expect, test } from 'vitest';
import { reboot } from '../../src/boot/index.js';
import { digestImage } from '../../src/image/index.js';
import { install, installedServicePack, uninstall } from '../../src/servicing/index.js';
import { digestWithoutLogs, serverImage, smallServicePack } from './helpers.js';
import { coreOf } from '../../src/machine/internal.js';

describe('uninstall', () => {
  test('files in use are restored by queued renames: 3010 without a restart, the original after it', async () => {
    const image = serverImage();
    const before = digestWithoutLogs(coreOf(image));
    await install(coreOf(image), smallServicePack());
    coreOf(image).session.installMode = true;
    expect(image.stat('C:\\WINNT\\system32\\kernel32.dll').version).toBe('5.0.2195.6717');
    const result = await uninstall(coreOf(image), 'W2K-SP4', { noRestart: true });
    expect(result.code, result.message).toBe(3010);
    expect(result.restartRequired).toBe(true);
    expect(result.queuedRenames).toBeGreaterThanOrEqual(1);
    expect(image.stat('C:\\WINNT\\system32\\kernel32.dll').version).toBe('5.0.2195.6717');
    expect(installedServicePack(coreOf(image))).toBe(0);
    expect(image.pendingRenames().length).toBe(result.queuedRenames);
    const log = image.readFile('C:\\WINNT\\Spuninst.log').toString();
    expect(log).toMatch(/^\d+\.\d{3}: DoUninstall: removing W2K-SP4/);
    reboot(coreOf(image));
    expect(image.stat('C:\\WINNT\\system32\\kernel32.dll').version).toBe('5.0.2195.1');
    expect(digestWithoutLogs(coreOf(image))).toBe(before);
  });

  test('only the most recent service pack can be removed', async () => {
    const image = serverImage();
    await install(coreOf(image), smallServicePack(3), { restart: 'later' });
    image.registry.setValue(
      'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
      'CSDVersion',
      'REG_SZ',
      'Service Pack 4',
    );
    const before = digestImage(coreOf(image));
    const result = await uninstall(coreOf(image), 'W2K-SP3');
    expect(result.code).toBe(1603);
    expect(result.message).toMatch(/only the most recent service pack/);
    expect(digestImage(coreOf(image))).toBe(before);
  });

  test('a package that is not installed is refused', async () => {
    const image = serverImage();
    const before = digestImage(coreOf(image));
    const result = await uninstall(coreOf(image), 'W2K-SP4');
    expect(result.code).toBe(1603);
    expect(result.message).toMatch(/not installed/);
    expect(digestImage(coreOf(image))).toBe(before);
  });

  test('the uninstall folder deleted by hand: refused, the uninstall entry stays', async () => {
    const image = serverImage();
    await install(coreOf(image), smallServicePack(), { restart: 'later' });
    const folder = 'C:\\WINNT\\$NTServicePackUninstall$';
    const remove = (path: string): void => {
      const stat = image.stat(path);
      if (stat.isDirectory) {
        for (const name of image.readdir(path)) remove(`${path}\\${name}`);
        image.removeDirectory(path);
      } else image.deleteFile(path);
    };
    remove(folder);
    const result = await uninstall(coreOf(image), 'W2K-SP4');
    expect(result.code).toBe(1603);
    expect(result.message).toMatch(/is gone/);
    expect(
      image.registry.getValue(
        'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\W2K-SP4',
        'UninstallString',
      ),
    ).toBeDefined();
  });
});
