import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import {
  ImageCore,
  decodeImage,
  digestImage,
  encodeImage,
  loadImageFile,
  readImageFileHashed,
  saveImageFile,
  xxh64,
} from '../../src/image/index.js';
import {
  FILE_HEADER_BYTES,
  SEGMENT_HEADER_BYTES,
  SegmentHasher,
  slotBytes,
  walkSegments,
} from '../../src/image/format-layout.js';
import { writeFile } from '../../src/ops/index.js';
import { smallImage } from '../helpers/small-image.js';
import { imageFiles } from '../helpers/image-files.js';

const { newPath } = imageFiles('svcpack-load-read-', 'l');
const create = (registry: ImageCore['registry']) => new ImageCore({ registry });

/** The small image with C:\note.txt holding `text`, saved whole to a new file. */
async function saved(text: string): Promise<{ file: string; image: ImageCore }> {
  const image = smallImage();
  writeFile(image, 'C:\\note.txt', Buffer.from(text));
  const file = newPath();
  await saveImageFile(image, file);
  return { file, image };
}

/** The error `work` throws (it must throw). */
async function errorOf(work: () => unknown): Promise<Error> {
  try {
    await work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

/** Writes `bytes` over the file in place (the same inode) and moves its times, as a writer would. */
function rewriteInPlace(file: string, bytes: Buffer, bump: number): void {
  writeFileSync(file, bytes, { flag: 'r+' });
  const time = new Date(Date.UTC(2001, 0, 1) + bump * 1000);
  utimesSync(file, time, time);
}

/** Moves the file's modification time on: a save of an image loaded from it to another path is then whole, not a copy. */
function touchedSinceLoad(file: string): void {
  const { atime, mtimeMs } = statSync(file);
  utimesSync(file, atime, new Date(mtimeMs + 2000));
}

describe('loading an image file: the read, the checksums and the body decoded while reading', () => {
  it('the segment hasher gives the checksums the walk computes, whatever windows the file comes in (a segment opening split across two)', async () => {
    const { file } = await saved('first');
    const image = await loadImageFile(file, create);
    writeFile(image, 'C:\\second.txt', Buffer.from('appended'));
    await saveImageFile(image, file);
    const bytes = readFileSync(file);
    const { segments } = walkSegments(bytes, file);
    expect(segments).toHaveLength(2);
    const expected = new Map(segments.map((s) => [s.start, bytes.readBigUInt64LE(s.blobsEnd)]));
    for (const size of [1, 7, 33, 97, 4096, bytes.length]) {
      const hasher = new SegmentHasher();
      for (let from = 0; from < bytes.length; from += size)
        hasher.consume(bytes.subarray(from, Math.min(bytes.length, from + size)), from);
      expect(hasher.checksums).toEqual(expected);
    }
  });

  it('a file rewritten in place while it is read is read again: the bytes kept are the bytes hashed (the new image)', async () => {
    const { file } = await saved('aaaa');
    const { file: other, image: second } = await saved('bbbb');
    const replacement = readFileSync(other);
    expect(replacement.length).toBe(statSync(file).size);
    let attempts = 0;
    const read = await readImageFileHashed(file, () => ({
      prefixEnd: () => 0,
      onPrefix: () => {
        // the whole small file is in the buffer; the hash reads it again after this
        if (attempts++ === 0) rewriteInPlace(file, replacement, 1);
      },
    }));
    expect(attempts).toBe(2);
    expect(digestImage(decodeImage(read.bytes, file, create, read.checksum))).toBe(digestImage(second));
  });

  it('a file that changes each time it is read is refused after the third read, naming the file', async () => {
    const { file } = await saved('aaaa');
    const { file: other } = await saved('bbbb');
    const versions = [readFileSync(other), readFileSync(file)];
    let attempts = 0;
    const error = await errorOf(() =>
      readImageFileHashed(file, () => ({
        prefixEnd: () => 0,
        onPrefix: () => rewriteInPlace(file, versions[attempts % 2], ++attempts),
      })),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/changed each of the 3 times it was read/);
    expect(attempts).toBe(3);
  });

  it('the body decoded while reading counts only after the checksums: a damaged entry table under a wrong checksum is the checksum mismatch', async () => {
    const { file } = await saved('text');
    const bytes = readFileSync(file);
    const tableStart = FILE_HEADER_BYTES + SEGMENT_HEADER_BYTES + bytes.readUInt32LE(FILE_HEADER_BYTES + 8);
    // record 1 names record 0x00ffffff as its folder
    const damaged = Buffer.from(bytes);
    const record1 = tableStart + 4 + 1 + 4 + 8 + 8 + 8 + 2;
    damaged.writeUInt32LE(0x00ffffff, record1);
    writeFileSync(file, damaged);
    const error = await errorOf(() => loadImageFile(file, create));
    expect(error.message).toMatch(/checksum mismatch/);

    // the checksum and the commit made right: the table's damage, as a decode after the read reports it
    const blobsEnd = damaged.length - 16;
    const checksum = xxh64(damaged.subarray(FILE_HEADER_BYTES, blobsEnd));
    damaged.writeBigUInt64LE(checksum, blobsEnd);
    const length = damaged.length - FILE_HEADER_BYTES;
    slotBytes({ sequence: 1, offset: FILE_HEADER_BYTES, length, checksum }).copy(damaged, 16);
    writeFileSync(file, damaged);
    const early = await errorOf(() => loadImageFile(file, create));
    const late = await errorOf(() => decodeImage(readFileSync(file), file, create));
    expect(early).toBeInstanceOf(InputError);
    expect(early.message).toMatch(/names record 16777215 as its folder/);
    expect(early.message).toBe(late.message);
  });

  it('a loaded image saved whole to another file (its contents hashed as read back from that file) writes the bytes and checksum an encoding in memory gives', async () => {
    const { file } = await saved('loaded');
    const image = await loadImageFile(file, create);
    writeFile(image, 'C:\\fresh.txt', Buffer.from('not from the file'));
    touchedSinceLoad(file);
    const copy = newPath();
    await saveImageFile(image, copy);
    expect(readFileSync(copy).equals(Buffer.concat(encodeImage(image)))).toBe(true);
    expect(digestImage(await loadImageFile(copy, create))).toBe(digestImage(image));
  });

  it('a file of several hashing windows (1 MiB each) is hashed whole, read either way: a byte flipped in its last window is the checksum mismatch', async () => {
    const before = process.env.GLIBC_TUNABLES;
    try {
      for (const tunable of [undefined, 'glibc.malloc.hugetlb=1']) {
        if (tunable === undefined) delete process.env.GLIBC_TUNABLES;
        else process.env.GLIBC_TUNABLES = tunable;
        const image = smallImage();
        // 2.5 MiB of content that differs from window to window
        const content = Buffer.alloc(5 * 512 * 1024);
        for (let i = 0; i < content.length; i += 4) content.writeUInt32LE(i, i);
        writeFile(image, 'C:\\big.bin', content);
        const file = newPath();
        await saveImageFile(image, file);
        expect(digestImage(await loadImageFile(file, create))).toBe(digestImage(image));
        const damaged = readFileSync(file);
        damaged[damaged.length - 100] ^= 1;
        writeFileSync(file, damaged);
        expect((await errorOf(() => loadImageFile(file, create))).message).toMatch(/checksum mismatch/);
      }
    } finally {
      if (before === undefined) delete process.env.GLIBC_TUNABLES;
      else process.env.GLIBC_TUNABLES = before;
    }
  });

  it('with huge pages (the tunable the command sets), a load hashes its own buffer and a save its parts: the same image and bytes', async () => {
    const before = process.env.GLIBC_TUNABLES;
    process.env.GLIBC_TUNABLES = 'glibc.malloc.hugetlb=1';
    try {
      const { file, image } = await saved('huge');
      const loaded = await loadImageFile(file, create);
      expect(digestImage(loaded)).toBe(digestImage(image));
      touchedSinceLoad(file);
      const copy = newPath();
      await saveImageFile(loaded, copy);
      expect(readFileSync(copy).equals(Buffer.concat(encodeImage(loaded)))).toBe(true);
      const damaged = readFileSync(file);
      damaged[damaged.length - 40] ^= 1;
      writeFileSync(file, damaged);
      expect((await errorOf(() => loadImageFile(file, create))).message).toMatch(/checksum mismatch/);
    } finally {
      if (before === undefined) delete process.env.GLIBC_TUNABLES;
      else process.env.GLIBC_TUNABLES = before;
    }
  });
});
