import { describe, expect, test } from 'vitest';
import { reboot } from '../../src/boot/index.js';
import { decodeCatalog, trustedKeys } from '../../src/catalog/index.js';
import { digestImage } from '../../src/image/index.js';
import { defaultSigningKey } from '../../src/package/index.js';
import { install, installedServicePack, parseLog, plan, uninstall } from '../../src/servicing/index.js';
import { digestWithoutLogs, serverImage, smallServicePack } from './helpers.js';
import { coreOf } from '../../src/machine/internal.js';

const CAT = 'C:\\WINNT\\system32\\CatRoot\\{F750E6C3-38EE-11D1-85E5-00C04FC295EE}\\sp4.cat';

describe('install', () => {
  test('plan changes nothing and decides every file by its rule', async () => {
    const image = serverImage();
    const before = digestImage(coreOf(image));
    const p = await plan(coreOf(image), smallServicePack());
    expect(digestImage(coreOf(image))).toBe(before);
    expect(p.refusal).toBeUndefined();
    const action = (name: string) => p.files.find((f) => f.target.toLowerCase().endsWith(name))!;
    expect(action('ntoskrnl.exe').action).toBe('inUse');
    expect(action('ntoskrnl.exe').inUseBy).toContain('System');
    expect(action('notepad.exe').action).toBe('replace');
    expect(action('spnew4.dll').action).toBe('add');
    expect(action('calc.exe').action).toBe('skip');
    expect(action('win.ini').action).toBe('skip');
    expect(action('win.ini').reason).toMatch(/modified by the user/);
    expect(action('clussvc.exe').action).toBe('servicePackFilesOnly');
  });

  test('install -z leaves SP4 on disk, queues in-use files and returns 3010', async () => {
    const image = serverImage();
    const result = await install(coreOf(image), smallServicePack(), { switches: '-z' });
    expect(result.code, result.message).toBe(3010);
    expect(result.queuedRenames).toBe(2);
    expect(installedServicePack(coreOf(image))).toBe(4);
    const catalog = decodeCatalog(image.readFile(CAT), trustedKeys(defaultSigningKey().publicKey));
    expect(catalog.packageId).toBe('W2K-SP4');
    expect(catalog.entries.length).toBe(smallServicePack().manifest.files.length);
    // the dllcache copy of a protected file is refreshed
    expect(image.readFile('C:\\WINNT\\system32\\dllcache\\kernel32.dll').toString()).toMatch(/^kernel32 sp4/);
    expect(image.exists('C:\\WINNT\\Driver Cache\\i386\\sp4.cab')).toBe(true);
    expect(image.exists('C:\\WINNT\\ServicePackFiles\\i386\\clussvc.exe')).toBe(true);
    expect(image.exists('C:\\WINNT\\cluster\\clussvc.exe')).toBe(false);
    expect(image.exists('C:\\WINNT\\$NTServicePackUninstall$\\notepad.exe')).toBe(true);
    expect(image.readFile('C:\\WINNT\\system32\\notepad.exe').toString()).toMatch(/^notepad sp4/);
    expect(image.readFile('C:\\WINNT\\system32\\ntoskrnl.exe').toString()).not.toMatch(/^ntoskrnl sp4/);
    expect(image.exists('C:\\WINNT\\system32\\ntoskrnl.exe.new')).toBe(true);
    expect(
      image.registry.getValue(
        'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager',
        'AllowProtectedRenames',
      )?.data,
    ).toBe(1);
    expect(
      image.registry.getValue(
        'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\W2K-SP4',
        'DisplayName',
      )?.data,
    ).toBe('Windows 2000 Service Pack 4');
    expect(coreOf(image).journal).toBeUndefined();
    // the working folder stays without a restart from the completion dialog
    expect(result.plan.costing.workingVolume).not.toBe('');
    const log = image.readFile('C:\\WINNT\\Svcpack.log').toString();
    const lines = parseLog(log);
    expect(lines.length).toBeGreaterThan(5);
    expect(log.split('\r\n')[0]).toMatch(/^\d+\.\d{3}: DoInstallation:/);
    expect(log).toMatch(/RunProcess: rundll32\.exe setupapi\.dll,InstallHinfSection/);
    reboot(coreOf(image));
    expect(image.readFile('C:\\WINNT\\system32\\ntoskrnl.exe').toString()).toMatch(/^ntoskrnl sp4/);
    expect(image.stat('C:\\WINNT\\system32\\ntoskrnl.exe').version).toBe('5.0.2195.6717');
  });

  test('restart now reboots, deletes the working folder and returns 1641', async () => {
    const image = serverImage();
    const volumesBefore = image.volumes().map((v) => v.letter);
    const result = await install(coreOf(image), smallServicePack());
    expect(result.code, result.message).toBe(1641);
    expect(result.rebooted).toBeDefined();
    expect(image.readFile('C:\\WINNT\\system32\\kernel32.dll').toString()).toMatch(/^kernel32 sp4/);
    const working = result.plan.costing.workingVolume;
    expect(volumesBefore).toContain(working);
    const stray = image.readdir(`${working}:\\`).filter((name) => /^[0-9a-f]{20}$/.test(name));
    expect(stray).toEqual([]);
  });

  test('install, reboot, uninstall, reboot gives back the original digest except the two logs', async () => {
    const image = serverImage();
    const before = digestWithoutLogs(coreOf(image));
    const installed = await install(coreOf(image), smallServicePack());
    expect(installed.code, installed.message).toBe(1641);
    expect(digestWithoutLogs(coreOf(image))).not.toBe(before);
    coreOf(image).session.installMode = true;
    const removed = await uninstall(coreOf(image), 'W2K-SP4');
    expect(removed.code, removed.message).toBe(1641);
    expect(installedServicePack(coreOf(image))).toBe(0);
    expect(image.exists('C:\\WINNT\\Spuninst.log')).toBe(true);
    expect(digestWithoutLogs(coreOf(image))).toBe(before);
  });

  test('bad switches are bad input and change nothing', async () => {
    const image = serverImage();
    const before = digestImage(coreOf(image));
    await expect(install(coreOf(image), smallServicePack(), { switches: '-q -bogus' })).rejects.toThrow(
      /unknown switch '-bogus'/,
    );
    expect(digestImage(coreOf(image))).toBe(before);
  });

  test('install -n keeps no backup, and removal is then refused with the entry kept', async () => {
    const image = serverImage();
    const result = await install(coreOf(image), smallServicePack(), { switches: '-n -z' });
    expect(result.code, result.message).toBe(3010);
    expect(image.exists('C:\\WINNT\\$NTServicePackUninstall$')).toBe(false);
    reboot(coreOf(image));
    coreOf(image).session.installMode = true;
    const before = digestImage(coreOf(image));
    const removed = await uninstall(coreOf(image), 'W2K-SP4');
    expect(removed.code).toBe(1603);
    expect(removed.message).toMatch(/\$NTServicePackUninstall\$ is gone/);
    expect(digestImage(coreOf(image))).toBe(before);
    expect(
      image.registry.getValue(
        'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\W2K-SP4',
        'DisplayName',
      ),
    ).toBeDefined();
  });
});
