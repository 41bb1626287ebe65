/**
 * R1 on a whole real Wine registry: `samples/wine8-prefix/system.reg.gz` is the system.reg that
 * `wineboot -i` of Debian's wine64 8.0~repack-4 wrote for a new prefix (WINEPREFIX=... wine64
 * wineboot -i; gzipped, unchanged). Wine keeps `System\CurrentControlSet` as a real key beside
 * `System\Select`, with no ControlSet001. The test reads the file's own key and value lines to
 * know what the import must make reachable.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { WinImage } from '../../src/machine/index.js';
import { MOVEFILE } from '../../src/ops/index.js';
import { tempFolder } from './helpers.js';

const SYSTEM_REG = gunzipSync(
  readFileSync(fileURLToPath(new URL('./samples/wine8-prefix/system.reg.gz', import.meta.url))),
).toString('utf8');
const CONTROL_SET = 'HKLM\\System\\CurrentControlSet';
const SESSION_MANAGER = `${CONTROL_SET}\\Control\\Session Manager`;

/** Each key of the file below System\CurrentControlSet, as an HKLM path, with its count of values. */
function controlSetKeysOfFile(): Map<string, number> {
  const keys = new Map<string, number>();
  let current: string | undefined;
  for (const line of SYSTEM_REG.split('\n')) {
    const header = /^\[(.*)\] \d+$/.exec(line);
    if (header) {
      const name = header[1].replaceAll('\\\\', '\\');
      current =
        name === 'System\\CurrentControlSet' || name.startsWith('System\\CurrentControlSet\\')
          ? `HKLM\\${name}`
          : undefined;
      if (current) keys.set(current, 0);
    } else if (current && /^("|@=)/.test(line)) keys.set(current, keys.get(current)! + 1);
  }
  return keys;
}

async function realPrefix(): Promise<string> {
  const prefix = await tempFolder();
  await mkdir(join(prefix, 'drive_c', 'windows', 'system32'), { recursive: true });
  await writeFile(join(prefix, 'drive_c', 'windows', 'system32', 'old.dll'), 'old');
  await writeFile(join(prefix, 'drive_c', 'windows', 'system32', 'new.dll'), 'new');
  await writeFile(join(prefix, 'system.reg'), SYSTEM_REG);
  return prefix;
}

describe('R1: a real Wine 8 prefix registry', () => {
  it("R1: every key and value of a real Wine 8 system.reg's CurrentControlSet is reachable and exportable; Session Manager's queued renames run at reboot", async () => {
    const image = WinImage.empty();
    const report = await image.importWinePrefix(await realPrefix(), { readVersions: false });
    const keys = controlSetKeysOfFile();
    expect(keys.size).toBeGreaterThan(100);
    // Wine's symbolic links are skipped and reported; none is below CurrentControlSet
    expect(report.skipped.filter((s) => s.reason.includes('CurrentControlSet\\'))).toEqual([]);
    expect(image.registry.keyExists('HKLM\\System\\ControlSet001')).toBe(false);
    const exported = image.registry.exportReg(CONTROL_SET);
    for (const [key, values] of keys) {
      expect(image.registry.keyExists(key), key).toBe(true);
      expect(image.registry.listValues(key).length, key).toBe(values);
      expect(exported).toContain(`[${key.replace(/^HKLM/, 'HKEY_LOCAL_MACHINE')}]\r\n`);
    }
    expect(image.registry.getValue(SESSION_MANAGER, 'CriticalSectionTimeout')?.data).toBe(0x278d00);
    expect(image.registry.getValue(`${SESSION_MANAGER}\\Environment`, 'OS')?.data).toBe('Windows_NT');

    image.moveFileEx(
      'C:\\windows\\system32\\new.dll',
      'C:\\windows\\system32\\old.dll',
      MOVEFILE.DELAY_UNTIL_REBOOT | MOVEFILE.REPLACE_EXISTING,
    );
    expect(image.registry.getValue(SESSION_MANAGER, 'PendingFileRenameOperations')?.data).toEqual([
      '\\??\\C:\\windows\\system32\\new.dll',
      '!\\??\\C:\\windows\\system32\\old.dll',
    ]);
    expect(image.reboot().entries.map((entry) => entry.outcome)).toEqual(['replaced']);
    expect(image.readFile('C:\\windows\\system32\\old.dll').toString()).toBe('new');
    expect(image.registry.getValue(SESSION_MANAGER, 'PendingFileRenameOperations')).toBeUndefined();
    expect(image.registry.keyExists('HKLM\\System\\ControlSet001')).toBe(false);
  });
});
