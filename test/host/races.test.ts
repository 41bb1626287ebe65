import { execFileSync } from 'node:child_process';
import { mkdir, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { WinError } from '../../src/errors/index.js';
import { exportDrive, importHostFolder } from '../../src/host/index.js';
import { raceHooks } from '../../src/host/race-hooks.js';
import { digestImage, ImageCore } from '../../src/image/index.js';
import { populate } from '../../src/ops/index.js';
import { tempFolder } from './helpers.js';

afterEach(() => {
  delete raceHooks.afterScan;
  delete raceHooks.afterFolderReady;
});

function emptyImage(): ImageCore {
  const image = new ImageCore();
  image.addVolume({ letter: 'C', capacity: 64 << 20 });
  return image;
}

/** A host folder with `sub/a.txt`, and an outside folder holding a secret of the same name. */
async function hostAndOutside(): Promise<{ host: string; outside: string }> {
  const host = await tempFolder();
  const outside = await tempFolder();
  await mkdir(join(host, 'sub'));
  await writeFile(join(host, 'sub', 'a.txt'), 'inside');
  await writeFile(join(outside, 'a.txt'), 'SECRET');
  return { host, outside };
}

async function refusedImport(host: string): Promise<{ error: unknown; image: ImageCore; before: string }> {
  const image = emptyImage();
  const before = digestImage(image);
  const error = await importHostFolder(image, host, { letter: 'D' }).catch((e: unknown) => e);
  return { error, image, before };
}

describe('import races (a path swapped between the scan and the read)', () => {
  test('a file swapped for a symbolic link to outside the folder is refused, not imported from outside', async () => {
    const { host, outside } = await hostAndOutside();
    raceHooks.afterScan = async () => {
      await rm(join(host, 'sub', 'a.txt'));
      await symlink(join(outside, 'a.txt'), join(host, 'sub', 'a.txt'));
    };
    const { error, image, before } = await refusedImport(host);
    expect(error).toBeInstanceOf(WinError);
    expect(error).toMatchObject({ code: 'ERROR_ACCESS_DENIED', path: join(host, 'sub', 'a.txt') });
    expect((error as Error).message).toMatch(/symbolic link/);
    expect(image.volumes().map((v) => v.letter)).toEqual(['C']);
    expect(digestImage(image)).toBe(before);
  });

  test('a file swapped for a FIFO is refused at once instead of hanging the import', async () => {
    const { host } = await hostAndOutside();
    raceHooks.afterScan = async () => {
      await rm(join(host, 'sub', 'a.txt'));
      execFileSync('mkfifo', [join(host, 'sub', 'a.txt')]);
    };
    const { error, image, before } = await refusedImport(host);
    expect(error).toMatchObject({ code: 'ERROR_ACCESS_DENIED', path: join(host, 'sub', 'a.txt') });
    expect((error as Error).message).toMatch(/FIFO/);
    expect(digestImage(image)).toBe(before);
  });

  test('a folder on the path swapped for a symbolic link to outside is refused (another inode than the scan saw)', async () => {
    const { host, outside } = await hostAndOutside();
    raceHooks.afterScan = async () => {
      await rename(join(host, 'sub'), join(host, 'sub.old'));
      await symlink(outside, join(host, 'sub'));
    };
    const { error, image, before } = await refusedImport(host);
    expect(error).toMatchObject({ code: 'ERROR_ACCESS_DENIED', path: join(host, 'sub', 'a.txt') });
    expect((error as Error).message).toMatch(/another file than the scan saw/);
    expect(digestImage(image)).toBe(before);
  });
});

const T = Date.UTC(2001, 0, 2, 3, 4, 5);

function sampleImage(): ImageCore {
  const image = emptyImage();
  const file = (path: string) => ({
    drive: 'C',
    path,
    data: Buffer.from(path),
    attributes: 0x20,
    version: undefined,
    created: T,
    modified: T,
  });
  populate(image, [], [file('top.txt'), file('WINNT\\system32\\k.dll'), file('WINNT\\z.txt')]);
  return image;
}

async function everyFileBelow(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('export races (a folder swapped for a symbolic link after the export created it)', () => {
  test('the target folder swapped for a link to outside: nothing is written outside and the export fails', async () => {
    const base = await tempFolder();
    const outside = await tempFolder();
    const target = join(base, 'out');
    raceHooks.afterFolderReady = async (hostPath) => {
      if (hostPath !== target) return;
      await rename(target, join(base, 'moved'));
      await symlink(outside, target);
    };
    const error = await exportDrive(sampleImage(), 'C', target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WinError);
    expect(error).toMatchObject({ code: 'ERROR_ACCESS_DENIED', path: target });
    expect((error as Error).message).toMatch(/swapped/);
    expect(await readdir(outside)).toEqual([]);
  });

  test('a folder inside the target swapped for a link to outside: nothing is written outside and the export fails', async () => {
    const target = await tempFolder();
    const outside = await tempFolder();
    const winnt = join(target, 'WINNT');
    raceHooks.afterFolderReady = async (hostPath) => {
      if (hostPath !== winnt) return;
      await rename(winnt, join(target, 'WINNT.moved'));
      await symlink(outside, winnt);
    };
    const error = await exportDrive(sampleImage(), 'C', target).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERROR_ACCESS_DENIED', path: winnt });
    expect(await everyFileBelow(outside)).toEqual([]);
    expect(await readdir(outside)).toEqual([]);
  });

  test('a deeper folder swapped after its parent was entered is caught too', async () => {
    const target = await tempFolder();
    const outside = await tempFolder();
    const system32 = join(target, 'WINNT', 'system32');
    raceHooks.afterFolderReady = async (hostPath) => {
      if (hostPath !== system32) return;
      await rename(system32, join(target, 'elsewhere'));
      await mkdir(join(outside, 'trap'));
      await symlink(join(outside, 'trap'), system32);
    };
    const error = await exportDrive(sampleImage(), 'C', target).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERROR_ACCESS_DENIED', path: system32 });
    expect(await everyFileBelow(outside)).toEqual([]);
  });
});

describe('scan races (a folder swapped after the scan saw it and before it lists it)', () => {
  test('a folder swapped for a symbolic link to outside while scanning is refused; nothing outside is listed or imported', async () => {
    const { host, outside } = await hostAndOutside();
    raceHooks.beforeFolderOpen = async (hostPath) => {
      if (hostPath !== join(host, 'sub')) return;
      await rename(join(host, 'sub'), join(host, 'sub.old'));
      await symlink(outside, join(host, 'sub'));
    };
    const { error, image, before } = await refusedImport(host);
    expect(error).toBeInstanceOf(WinError);
    expect(error).toMatchObject({ code: 'ERROR_ACCESS_DENIED', path: join(host, 'sub') });
    expect((error as Error).message).toMatch(/swapped/);
    expect(digestImage(image)).toBe(before);
  });

  test('a folder swapped for another real folder inside the tree is refused too (another inode than the scan saw)', async () => {
    const { host } = await hostAndOutside();
    await mkdir(join(host, 'other'));
    raceHooks.beforeFolderOpen = async (hostPath) => {
      if (hostPath !== join(host, 'sub')) return;
      await rename(join(host, 'sub'), join(host, 'sub.old'));
      await mkdir(join(host, 'sub'));
    };
    const { error, image, before } = await refusedImport(host);
    expect(error).toMatchObject({ code: 'ERROR_ACCESS_DENIED', path: join(host, 'sub') });
    expect(digestImage(image)).toBe(before);
  });
});
