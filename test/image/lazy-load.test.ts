import {
  closeSync,
  copyFileSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import { walkSegments } from '../../src/image/format-layout.js';
import { readImageFileLazily } from '../../src/image/format-lazy.js';
import { readImageFileHashed } from '../../src/image/index.js';
import { MAX_OPEN_LAZY_FILES, releaseBeforeRename } from '../../src/image/lazy-file.js';
import { WinImage } from '../../src/machine/index.js';
import { install, uninstall } from '../../src/index.js';
import { smallImage } from '../helpers/small-image.js';
import { serverImage, smallServicePack } from '../servicing/helpers.js';
import { imageFiles } from '../helpers/image-files.js';

const { folder, newPath } = imageFiles('svcpack-lazy-', 'l');
/** How many of this process's descriptors are open on one of `files`. */
function descriptorsOf(files: readonly string[]): number {
  const wanted = new Set(files);
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (wanted.has(readlinkSync(`/proc/self/fd/${fd}`))) count++;
    } catch {
      // closed meanwhile (the directory's own descriptor)
    }
  }
  return count;
}

/** A small image saved twice (two segments: the second appended), with two files of the same content. */
async function savedImage(): Promise<{ file: string; image: WinImage }> {
  const image = WinImage.wrap(smallImage());
  image.writeFile('C:\\big.bin', Buffer.alloc(1 << 20, 7));
  image.writeFile('C:\\same1.txt', 'same bytes');
  image.copyFile('C:\\same1.txt', 'C:\\same2.txt');
  const file = newPath();
  await image.save(file);
  image.writeFile('C:\\second.txt', 'written after the first save');
  await image.save(file);
  expect(walkSegments(readFileSync(file), file).segments).toHaveLength(2);
  return { file, image };
}

/** Writes `text` over the file's bytes at `at`, in place (the same file, as another program would). */
function overwriteInPlace(file: string, at: number, text: string): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.from(text), 0, text.length, at);
  } finally {
    closeSync(fd);
  }
}

