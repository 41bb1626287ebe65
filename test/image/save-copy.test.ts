/**
 * A save to another path while the image's own file is unchanged: a copy of that file with the
 * append segment, renamed over the target (src/image/format-copy.ts). Else, and for a fork, whole.
 */
import {
  appendFileSync,
  chmodSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImageCore, copyImage, digestImage, loadImageFile, saveImageFile } from '../../src/image/index.js';
import { latestCommit, walkSegments } from '../../src/image/format-layout.js';
import { createDirectory, writeFile } from '../../src/ops/index.js';
import { smallImage } from '../helpers/small-image.js';
import { imageFiles } from '../helpers/image-files.js';

const { folder, newPath } = imageFiles('svcpack-save-copy-', 'c');
const create = (registry: ImageCore['registry']) => new ImageCore({ registry });
const load = (file: string) => loadImageFile(file, create);
const segmentsOf = (file: string) => walkSegments(readFileSync(file), file).segments;
const temporaries = () => readdirSync(folder).filter((name) => name.endsWith('.tmp'));

function forkOf(image: ImageCore): ImageCore {
  const fork = new ImageCore({ registry: image.registry.clone() });
  copyImage(image, fork);
  return fork;
}

/**
 * A saved image with a 1 MiB file (what a copy takes and an append leaves out) and 2,000 empty ones
 * (so that the dead bytes of a few appends' tables stay within the rule), loaded back.
 */
async function loadedImage(): Promise<{ file: string; image: ImageCore }> {
  const saved = smallImage();
  writeFile(saved, 'C:\\big.bin', Buffer.alloc(1 << 20, 3));
  createDirectory(saved, 'C:\\many');
  for (let i = 0; i < 2000; i++) writeFile(saved, `C:\\many\\f${i}.txt`, Buffer.alloc(0));
  const file = newPath();
  await saveImageFile(saved, file);
  return { file, image: await load(file) };
}

/** Saves `image` to a new path, checks that the save was whole (one segment) and loads back to it; gives the load. */
async function savedWhole(image: ImageCore): Promise<ImageCore> {
  const target = newPath();
  await saveImageFile(image, target);
  expect(segmentsOf(target)).toHaveLength(1);
  const loaded = await load(target);
  expect(digestImage(loaded)).toBe(digestImage(image));
  return loaded;
}

describe('a save to another path copies the own file and appends to the copy', () => {
  it('the target holds the own file byte for byte, then one segment; it loads to the digest of a whole save', async () => {
    const { file, image } = await loadedImage();
    const source = readFileSync(file);
    writeFile(image, 'C:\\WINNT\\new.txt', Buffer.from('new content'));
    const target = newPath();
    const written = await saveImageFile(image, target);
    expect(written).toBeLessThan(source.length / 10);
    const copy = readFileSync(target);
    expect(copy.length).toBe(source.length + written - 40);
    expect(copy.subarray(96, source.length).equals(source.subarray(96))).toBe(true);
    expect(segmentsOf(target)).toHaveLength(2);
    const whole = newPath();
    await saveImageFile(forkOf(image), whole);
    expect(segmentsOf(whole)).toHaveLength(1);
    expect(digestImage(await load(target))).toBe(digestImage(await load(whole)));
    expect(digestImage(await load(target))).toBe(digestImage(image));
    expect(temporaries()).toEqual([]);
  });

  it('the own file is never written: its bytes and modification time stay as they were', async () => {
    const { file, image } = await loadedImage();
    const [bytes, status] = [readFileSync(file), statSync(file, { bigint: true })];
    writeFile(image, 'C:\\WINNT\\new.txt', Buffer.from('new content'));
    await saveImageFile(image, newPath());
    writeFile(image, 'C:\\WINNT\\newer.txt', Buffer.from('newer content'));
    await saveImageFile(image, newPath());
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(statSync(file, { bigint: true }).mtimeNs).toBe(status.mtimeNs);
  });

  it('the target is then the own file: a save to it appends, a save to the first file copies the target', async () => {
    const { file, image } = await loadedImage();
    const target = newPath();
    await saveImageFile(image, target);
    writeFile(image, 'C:\\x.txt', Buffer.from('x'));
    const appended = await saveImageFile(image, target);
    expect(appended).toBeLessThan(1 << 18);
    expect(segmentsOf(target)).toHaveLength(3);
    writeFile(image, 'C:\\y.txt', Buffer.from('y'));
    await saveImageFile(image, file);
    expect(segmentsOf(file)).toHaveLength(4);
    expect(digestImage(await load(file))).toBe(digestImage(image));
    const earlier = await load(target);
    expect([earlier.exists('C:\\x.txt'), earlier.exists('C:\\y.txt')]).toEqual([true, false]);
  });

  it('over an existing target: the target is replaced (the new image), with the mode a whole save gives', async () => {
    const { file, image } = await loadedImage();
    chmodSync(file, 0o444);
    const target = newPath();
    await saveImageFile(smallImage(), target);
    const whole = newPath();
    await saveImageFile(forkOf(image), whole);
    await saveImageFile(image, target);
    expect(segmentsOf(target)).toHaveLength(2);
    expect(statSync(target).mode & 0o7777).toBe(statSync(whole).mode & 0o7777);
    expect(statSync(target).mode & 0o200).not.toBe(0);
    expect(digestImage(await load(target))).toBe(digestImage(image));
  });

  it('a save to the own file and one to another path at once: one of them is whole (never two sharing the record), and later appends load right', async () => {
    const { file, image } = await loadedImage();
    writeFile(image, 'C:\\both.txt', Buffer.from('both'));
    const target = newPath();
    await Promise.all([saveImageFile(image, file), saveImageFile(image, target)]);
    expect([segmentsOf(file).length, segmentsOf(target).length].sort()).toEqual([1, 2]);
    for (const path of [file, target]) expect(digestImage(await load(path))).toBe(digestImage(image));
    writeFile(image, 'C:\\later.txt', Buffer.from('later'));
    await Promise.all([saveImageFile(image, file), saveImageFile(image, target)]);
    for (const path of [file, target]) expect(digestImage(await load(path))).toBe(digestImage(image));
  });
});

