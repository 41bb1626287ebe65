import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { exportDrive, importHostFolder, importWinePrefix } from '../../src/host/index.js';
import { digestImage, ImageCore } from '../../src/image/index.js';
import { peWithVersion, tempFolder, WINE_SAMPLE } from './helpers.js';

/** Every file below `root` as relative path -> bytes (hex), folders as '<dir>'. */
async function tree(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        out.set(relative(root, full), '<dir>');
        await walk(full);
      } else out.set(relative(root, full), (await readFile(full)).toString('hex'));
    }
  };
  await walk(root);
  return out;
}

describe('import then export', () => {
  test('gives the same names and bytes, and re-importing gives the same image', async () => {
    const source = await tempFolder();
    await mkdir(join(source, 'WINNT', 'System32', 'Drivers'), { recursive: true });
    await mkdir(join(source, 'Documents and Settings', 'Empty Folder'), { recursive: true });
    await writeFile(join(source, 'WINNT', 'System32', 'kernel32.dll'), peWithVersion('5.0.2195.6717'));
    await writeFile(join(source, 'WINNT', 'System32', 'Drivers', 'tcpip.SYS'), new Uint8Array(5000).fill(7));
    await writeFile(join(source, 'boot.ini'), '[boot loader]\r\n');
    await writeFile(join(source, 'Ünïcödé name.txt'), 'ü');
    await writeFile(join(source, 'zero.bin'), new Uint8Array(0));

    const image = new ImageCore();
    await importHostFolder(image, source, { letter: 'C' });
    const target = join(await tempFolder(), 'export');
    const report = await exportDrive(image, 'C', target);
    expect(report.files).toBe(5);
    expect(await tree(target)).toEqual(await tree(source));
    // N9: the time comes back to the microsecond, the most Node sets (exactTimes: to its 100 ns unit)
    const mtime = (await stat(join(source, 'boot.ini'), { bigint: true })).mtimeNs;
    expect((await stat(join(target, 'boot.ini'), { bigint: true })).mtimeNs).toBe(mtime - (mtime % 1000n));

    const again = new ImageCore();
    await importHostFolder(again, target, { letter: 'C' });
    expect(digestImage(again)).toBe(digestImage(image));
    expect(again.stat('C:\\WINNT\\System32\\kernel32.dll').version).toBe('5.0.2195.6717');
  });

  test('a Wine prefix drive exports back to the files of drive_c', async () => {
    const image = new ImageCore();
    await importWinePrefix(image, WINE_SAMPLE);
    const target = await tempFolder();
    await exportDrive(image, 'C', target);
    expect(await tree(target)).toEqual(await tree(join(WINE_SAMPLE, 'drive_c')));
  });
});
