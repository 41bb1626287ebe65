import { chmod, mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { WinError } from '../../src/errors/index.js';
import { digestImage, ImageCore } from '../../src/image/index.js';
import { importHostFolder } from '../../src/host/index.js';
import { peWithVersion, tempFolder } from './helpers.js';

function emptyImage(): ImageCore {
  const image = new ImageCore();
  image.addVolume({ letter: 'C', capacity: 64 << 20 });
  return image;
}

describe('importHostFolder', () => {
  test('imports folders and files with bytes, names, times and the archive attribute', async () => {
    const host = await tempFolder();
    await mkdir(join(host, 'WINNT', 'System32', 'empty'), { recursive: true });
    await writeFile(join(host, 'boot.ini'), '[boot loader]');
    await writeFile(join(host, 'WINNT', 'System32', 'Notes.TXT'), 'hello');
    const when = new Date(Date.UTC(2003, 5, 1, 10, 0, 0));
    await utimes(join(host, 'boot.ini'), when, when);
    const image = emptyImage();
    const progress: Array<[number, number]> = [];
    const report = await importHostFolder(image, host, {
      letter: 'D',
      label: 'HOST',
      onProgress: (d, t) => progress.push([d, t]),
    });
    expect(report).toMatchObject({ files: 2, directories: 3, bytes: 18, versions: 0, skipped: [] });
    expect(progress.at(-1)).toEqual([2, 2]);
    expect(image.readFile('d:\\winnt\\system32\\notes.txt').toString()).toBe('hello');
    expect(image.readdir('D:\\WINNT\\System32')).toEqual(['empty', 'Notes.TXT']);
    const stat = image.stat('D:\\boot.ini');
    expect(stat.modified).toBe(when.getTime());
    expect(stat.attributes).toEqual(['archive']);
    const info = image.volumes().find((v) => v.letter === 'D')!;
    expect(info).toMatchObject({ label: 'HOST', type: 'fixed', capacity: 4 * 1024 ** 3 });
  });

  test('a read-only host file is imported read-only', async () => {
    const host = await tempFolder();
    await writeFile(join(host, 'locked.txt'), 'x');
    await chmod(join(host, 'locked.txt'), 0o444);
    const image = emptyImage();
    await importHostFolder(image, host, { letter: 'D' });
    expect(image.stat('D:\\locked.txt').attributes).toEqual(['readonly', 'archive']);
  });

  test('sets the version of PE files from their version resource', async () => {
    const host = await tempFolder();
    await mkdir(join(host, 'system32'));
    await writeFile(join(host, 'system32', 'kernel32.dll'), peWithVersion('5.0.2195.6717'));
    await writeFile(join(host, 'system32', 'fake.dll'), 'MZ not a PE');
    const image = emptyImage();
    const report = await importHostFolder(image, host, { letter: 'D' });
    expect(report.versions).toBe(1);
    expect(image.stat('D:\\system32\\kernel32.dll').version).toBe('5.0.2195.6717');
    expect(image.stat('D:\\system32\\fake.dll').version).toBeUndefined();
  });

  test('readVersions: false leaves versions unset', async () => {
    const host = await tempFolder();
    await writeFile(join(host, 'a.dll'), peWithVersion('1.2.3.4'));
    const image = emptyImage();
    const report = await importHostFolder(image, host, { letter: 'D', readVersions: false });
    expect(report.versions).toBe(0);
    expect(image.stat('D:\\a.dll').version).toBeUndefined();
  });

  test('a case-insensitive collision is refused naming both host paths, and the image is unchanged', async () => {
    const host = await tempFolder();
    await mkdir(join(host, 'dir'));
    await writeFile(join(host, 'dir', 'a.txt'), 'lower');
    await writeFile(join(host, 'dir', 'A.TXT'), 'upper');
    await writeFile(join(host, 'other.txt'), 'fine');
    const image = emptyImage();
    const before = digestImage(image);
    const error = await importHostFolder(image, host, { letter: 'D' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WinError);
    expect((error as WinError).code).toBe('ERROR_ALREADY_EXISTS');
    expect((error as WinError).message).toContain(join(host, 'dir', 'a.txt'));
    expect((error as WinError).message).toContain(join(host, 'dir', 'A.TXT'));
    expect(image.volumes().map((v) => v.letter)).toEqual(['C']);
    expect(digestImage(image)).toBe(before);
  });

  test('names Windows cannot hold are skipped and reported with their host path', async () => {
    const host = await tempFolder();
    await writeFile(join(host, 'a:b.txt'), '1');
    await writeFile(join(host, 'aux.c'), '2');
    await writeFile(join(host, 'trailing.'), '3');
    await writeFile(join(host, 'ok.txt'), '4');
    const image = emptyImage();
    const report = await importHostFolder(image, host, { letter: 'D' });
    expect(report.files).toBe(1);
    expect(image.readdir('D:\\')).toEqual(['ok.txt']);
    expect(report.skipped.map((s) => s.hostPath).sort()).toEqual(
      [join(host, 'a:b.txt'), join(host, 'aux.c'), join(host, 'trailing.')].sort(),
    );
    expect(report.skipped.find((s) => s.hostPath.endsWith('aux.c'))!.reason).toMatch(/reserved device name/);
  });

  test('symlinks are followed inside the folder and never outside it', async () => {
    const host = await tempFolder();
    const outside = await tempFolder();
    await writeFile(join(outside, 'secret.txt'), 'outside');
    await mkdir(join(host, 'real'));
    await writeFile(join(host, 'real', 'inside.txt'), 'inside');
    await symlink(join(host, 'real', 'inside.txt'), join(host, 'link-in.txt'));
    await symlink(join(outside, 'secret.txt'), join(host, 'link-out.txt'));
    await symlink(outside, join(host, 'dir-out'));
    await symlink('..', join(host, 'real', 'loop'));
    await symlink(join(host, 'missing'), join(host, 'dangling'));
    const image = emptyImage();
    const report = await importHostFolder(image, host, { letter: 'D' });
    expect(image.readFile('D:\\link-in.txt').toString()).toBe('inside');
    expect(image.exists('D:\\link-out.txt')).toBe(false);
    expect(image.exists('D:\\dir-out')).toBe(false);
    expect(image.exists('D:\\real\\loop')).toBe(false);
    expect(report.skipped.map((s) => s.hostPath).sort()).toEqual(
      [
        join(host, 'dangling'),
        join(host, 'dir-out'),
        join(host, 'link-out.txt'),
        join(host, 'real', 'loop'),
      ].sort(),
    );
    expect(report.skipped.find((s) => s.hostPath.endsWith('link-out.txt'))!.reason).toMatch(
      /outside the imported folder/,
    );
  });

  test('the drive letter must be free; a missing folder is ERROR_PATH_NOT_FOUND', async () => {
    const host = await tempFolder();
    const image = emptyImage();
    await expect(importHostFolder(image, host, { letter: 'C' })).rejects.toMatchObject({
      code: 'ERROR_ALREADY_EXISTS',
    });
    await expect(importHostFolder(image, join(host, 'nope'), { letter: 'D' })).rejects.toMatchObject({
      code: 'ERROR_PATH_NOT_FOUND',
      path: join(host, 'nope'),
    });
    expect(image.volumes()).toHaveLength(1);
  });

  test('content larger than the given capacity is ERROR_DISK_FULL before anything is added', async () => {
    const host = await tempFolder();
    await writeFile(join(host, 'big.bin'), new Uint8Array(10_000));
    const image = emptyImage();
    await expect(importHostFolder(image, host, { letter: 'D', capacity: 8192 })).rejects.toMatchObject({
      code: 'ERROR_DISK_FULL',
    });
    expect(image.volumes()).toHaveLength(1);
    const report = await importHostFolder(image, host, { letter: 'D', capacity: 12288, type: 'cdrom' });
    expect(report.bytes).toBe(10_000);
    expect(image.volumes()[1]).toMatchObject({ letter: 'D', type: 'cdrom', capacity: 12288, free: 0 });
  });
});