describe('a save to another path is whole when the own file is in doubt', () => {
  it('the own file touched since the load (same bytes, another modification time): whole', async () => {
    const { file, image } = await loadedImage();
    const status = statSync(file);
    utimesSync(file, status.atime, new Date(status.mtimeMs + 5000));
    writeFile(image, 'C:\\mine.txt', Buffer.from('mine'));
    await savedWhole(image);
  });

  it('the own file replaced by another file since the load: whole, and the target is this image', async () => {
    const { file, image } = await loadedImage();
    const other = forkOf(image);
    writeFile(other, 'C:\\other.txt', Buffer.from('other'));
    const elsewhere = newPath();
    await saveImageFile(other, elsewhere);
    renameSync(elsewhere, file);
    writeFile(image, 'C:\\mine.txt', Buffer.from('mine'));
    const loaded = await savedWhole(image);
    expect(loaded.exists('C:\\other.txt')).toBe(false);
  });

  it('the own file appended to by another image loaded from it: whole, and the target is this image', async () => {
    const { file, image } = await loadedImage();
    const other = await load(file);
    writeFile(other, 'C:\\other.txt', Buffer.from('other'));
    await saveImageFile(other, file);
    expect(segmentsOf(file)).toHaveLength(2);
    writeFile(image, 'C:\\mine.txt', Buffer.from('mine'));
    const loaded = await savedWhole(image);
    expect(loaded.exists('C:\\other.txt')).toBe(false);
  });

  it('the own file grown past its commit (a torn tail of another save): whole, still this image', async () => {
    const { file, image } = await loadedImage();
    appendFileSync(file, Buffer.alloc(100, 7));
    await savedWhole(image);
  });

  it('the own file gone: whole', async () => {
    const { file, image } = await loadedImage();
    rmSync(file);
    await savedWhole(image);
  });

  it('dead bytes that would pass the rule of the append (the 1 MiB file replaced): whole', async () => {
    const { file, image } = await loadedImage();
    writeFile(image, 'C:\\big.bin', Buffer.alloc(1 << 20, 9));
    await savedWhole(image);
    // the same change saved to the own file by an image loaded from it: refused by the same rule
    const again = await load(file);
    writeFile(again, 'C:\\big.bin', Buffer.alloc(1 << 20, 9));
    await saveImageFile(again, file);
    expect(segmentsOf(file)).toHaveLength(1);
  });

  it("a fork's save to another path is whole (the fork has no file of its own)", async () => {
    const { image } = await loadedImage();
    const fork = forkOf(image);
    writeFile(fork, 'C:\\fork.txt', Buffer.from('fork'));
    await savedWhole(fork);
  });

  it('an image never saved nor loaded saves whole', async () => {
    const target = newPath();
    await saveImageFile(smallImage(), target);
    expect(latestCommit(readFileSync(target))?.sequence).toBe(1);
    expect(segmentsOf(target)).toHaveLength(1);
  });
});
