import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ImageCore,
  copyImage,
  decodeImage,
  digestImage,
  loadImageFile,
  readImageFileHashed,
  saveImageFile,
  walkEntries,
} from '../../src/image/index.js';
import { walkSegments } from '../../src/image/format-layout.js';
import { DEAD_BYTES_PER_ENTRY } from '../../src/image/format-append.js';
import { createDirectory, deleteFile, writeFile } from '../../src/ops/index.js';
import { smallImage } from '../helpers/small-image.js';
import { imageFiles } from '../helpers/image-files.js';

const { folder, newPath } = imageFiles('svcpack-append-', 'm');

const create = (registry: ImageCore['registry']) => new ImageCore({ registry });
const load = (file: string) => loadImageFile(file, create);
const segmentsOf = (file: string) => walkSegments(readFileSync(file), file).segments;
/** The header of the file's committed segment. */
function lastHeader(file: string): { blobAt?: number[]; blobSizes: number[] } {
  const bytes = readFileSync(file);
  const last = segmentsOf(file).at(-1)!;
  const length = bytes.readUInt32LE(last.start + 8);
  return JSON.parse(bytes.subarray(last.start + 32, last.start + 32 + length).toString('utf8')) as {
    blobAt?: number[];
    blobSizes: number[];
  };
}

/** A small image with a 1 MiB file (so that what an append leaves out is plain to see), saved. */
/** The small image with `count` more empty files in one folder. */
function imageWithEmptyFiles(count: number): ImageCore {
  const image = smallImage();
  createDirectory(image, 'C:\\many');
  const empty = Buffer.alloc(0);
  for (let i = 0; i < count; i++) writeFile(image, `C:\\many\\f${i}.txt`, empty);
  return image;
}

/** Entries of every volume, roots included. */
function entriesOf(image: ImageCore): number {
  let count = 0;
  for (const volume of image.allVolumes()) for (const _ of walkEntries(volume.root)) count++;
  return count;
}

/** Bytes of the blobs the committed segment's header names by offset, all of which lie before `segmentStart`. */
function blobBytesNamedBefore(file: string, segmentStart: number): number {
  const { blobAt = [], blobSizes } = lastHeader(file);
  let bytes = 0;
  blobAt.forEach((at, i) => {
    if (at >= 0 && at < segmentStart) bytes += blobSizes[i];
  });
  return bytes;
}

async function savedImage(): Promise<{ file: string; image: ImageCore }> {
  const image = smallImage();
  writeFile(image, 'C:\\big.bin', Buffer.alloc(1 << 20, 3));
  const file = newPath();
  await saveImageFile(image, file);
  return { file, image };
}

