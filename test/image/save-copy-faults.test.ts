/**
 * A save by copy (src/image/format-copy.ts) that fails or doubts in the middle: the copy failing,
 * the own file written to by another program while the kernel copies it, the rename failing, every
 * write failing. The temporary file never stays; the own file is never written; the target is the
 * new image (the whole save taking over) or, when the whole save fails too, as it was.
 */
import { appendFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { guardedSave, removeUnfinishedSaves } from '../../src/cli/save.js';
import { ImageCore, digestImage, loadImageFile, saveImageFile } from '../../src/image/index.js';
import { walkSegments } from '../../src/image/format-layout.js';
import { createDirectory, writeFile } from '../../src/ops/index.js';
import { smallImage } from '../helpers/small-image.js';
import { imageFiles } from '../helpers/image-files.js';

/** What the next `copyFile` or `rename` of node:fs/promises does instead of (or before) its work. */
const faults = vi.hoisted(() => ({
  copy: undefined as ((from: string, to: string) => Promise<void>) | undefined,
  rename: undefined as (() => Promise<void>) | undefined,
}));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    copyFile: async (from: string, to: string, mode?: number) => {
      const fault = faults.copy;
      faults.copy = undefined;
      if (fault) return fault(from, to);
      return real.copyFile(from, to, mode);
    },
    rename: async (from: string, to: string) => {
      const fault = faults.rename;
      faults.rename = undefined;
      if (fault) return fault();
      return real.rename(from, to);
    },
  };
});

const { folder, newPath } = imageFiles('svcpack-save-copy-faults-', 'f');
afterEach(() => {
  faults.copy = undefined;
  faults.rename = undefined;
});
const create = (registry: ImageCore['registry']) => new ImageCore({ registry });
const load = (file: string) => loadImageFile(file, create);
const segmentsOf = (file: string) => walkSegments(readFileSync(file), file).segments;
const temporaries = () => readdirSync(folder).filter((name) => name.endsWith('.tmp'));

/** A loaded image, changed since (its own file's bytes kept to compare), and a target holding another image. */
async function changedImage(): Promise<{ file: string; source: Buffer; image: ImageCore; target: string }> {
  const saved = smallImage();
  writeFile(saved, 'C:\\big.bin', Buffer.alloc(1 << 20, 3));
  createDirectory(saved, 'C:\\many');
  for (let i = 0; i < 500; i++) writeFile(saved, `C:\\many\\f${i}.txt`, Buffer.alloc(0));
  const file = newPath();
  await saveImageFile(saved, file);
  const image = await load(file);
  writeFile(image, 'C:\\WINNT\\new.txt', Buffer.from('new content'));
  const target = newPath();
  await saveImageFile(smallImage(), target);
  return { file, source: readFileSync(file), image, target };
}

/** Saves `image` to `target` and checks the save was whole: no temporary file left, one segment, the image loads back. */
async function expectSavedWhole(image: ImageCore, target: string): Promise<void> {
  await saveImageFile(image, target);
  expect(temporaries()).toEqual([]);
  expect(segmentsOf(target)).toHaveLength(1);
  expect(digestImage(await load(target))).toBe(digestImage(image));
}

