import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WinImage } from '../../src/machine/index.js';
import { MOVEFILE } from '../../src/ops/index.js';
import { tempFolder } from './helpers.js';

/**
 * An excerpt of the system.reg that Wine 8 (Debian's wine64 8.0~repack-4, `wineboot -i`) writes: it
 * keeps `System\CurrentControlSet` as a real key, has `Select\Current` = 1 and no `ControlSet001`.
 */
const WINE8_SYSTEM_REG = fileURLToPath(new URL('./samples/wine8/system.reg', import.meta.url));
const SESSION_MANAGER = 'HKLM\\System\\CurrentControlSet\\Control\\Session Manager';

/** A Wine 8 prefix: the excerpt as system.reg and a drive_c with two files. */
async function wine8Prefix(): Promise<string> {
  const prefix = await tempFolder();
  await mkdir(join(prefix, 'drive_c', 'windows', 'system32'), { recursive: true });
  await writeFile(join(prefix, 'drive_c', 'windows', 'system32', 'old.dll'), 'old');
  await writeFile(join(prefix, 'drive_c', 'windows', 'system32', 'new.dll'), 'new');
  await copyFile(WINE8_SYSTEM_REG, join(prefix, 'system.reg'));
  return prefix;
}

describe('R1: a hive that stores CurrentControlSet as a real key', () => {
  it('R1: Wine 8 system.reg: Session Manager is readable, listable and exportable; a reboot processes renames queued there', async () => {
    const image = WinImage.empty();
    await image.importWinePrefix(await wine8Prefix(), { readVersions: false });
    expect(image.registry.listSubkeys('HKLM\\System')).toEqual(['CurrentControlSet', 'Select']);
    expect(image.registry.getValue(`${SESSION_MANAGER}\\Environment`, 'OS')?.data).toBe('Windows_NT');
    expect(image.registry.listSubkeys(SESSION_MANAGER)).toEqual(['Environment', 'Memory Management']);
    expect(
      image.registry.getValue('HKLM\\SYSTEM\\CurrentControlSet\\Services\\Eventlog', 'Start')?.data,
    ).toBe(2);
    const exported = image.registry.exportReg(SESSION_MANAGER);
    expect(exported).toContain(
      '[HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Control\\Session Manager\\Environment]',
    );
    expect(exported).toContain('"CriticalSectionTimeout"=dword:00278d00');

    image.moveFileEx(
      'C:\\windows\\system32\\new.dll',
      'C:\\windows\\system32\\old.dll',
      MOVEFILE.DELAY_UNTIL_REBOOT | MOVEFILE.REPLACE_EXISTING,
    );
    expect(image.registry.getValue(SESSION_MANAGER, 'PendingFileRenameOperations')?.data).toEqual([
      '\\??\\C:\\windows\\system32\\new.dll',
      '!\\??\\C:\\windows\\system32\\old.dll',
    ]);
    expect(image.registry.keyExists('HKLM\\System\\ControlSet001')).toBe(false);
    const report = image.reboot();
    expect(report.entries.map((entry) => entry.outcome)).toEqual(['replaced']);
    expect(image.readFile('C:\\windows\\system32\\old.dll').toString()).toBe('new');
    expect(image.exists('C:\\windows\\system32\\new.dll')).toBe(false);
    expect(image.registry.getValue(SESSION_MANAGER, 'PendingFileRenameOperations')).toBeUndefined();
    expect(image.registry.keyExists('HKLM\\System\\ControlSet001')).toBe(false);
  });
});