describe('image file format 8: a save to the file the image came from appends what changed', () => {
  it('a loaded image, changed and saved to its file, appends a segment without the contents the file holds', async () => {
    const { file } = await savedImage();
    const size = statSync(file).size;
    const image = await load(file);
    writeFile(image, 'C:\\WINNT\\new.txt', Buffer.from('new content'));
    const written = await saveImageFile(image, file);
    expect(written).toBeLessThan(size / 10);
    expect(statSync(file).size).toBe(size + written - 40);
    expect(segmentsOf(file)).toHaveLength(2);
    // every blob of the loaded file is named by offset; only the new one is written
    const header = lastHeader(file);
    expect(header.blobAt!.filter((at) => at < 0)).toHaveLength(1);
    expect(digestImage(await load(file))).toBe(digestImage(image));
  });

  it('the next save appends only what changed since the last one (contents it wrote are known by offset)', async () => {
    const image = smallImage();
    const file = newPath();
    await saveImageFile(image, file);
    writeFile(image, 'C:\\big2.bin', Buffer.alloc(1 << 20, 5));
    const first = await saveImageFile(image, file);
    expect(first).toBeGreaterThan(1 << 20);
    writeFile(image, 'C:\\small.txt', Buffer.from('small'));
    const second = await saveImageFile(image, file);
    expect(second).toBeLessThan(1 << 16);
    expect(segmentsOf(file)).toHaveLength(3);
    expect(digestImage(await load(file))).toBe(digestImage(image));
  });

  it('a save to another path copies the file and appends to the copy, and the image then appends to that one', async () => {
    const { file } = await savedImage();
    const image = await load(file);
    const other = newPath();
    await saveImageFile(image, other);
    expect(segmentsOf(other)).toHaveLength(2);
    writeFile(image, 'C:\\x.txt', Buffer.from('x'));
    await saveImageFile(image, other);
    expect(segmentsOf(other)).toHaveLength(3);
    // the first file is not the image's file any more: a save to it starts from a copy of the other
    await saveImageFile(image, file);
    expect(segmentsOf(file).length).not.toBe(2);
    expect(digestImage(await load(file))).toBe(digestImage(image));
    expect(digestImage(await load(other))).toBe(digestImage(image));
  });

  it('a fork of a loaded image saves whole, and the original then finds its file replaced and saves whole too', async () => {
    const { file } = await savedImage();
    const image = await load(file);
    const fork = new ImageCore({ registry: image.registry.clone() });
    copyImage(image, fork);
    writeFile(fork, 'C:\\fork.txt', Buffer.from('fork'));
    await saveImageFile(fork, file);
    expect(segmentsOf(file)).toHaveLength(1);
    writeFile(image, 'C:\\original.txt', Buffer.from('original'));
    await saveImageFile(image, file);
    expect(segmentsOf(file)).toHaveLength(1);
    const loaded = await load(file);
    expect(digestImage(loaded)).toBe(digestImage(image));
    expect(loaded.exists('C:\\fork.txt')).toBe(false);
  });

  it('a file replaced by another process (same path, another file or the same size) is saved whole', async () => {
    const { file, image: first } = await savedImage();
    const image = await load(file);
    // another process puts another image there
    const elsewhere = newPath();
    writeFile(first, 'C:\\other.txt', Buffer.from('other'));
    await saveImageFile(first, elsewhere);
    copyFileSync(elsewhere, file);
    writeFile(image, 'C:\\mine.txt', Buffer.from('mine'));
    await saveImageFile(image, file);
    expect(segmentsOf(file)).toHaveLength(1);
    const loaded = await load(file);
    expect(digestImage(loaded)).toBe(digestImage(image));
    expect(loaded.exists('C:\\other.txt')).toBe(false);
  });

  it('two images loaded from one file: the first appends, the second finds the file changed and saves whole', async () => {
    const { file } = await savedImage();
    const [first, second] = [await load(file), await load(file)];
    writeFile(first, 'C:\\first.txt', Buffer.from('first'));
    writeFile(second, 'C:\\second.txt', Buffer.from('second'));
    await saveImageFile(first, file);
    expect(segmentsOf(file)).toHaveLength(2);
    await saveImageFile(second, file);
    expect(segmentsOf(file)).toHaveLength(1);
    const loaded = await load(file);
    expect(digestImage(loaded)).toBe(digestImage(second));
    expect(loaded.exists('C:\\first.txt')).toBe(false);
  });

  it('two saves of one image at once: never two appends (the lock); the file is the image', async () => {
    const { file } = await savedImage();
    const image = await load(file);
    writeFile(image, 'C:\\both.txt', Buffer.from('both'));
    const written = await Promise.all([saveImageFile(image, file), saveImageFile(image, file)]);
    expect(written.filter((bytes) => bytes < 1 << 16).length).toBeLessThanOrEqual(1);
    expect(digestImage(await load(file))).toBe(digestImage(image));
  });

  it("another live process's append lock makes the save whole; once that process is dead, its lock is removed and the save appends", async () => {
    const { file } = await savedImage();
    const image = await load(file);
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const lock = join(folder, `.${basename(file)}.${other.pid}.lock`);
    writeFileSync(lock, String(other.pid));
    writeFile(image, 'C:\\one.txt', Buffer.from('one'));
    await saveImageFile(image, file);
    expect(segmentsOf(file)).toHaveLength(1);
    await new Promise((resolve) => {
      other.on('exit', resolve);
      other.kill('SIGKILL');
    });
    writeFile(image, 'C:\\two.txt', Buffer.from('two'));
    await saveImageFile(image, file);
    expect(segmentsOf(file)).toHaveLength(2);
    expect(existsSync(lock)).toBe(false);
    expect(digestImage(await load(file))).toBe(digestImage(image));
  });

  it('when dead bytes would outweigh live ones, the save rewrites the file whole (compaction)', async () => {
    // enough entries that the cap per entry (DEAD_BYTES_PER_ENTRY) is not what decides here
    const image = imageWithEmptyFiles(20_000);
    expect(DEAD_BYTES_PER_ENTRY * entriesOf(image)).toBeGreaterThan(4 << 20);
    const file = newPath();
    await saveImageFile(image, file);
    const loaded = await load(file);
    const live = statSync(file).size;
    const size = Math.ceil(live * 0.6);
    const counts: number[] = [];
    for (let round = 0; round < 4; round++) {
      writeFile(loaded, 'C:\\big.bin', Buffer.alloc(size, 10 + round));
      await saveImageFile(loaded, file);
      counts.push(segmentsOf(file).length);
    }
    // the first write appends (no dead contents yet); the second would leave more dead than live
    expect(counts).toEqual([2, 1, 2, 1]);
    expect(digestImage(await load(file))).toBe(digestImage(loaded));
  });

  it('an append never leaves more than DEAD_BYTES_PER_ENTRY dead bytes per entry (a load reads them too), else the save is whole', async () => {
    const { file } = await savedImage();
    const image = await load(file);
    const cap = DEAD_BYTES_PER_ENTRY * entriesOf(image);
    // replacing the 1 MiB file would leave 1 MiB dead: more than the cap of this small image
    expect(cap).toBeLessThan(1 << 20);
    writeFile(image, 'C:\\big.bin', Buffer.alloc(1 << 20, 9));
    await saveImageFile(image, file);
    expect(segmentsOf(file)).toHaveLength(1);
    // a small change leaves only the last segment's header and tables dead
    const sizes: number[] = [];
    for (let round = 0; round < 6; round++) {
      writeFile(image, `C:\\small${round}.txt`, Buffer.from(`small ${round}`));
      await saveImageFile(image, file);
      const segments = segmentsOf(file);
      const last = segments[segments.length - 1];
      sizes.push(segments.length);
      // everything before the last segment that it does not name is dead
      expect(
        statSync(file).size - (last.end - last.start) - blobBytesNamedBefore(file, last.start),
      ).toBeLessThanOrEqual(cap + 200);
    }
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    expect(sizes).toContain(1);
    expect(digestImage(await load(file))).toBe(digestImage(image));
  });

  it('contents in memory shared with the loaded file but outside it (a small file read into a pooled buffer) are written, not named', async () => {
    const image = smallImage();
    const file = newPath();
    await saveImageFile(image, file);
    expect(statSync(file).size).toBeLessThan(Buffer.poolSize / 2);
    const loaded = await load(file);
    // small buffers come from the same pool as the small file's buffer was read into
    for (let i = 0; i < 20; i++) writeFile(loaded, `C:\\pool${i}.txt`, Buffer.from(`pool ${i}`));
    deleteFile(loaded, 'C:\\WINNT\\system32\\spoolsv.exe');
    await saveImageFile(loaded, file);
    expect(segmentsOf(file)).toHaveLength(2);
    const again = await load(file);
    expect(digestImage(again)).toBe(digestImage(loaded));
    expect(again.readFile('C:\\pool7.txt').toString()).toBe('pool 7');
  });

  it('a saved image with a journal appends its journal data with it', async () => {
    const { file } = await savedImage();
    const image = await load(file);
    const { beginTransaction } = await import('../../src/ops/index.js');
    beginTransaction(image, 'open', { context: { packageId: 'X' } });
    writeFile(image, 'C:\\big.bin', Buffer.from('replaced in a transaction'));
    await saveImageFile(image, file);
    const loaded = await load(file);
    expect(digestImage(loaded)).toBe(digestImage(image));
    expect(loaded.journal?.undo[0].length).toBe(image.journal!.undo[0].length);
  });

  it('fromBytes-style decoding of a multi-segment file gives the same image as its load', async () => {
    const { file } = await savedImage();
    const image = await load(file);
    writeFile(image, 'C:\\more.txt', Buffer.from('more'));
    await saveImageFile(image, file);
    expect(digestImage(decodeImage(readFileSync(file), file, create))).toBe(digestImage(image));
  });

  it('reading a file of several segments across 8 MiB pieces hashes each segment as it reads', async () => {
    const image = smallImage();
    writeFile(image, 'C:\\first.bin', Buffer.alloc(10 << 20, 1));
    const file = newPath();
    await saveImageFile(image, file);
    writeFile(image, 'C:\\second.bin', Buffer.alloc(10 << 20, 2));
    await saveImageFile(image, file);
    const { bytes, checksum } = await readImageFileHashed(file);
    const segments = segmentsOf(file);
    expect(segments).toHaveLength(2);
    expect(segments[1].start).toBeGreaterThan(8 << 20);
    expect(checksum).toEqual(new Map(segments.map((s) => [s.start, bytes.readBigUInt64LE(s.blobsEnd)])));
    expect(digestImage(decodeImage(bytes, file, create, checksum))).toBe(digestImage(image));
  });

  it('a load that reads the file while another image appends to it and commits reads it again: the new image, not a truncated file', async () => {
    const { file } = await savedImage();
    const writer = await load(file);
    writeFile(writer, 'C:\\during.txt', Buffer.from('appended during the read'));
    // the append lands between the reader's status of the file (its old size) and its first read
    const probe = await open(file, 'r');
    const handles = Object.getPrototypeOf(probe) as { stat: (...args: unknown[]) => Promise<unknown> };
    await probe.close();
    const stat = handles.stat;
    let armed = true;
    handles.stat = async function (this: unknown, ...args: unknown[]) {
      const status = await stat.apply(this, args);
      if (armed) {
        armed = false;
        await saveImageFile(writer, file);
      }
      return status;
    };
    try {
      const loaded = await load(file);
      expect(armed).toBe(false);
      expect(segmentsOf(file)).toHaveLength(2);
      expect(digestImage(loaded)).toBe(digestImage(writer));
    } finally {
      handles.stat = stat;
    }
  });
});
