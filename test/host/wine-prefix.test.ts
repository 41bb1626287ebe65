import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import { importWinePrefix } from '../../src/host/index.js';
import { digestImage, ImageCore } from '../../src/image/index.js';
import { peWithVersion, tempFolder, WINE_SAMPLE } from './helpers.js';

describe('importWinePrefix', () => {
  test('imports drive_c as C: and system.reg into HKLM, user.reg into HKCU', async () => {
    const image = new ImageCore();
    const report = await importWinePrefix(image, WINE_SAMPLE);
    expect(image.volumes().map((v) => v.letter)).toEqual(['C']);
    expect(image.readFile('C:\\WINDOWS\\win.ini').toString()).toBe('[windows]\r\nload=\r\nrun=\r\n');
    expect(image.readFile('c:\\windows\\system32\\drivers\\etc\\hosts').toString()).toContain('localhost');
    expect(image.exists('C:\\Program Files\\Internet Explorer\\start.htm')).toBe(true);
    expect(image.stat('C:\\windows\\system32\\readme.dll').version).toBeUndefined();
    expect(report.files).toBe(4);
    expect(report.registryValues).toBe(17);

    const cv = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';
    expect(image.registry.getValue(cv, 'CSDVersion')).toEqual({ type: 'REG_SZ', data: 'Service Pack 4' });
    expect(image.registry.getValue(cv, 'SystemRoot')).toEqual({ type: 'REG_SZ', data: 'C:\\windows' });
    expect(image.registry.getValue(cv, 'RegisteredOwner')).toEqual({ type: 'REG_SZ', data: 'José' });
    expect(image.registry.getValue(cv, 'PathName')).toEqual({
      type: 'REG_EXPAND_SZ',
      data: '%SystemDrive%\\windows',
    });
    expect(image.registry.getValue(cv, 'Features')).toEqual({
      type: 'REG_MULTI_SZ',
      data: ['first', 'second'],
    });
    expect(image.registry.getValue(cv, 'InstallDate')).toEqual({ type: 'REG_DWORD', data: 0x3e8a1b2c });
    expect(image.registry.getValue('HKLM\\SYSTEM\\Select', '')).toEqual({
      type: 'REG_SZ',
      data: 'default value',
    });

    // Select\Current = 1 makes CurrentControlSet the alias of ControlSet001; Wine's #link key is not imported.
    const sm = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager';
    expect(image.registry.getValue(sm, 'PendingFileRenameOperations')).toEqual({
      type: 'REG_MULTI_SZ',
      data: ['\\??\\C:\\windows\\system32\\new.dll', '!\\??\\C:\\windows\\system32\\old.dll'],
    });
    expect(image.registry.getValue(sm, 'ObjectDirectories')).toEqual({
      type: 'REG_MULTI_SZ',
      data: ['\\Windows', '\\RPC Control'],
    });
    expect(image.registry.listSubkeys('HKLM\\SYSTEM')).toEqual(['ControlSet001', 'Select']);
    expect(report.skipped).toEqual([
      { hostPath: join(WINE_SAMPLE, 'system.reg:30'), reason: expect.stringMatching(/symbolic link/) },
    ]);

    expect(image.registry.getValue('HKCU\\Control Panel\\Desktop', 'WheelScrollLines')).toEqual({
      type: 'REG_SZ',
      data: '3',
    });
    expect(image.environment().get('SystemRoot')).toBe('C:\\windows');
  });

  test('PE files in drive_c get their version', async () => {
    const prefix = await tempFolder();
    await cp(WINE_SAMPLE, prefix, { recursive: true });
    await writeFile(
      join(prefix, 'drive_c', 'windows', 'system32', 'kernel32.dll'),
      peWithVersion('5.0.2195.6717'),
    );
    const image = new ImageCore();
    const report = await importWinePrefix(image, prefix, { letter: 'E', label: 'WINE' });
    expect(report.versions).toBe(1);
    expect(image.stat('E:\\windows\\system32\\kernel32.dll').version).toBe('5.0.2195.6717');
  });

  test('a malformed system.reg is an InputError with its line number, and the image is unchanged', async () => {
    const prefix = await tempFolder();
    await cp(WINE_SAMPLE, prefix, { recursive: true });
    const lines = (await readFile(join(prefix, 'system.reg'), 'utf8')).split('\n');
    lines[12] = '"InstallDate"=dword:nothex';
    await writeFile(join(prefix, 'system.reg'), lines.join('\n'));
    const image = new ImageCore();
    image.addVolume({ letter: 'D', capacity: 1 << 20 });
    const before = digestImage(image);
    const error = await importWinePrefix(image, prefix).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).source).toBe(join(prefix, 'system.reg'));
    expect((error as InputError).problems).toHaveLength(1);
    expect((error as InputError).problems[0].where).toMatch(/^13:/);
    expect((error as InputError).message).toMatch(/13:\d+: 'nothex' is not a DWORD/);
    expect(image.volumes().map((v) => v.letter)).toEqual(['D']);
    expect(image.registry.keyExists('HKLM\\SOFTWARE\\Microsoft')).toBe(false);
    expect(digestImage(image)).toBe(before);
  });

  test('a prefix without system.reg is an InputError; a used letter is refused before the registry changes', async () => {
    const prefix = await tempFolder();
    await expect(importWinePrefix(new ImageCore(), prefix)).rejects.toBeInstanceOf(InputError);
    const image = new ImageCore();
    image.addVolume({ letter: 'C', capacity: 1 << 20 });
    await expect(importWinePrefix(image, WINE_SAMPLE)).rejects.toMatchObject({
      code: 'ERROR_ALREADY_EXISTS',
    });
    expect(image.registry.keyExists('HKLM\\SYSTEM\\Select')).toBe(false);
  });
});
