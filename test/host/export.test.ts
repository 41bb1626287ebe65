import { lstat, mkdir, readdir, readFile, stat, symlink, link, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { WinError } from '../../src/errors/index.js';
import { exportDrive } from '../../src/host/index.js';
import { ImageCore } from '../../src/image/index.js';
import { populate } from '../../src/ops/index.js';
import { tempFolder } from './helpers.js';

const T = Date.UTC(2001, 0, 2, 3, 4, 5);

function sampleImage(): ImageCore {
  const image = new ImageCore();
  image.addVolume({ letter: 'C', capacity: 64 << 20 });
  const file = (path: string, text: string, attributes = 0x20) => ({
    drive: 'C',
    path,
    data: Buffer.from(text),
    attributes,
    version: undefined,
    created: T,
    modified: T + 1000,
  });
  populate(
    image,
    [{ drive: 'C', path: 'WINNT\\system32\\empty', time: T }],
    [
      file('boot.ini', '[boot loader]'),
      file('WINNT\\system32\\Kernel32.DLL', 'k32'),
      file('WINNT\\ro.txt', 'ro', 0x21),
    ],
  );
  return image;
}

describe('exportDrive', () => {
  test('writes folders and files with stored names, bytes and modified times', async () => {
    const target = join(await tempFolder(), 'out');
    const report = await exportDrive(sampleImage(), 'C', target);
    expect(report).toEqual({ files: 3, directories: 3, bytes: 13 + 3 + 2 });
    expect((await readdir(join(target, 'WINNT', 'system32'))).sort()).toEqual(['Kernel32.DLL', 'empty']);
    expect(await readFile(join(target, 'WINNT', 'system32', 'Kernel32.DLL'), 'utf8')).toBe('k32');
    expect(Math.round((await stat(join(target, 'boot.ini'))).mtimeMs)).toBe(T + 1000);
    expect(Math.round((await stat(join(target, 'WINNT', 'system32', 'empty'))).mtimeMs)).toBe(T);
    expect((await stat(join(target, 'WINNT', 'ro.txt'))).mode & 0o222).toBe(0);
  });

  test('exports a subfolder only', async () => {
    const target = await tempFolder();
    const report = await exportDrive(sampleImage(), 'C', target, { subfolder: 'winnt\\SYSTEM32' });
    expect(report.files).toBe(1);
    expect((await readdir(target)).sort()).toEqual(['Kernel32.DLL', 'empty']);
  });

  test('refuses a non-empty target unless overwrite, then replaces files', async () => {
    const target = await tempFolder();
    await writeFile(join(target, 'boot.ini'), 'old');
    await expect(exportDrive(sampleImage(), 'C', target)).rejects.toMatchObject({
      code: 'ERROR_DIR_NOT_EMPTY',
      path: target,
    });
    expect(await readFile(join(target, 'boot.ini'), 'utf8')).toBe('old');
    await exportDrive(sampleImage(), 'C', target, { overwrite: true });
    expect(await readFile(join(target, 'boot.ini'), 'utf8')).toBe('[boot loader]');
    await exportDrive(sampleImage(), 'C', target, { overwrite: true });
    expect(await readFile(join(target, 'WINNT', 'ro.txt'), 'utf8')).toBe('ro');
  });

  test('refuses a target that is a symlink to elsewhere', async () => {
    const base = await tempFolder();
    const elsewhere = await tempFolder();
    await symlink(elsewhere, join(base, 'out'));
    const error = await exportDrive(sampleImage(), 'C', join(base, 'out')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WinError);
    expect(error).toMatchObject({ code: 'ERROR_ACCESS_DENIED', path: join(base, 'out') });
    expect(await readdir(elsewhere)).toEqual([]);
  });

  test('a symlink planted inside the target is refused before anything is written, and nothing lands outside', async () => {
    const target = await tempFolder();
    const outside = await tempFolder();
    await symlink(outside, join(target, 'WINNT'));
    const error = await exportDrive(sampleImage(), 'C', target, { overwrite: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERROR_ACCESS_DENIED', path: join(target, 'WINNT') });
    expect(await readdir(outside)).toEqual([]);
    expect((await readdir(target)).sort()).toEqual(['WINNT']);
    expect((await lstat(join(target, 'WINNT'))).isSymbolicLink()).toBe(true);
  });

  test('a planted file symlink or hard link is never written through', async () => {
    const target = await tempFolder();
    const outside = await tempFolder();
    await writeFile(join(outside, 'victim.txt'), 'keep me');
    await symlink(join(outside, 'victim.txt'), join(target, 'boot.ini'));
    await expect(exportDrive(sampleImage(), 'C', target, { overwrite: true })).rejects.toMatchObject({
      code: 'ERROR_ACCESS_DENIED',
    });
    expect(await readFile(join(outside, 'victim.txt'), 'utf8')).toBe('keep me');

    const target2 = await tempFolder();
    await link(join(outside, 'victim.txt'), join(target2, 'boot.ini'));
    await exportDrive(sampleImage(), 'C', target2, { overwrite: true });
    expect(await readFile(join(target2, 'boot.ini'), 'utf8')).toBe('[boot loader]');
    expect(await readFile(join(outside, 'victim.txt'), 'utf8')).toBe('keep me');
  });

  test('a stored name that could leave the folder is refused (defence in depth)', async () => {
    const image = sampleImage();
    const entry = image.require('C:\\boot.ini');
    entry.name = '..';
    const target = await tempFolder();
    await mkdir(join(target, 'inner'));
    await expect(exportDrive(image, 'C', join(target, 'inner'), { overwrite: true })).rejects.toMatchObject({
      code: 'ERROR_INVALID_NAME',
    });
    expect((await readdir(target)).sort()).toEqual(['inner']);
    expect(await readdir(join(target, 'inner'))).toEqual([]);
  });

  test('a target that is a file, or a missing drive, is refused', async () => {
    const base = await tempFolder();
    await writeFile(join(base, 'file'), 'x');
    await expect(exportDrive(sampleImage(), 'C', join(base, 'file'))).rejects.toMatchObject({
      code: 'ERROR_DIRECTORY',
    });
    await expect(exportDrive(sampleImage(), 'Q', join(base, 'q'))).rejects.toMatchObject({
      code: 'ERROR_INVALID_DRIVE',
    });
  });
});