describe('a save by copy that fails in the middle', () => {
  it('the copy fails after writing part of the temporary file: no temporary file, the save is whole', async () => {
    const { file, source, image, target } = await changedImage();
    let copied = '';
    faults.copy = async (from, to) => {
      copied = to;
      writeFileSync(to, readFileSync(from).subarray(0, 4096));
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    };
    await saveImageFile(image, target);
    expect(copied).toMatch(/\.tmp$/);
    expect(temporaries()).toEqual([]);
    expect(segmentsOf(target)).toHaveLength(1);
    expect(digestImage(await load(target))).toBe(digestImage(image));
    expect(readFileSync(file).equals(source)).toBe(true);
  });

  it('the own file written in place by another program while the kernel copies it (same size): the copy is dropped, the save is whole', async () => {
    const { file, source, image, target } = await changedImage();
    const { segments } = walkSegments(source, file);
    faults.copy = async (from, to) => {
      // a byte of the first segment's contents changed (the write moves the modification time on)
      const handle = await open(from, 'r+');
      await handle.write(Buffer.from([0xee]), 0, 1, segments[0].blobsStart + 10);
      const { atime, mtime } = await handle.stat();
      await handle.utimes(atime, new Date(mtime.getTime() + 2000));
      await handle.close();
      writeFileSync(to, readFileSync(from));
    };
    await expectSavedWhole(image, target);
  });

  it('the own file grown while the kernel copies it (another save cut short): the copy is dropped, the save is whole', async () => {
    const { image, target } = await changedImage();
    faults.copy = async (from, to) => {
      writeFileSync(to, readFileSync(from));
      appendFileSync(from, Buffer.alloc(8, 1));
    };
    await expectSavedWhole(image, target);
  });

  it('a copy short of the own file (the copy stopped early, no error): the copy is dropped, the save is whole', async () => {
    const { image, target } = await changedImage();
    faults.copy = async (from, to) => writeFileSync(to, readFileSync(from).subarray(0, 100_000));
    await expectSavedWhole(image, target);
  });

  it("a copy whose commit slot is not the own file's: the copy is dropped, the save is whole", async () => {
    const { image, target } = await changedImage();
    faults.copy = async (from, to) => {
      const bytes = readFileSync(from);
      bytes[16] ^= 1;
      writeFileSync(to, bytes);
    };
    await expectSavedWhole(image, target);
  });

  it('the rename over the target fails: no temporary file, the save is whole', async () => {
    const { file, source, image, target } = await changedImage();
    faults.rename = () => Promise.reject(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
    await saveImageFile(image, target);
    expect(faults.rename).toBeUndefined();
    expect(temporaries()).toEqual([]);
    expect(segmentsOf(target)).toHaveLength(1);
    expect(digestImage(await load(target))).toBe(digestImage(image));
    expect(readFileSync(file).equals(source)).toBe(true);
  });

  it('every write fails (a full disk): the save fails, the target is as it was, no temporary file, the own file untouched', async () => {
    const { file, source, image, target } = await changedImage();
    const before = readFileSync(target);
    const probe = await open(file, 'r');
    const handles = Object.getPrototypeOf(probe) as Record<
      'write' | 'writev',
      (...args: unknown[]) => unknown
    >;
    await probe.close();
    const real = { write: handles.write, writev: handles.writev };
    let failed = 0;
    const full = () => {
      failed++;
      return Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }));
    };
    handles.write = full;
    handles.writev = full;
    try {
      await expect(saveImageFile(image, target)).rejects.toThrow(/ENOSPC/);
    } finally {
      Object.assign(handles, real);
    }
    // the copy's append failed, then the whole save's write
    expect(failed).toBe(2);
    expect(temporaries()).toEqual([]);
    expect(readFileSync(target).equals(before)).toBe(true);
    expect(readFileSync(file).equals(source)).toBe(true);
    // and once the disk has room, the same save is a copy again
    await saveImageFile(image, target);
    expect(segmentsOf(target)).toHaveLength(2);
    expect(digestImage(await load(target))).toBe(digestImage(image));
  });

  it("Ctrl-C while the kernel copies (the command's handler removes its saves' temporary files): none stays, the target is whole", async () => {
    const { file, source, image, target } = await changedImage();
    const old = digestImage(await load(target));
    let during: string[] = [];
    faults.copy = async (from, to) => {
      writeFileSync(to, readFileSync(from));
      during = temporaries();
      // what the SIGINT handler of the command runs (src/cli/command-line.ts) before it exits
      removeUnfinishedSaves();
    };
    await guardedSave(target, '--output', () => saveImageFile(image, target));
    expect(during).toHaveLength(1);
    expect(temporaries()).toEqual([]);
    expect([old, digestImage(image)]).toContain(digestImage(await load(target)));
    expect(readFileSync(file).equals(source)).toBe(true);
  });
});