describe('lazy load (WinImage.load with lazy)', () => {
  it('gives the image an eager load gives, files of every segment and shared contents included', async () => {
    const { file, image } = await savedImage();
    const lazy = await WinImage.load(file, { lazy: true });
    expect(lazy.readFile('C:\\second.txt').toString()).toBe('written after the first save');
    expect(lazy.readFile('C:\\same2.txt').toString()).toBe('same bytes');
    expect(lazy.digest()).toBe(image.digest());
    expect(lazy.digest()).toBe((await WinImage.load(file)).digest());
  });

  it('reads no content at load: a content changed in place afterwards is refused when first read', async () => {
    const { file } = await savedImage();
    const lazy = await WinImage.load(file, { lazy: true });
    expect(lazy.readFile('C:\\same1.txt').toString()).toBe('same bytes');
    const bytes = readFileSync(file);
    overwriteInPlace(file, bytes.indexOf(Buffer.alloc(64, 7)), 'another program');
    expect(() => lazy.readFile('C:\\big.bin')).toThrow(InputError);
    expect(() => lazy.readFile('C:\\big.bin')).toThrow(/changed on disk since it was loaded lazily/);
    // read before the change: it stays
    expect(lazy.readFile('C:\\same1.txt').toString()).toBe('same bytes');
  });

  it("the operations a change made give the bytes it moved unread (a delete's undo, a copy)", async () => {
    const { file } = await savedImage();
    const lazy = await WinImage.load(file, { lazy: true });
    const mark = lazy.mark();
    lazy.copyFile('C:\\big.bin', 'C:\\copy.bin');
    lazy.deleteFile('C:\\big.bin');
    const writes = lazy
      .operations(mark)
      .flatMap(({ op, undo }) => [op, ...undo])
      .filter((op) => op.kind === 'write');
    expect(writes.length).toBeGreaterThanOrEqual(2);
    for (const op of writes) expect(Buffer.from(op.data).equals(Buffer.alloc(1 << 20, 7))).toBe(true);
  });

  it('a damaged file is refused as an eager load refuses it, and nothing stays open', async () => {
    const { file } = await savedImage();
    const bytes = readFileSync(file);
    bytes[bytes.indexOf(Buffer.alloc(64, 7)) + 100] ^= 1;
    writeFileSync(file, bytes);
    const eager = await WinImage.load(file).catch((error: unknown) => error);
    const lazy = await WinImage.load(file, { lazy: true }).catch((error: unknown) => error);
    expect(lazy).toBeInstanceOf(InputError);
    expect((lazy as InputError).message).toBe((eager as InputError).message);
    expect((lazy as InputError).message).toMatch(/checksum mismatch/);
    expect(descriptorsOf([realpathSync(file)])).toBe(0);
  });

  it('a save to its own file appends without reading the contents, and its unread contents stay readable', async () => {
    const { file, image } = await savedImage();
    const lazy = await WinImage.load(file, { lazy: true });
    lazy.writeFile('C:\\third.txt', 'third');
    const written = await lazy.save(file);
    expect(written).toBeLessThan(64 * 1024);
    expect(walkSegments(readFileSync(file), file).segments).toHaveLength(3);
    // its own append moved the file's size and time, not the bytes it has not read
    expect(lazy.readFile('C:\\big.bin').equals(Buffer.alloc(1 << 20, 7))).toBe(true);
    image.writeFile('C:\\third.txt', 'third');
    expect((await WinImage.load(file)).digest()).toBe(image.digest());
  });

  it("another image's append to the same file leaves a lazy image's unread contents readable", async () => {
    const { file, image } = await savedImage();
    const reader = await WinImage.load(file, { lazy: true });
    const writer = await WinImage.load(file, { lazy: true });
    writer.writeFile('C:\\by-the-writer.txt', 'appended by another image');
    await writer.save(file);
    expect(reader.digest()).toBe(image.digest());
  });

  it('a whole save of another image renamed over its file leaves its unread contents readable', async () => {
    const { file, image } = await savedImage();
    const lazy = await WinImage.load(file, { lazy: true });
    const other = WinImage.wrap(smallImage());
    await other.save(file);
    expect(statSync(file).size).toBeLessThan(1 << 20);
    expect(lazy.digest()).toBe(image.digest());
  });

  it('forks and saves elsewhere carry unread contents: the copies read the file', async () => {
    const { file, image } = await savedImage();
    const lazy = await WinImage.load(file, { lazy: true });
    const fork = lazy.fork();
    fork.writeFile('C:\\fork.txt', 'fork');
    const elsewhere = newPath();
    await lazy.save(elsewhere);
    expect((await WinImage.load(elsewhere)).digest()).toBe(image.digest());
    expect(WinImage.fromBytes(readFileSync(elsewhere)).digest()).toBe(image.digest());
    expect(fork.readFile('C:\\big.bin').equals(Buffer.alloc(1 << 20, 7))).toBe(true);
  });

  it('install, save, load again and uninstall: lazily as eagerly, the original files back from the backups', async () => {
    const image = serverImage();
    const file = newPath();
    await image.save(file);
    const original = image.readFile('C:\\WINNT\\system32\\kernel32.dll');
    const pkg = smallServicePack();
    const cycle = async (lazy: boolean): Promise<WinImage> => {
      const copy = newPath();
      writeFileSync(copy, readFileSync(file));
      const loaded = await WinImage.load(copy, { lazy });
      const installed = await install(loaded, pkg, { unattended: true, restart: 'later' });
      expect([0, 3010], installed.message).toContain(installed.code);
      await loaded.save(copy);
      const again = await WinImage.load(copy, { lazy });
      const removed = await uninstall(again, pkg.manifest.id, { restart: 'later' });
      expect([0, 3010], removed.message).toContain(removed.code);
      again.reboot();
      return again;
    };
    const [lazy, eager] = [await cycle(true), await cycle(false)];
    expect(lazy.readFile('C:\\WINNT\\system32\\kernel32.dll').equals(original)).toBe(true);
    expect(lazy.digest()).toBe(eager.digest());
  });

  it(`holds at most ${MAX_OPEN_LAZY_FILES} files open: one closed is opened again when read, if it is still the same file`, async () => {
    const count = MAX_OPEN_LAZY_FILES + 6;
    const saved: string[] = [];
    for (let i = 0; i < count; i++) {
      const image = WinImage.wrap(smallImage());
      image.writeFile('C:\\which.txt', `image ${i}`);
      saved.push(newPath());
      await image.save(saved[i]);
    }
    const images: WinImage[] = [];
    for (const file of saved) images.push(await WinImage.load(file, { lazy: true }));
    expect(descriptorsOf(saved)).toBe(MAX_OPEN_LAZY_FILES);
    // the first ones were closed: read again from their files
    expect(images.map((image) => image.readFile('C:\\which.txt').toString())).toEqual(
      saved.map((_, i) => `image ${i}`),
    );
    expect(descriptorsOf(saved)).toBe(MAX_OPEN_LAZY_FILES);
    // a closed one whose name another file has taken is refused
    const closed = await WinImage.load(saved[0], { lazy: true });
    for (const file of saved.slice(1)) images.push(await WinImage.load(file, { lazy: true }));
    await WinImage.wrap(smallImage()).save(saved[0]);
    expect(() => closed.readFile('C:\\which.txt')).toThrow(/another file has taken its name/);
  });

  it('a file that changes each time it is read is refused after the third read, and nothing stays open', async () => {
    const { file } = await savedImage();
    const bytes = readFileSync(file);
    const at = bytes.indexOf(Buffer.alloc(64, 7));
    let attempts = 0;
    const error = await readImageFileLazily(file, (attempt) => {
      attempts = attempt;
      overwriteInPlace(file, at, `change ${attempt}`);
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/changed each of the 3 times it was read/);
    expect(attempts).toBe(3);
    expect(descriptorsOf([realpathSync(file)])).toBe(0);
  });

  it('a file changed once while read is read again: the checksums are those of the bytes it now holds', async () => {
    const { file } = await savedImage();
    const at = readFileSync(file).indexOf(Buffer.alloc(64, 7));
    let attempts = 0;
    const read = await readImageFileLazily(file, (attempt) => {
      attempts = attempt;
      if (attempt === 1) overwriteInPlace(file, at, 'changed once');
    });
    closeSync(read!.fd);
    expect(attempts).toBe(2);
    expect(read!.checksums).toEqual((await readImageFileHashed(file)).checksum);
  });

  it('before a save renames over its file, Windows (which cannot replace an open file) gets it closed; elsewhere it stays open', async () => {
    const { file, image } = await savedImage();
    const lazy = await WinImage.load(file, { lazy: true });
    const path = realpathSync(file);
    releaseBeforeRename(path, 'linux');
    expect(descriptorsOf([path])).toBe(1);
    releaseBeforeRename(path, 'win32');
    expect(descriptorsOf([path])).toBe(0);
    // the same file still: opened again when read
    expect(lazy.digest()).toBe(image.digest());
  });

  it("real PE files (Debian's Wine DLLs) imported, saved and loaded lazily read back byte for byte, versions as a plain load's", async () => {
    const wine = '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows';
    const host = mkdtempSync(join(folder, 'wine-'));
    // every twelfth DLL: about 60 files of all sizes, not the library's 638 MB
    const names = readdirSync(wine)
      .filter((name) => name.endsWith('.dll'))
      .sort()
      .filter((_, i) => i % 12 === 0);
    expect(names.length).toBeGreaterThan(40);
    for (const name of names) copyFileSync(join(wine, name), join(host, name));
    const image = WinImage.wrap(smallImage());
    await image.importHostFolder(host, { letter: 'F' });
    const file = newPath();
    await image.save(file);
    const [lazy, plain] = [await WinImage.load(file, { lazy: true }), await WinImage.load(file)];
    for (const name of names) {
      expect(lazy.readFile(`F:\\${name}`).equals(readFileSync(join(wine, name))), name).toBe(true);
      expect(lazy.stat(`F:\\${name}`).version, name).toBe(plain.stat(`F:\\${name}`).version);
    }
    // Wine gives a version resource to some of its DLLs only
    const versioned = names.filter((name) => plain.stat(`F:\\${name}`).version !== undefined);
    expect(versioned.length).toBeGreaterThan(10);
    expect(lazy.digest()).toBe(plain.digest());
  });
});
