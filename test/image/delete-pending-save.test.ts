/**
 * N3 through save, load and fork: a saved image is a snapshot of a running machine (its processes
 * and services run again after the load, as in a fork), so the handles they hold survive, and a file
 * deleted while they held it stays delete-pending until its last handle closes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import { ImageCore, copyImage, decodeImage, encodeImage, xxh64 } from '../../src/image/index.js';
import { WinImage } from '../../src/machine/index.js';
import { deleteFile, setAttributes } from '../../src/ops/index.js';
import { smallImage } from '../helpers/small-image.js';

const FILE = 'C:\\work\\held.txt';
const SHARE_ALL = ['read', 'write', 'delete'] as const;
const errno = (n: number) => expect.objectContaining({ errno: n });
const decode = (bytes: Buffer) =>
  decodeImage(bytes, 'test.svcimg', (registry) => new ImageCore({ registry }));

/** An image whose FILE was deleted while app.exe held it open with FILE_SHARE_DELETE. */
function withDeletePending(): WinImage {
  const image = WinImage.empty();
  image.addVolume({ letter: 'C', capacity: 1 << 20 });
  image.mkdir('C:\\work');
  image.writeFile(FILE, 'in use');
  image.open(FILE, { access: ['read'], share: [...SHARE_ALL], process: 'app.exe' });
  image.deleteFile(FILE);
  return image;
}

/** What N3 says of a delete-pending file: listed, refuses opens, goes at its last close. */
function expectDeletePending(image: WinImage): void {
  expect(image.readdir('C:\\work')).toEqual(['held.txt']);
  expect(() => image.open(FILE, { access: ['read'], share: [...SHARE_ALL] })).toThrow(errno(5));
  expect(() => image.writeFile(FILE, 'x')).toThrow(errno(5));
  const app = image.processes().find((p) => p.name === 'app.exe')!;
  expect(app.handles).toBe(1);
  image.stopProcess(app.pid);
  expect(image.exists(FILE)).toBe(false);
  expect(image.readdir('C:\\work')).toEqual([]);
}

describe('N3: delete-pending through save, load and fork', () => {
  it('N3: a file deleted while held open stays delete-pending through save and load, and goes when its holder ends', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'svcpack-n3-')), 'held.svcimg');
    await withDeletePending().save(file);
    const loaded = await WinImage.load(file);
    expectDeletePending(loaded);
    expect(loaded.operations().at(-1)?.op).toEqual({ kind: 'delete', path: FILE });
  });

  it('N3: a fork keeps the delete-pending state; the original is untouched by the fork closing its handles', () => {
    const original = withDeletePending();
    expectDeletePending(original.fork());
    expect(original.exists(FILE)).toBe(true);
    expectDeletePending(original);
  });

  it('N3: a reboot of a loaded image ends the holder, so the delete-pending file goes', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'svcpack-n3-')), 'held.svcimg');
    await withDeletePending().save(file);
    const loaded = await WinImage.load(file);
    expect(loaded.exists(FILE)).toBe(true);
    loaded.reboot();
    expect(loaded.exists(FILE)).toBe(false);
  });

  it('handles survive save and load: a file held without write sharing still refuses a writer', () => {
    const image = smallImage();
    const kernel = 'C:\\WINNT\\system32\\kernel32.dll';
    image.open(kernel, { access: ['read'], share: ['read'], process: 'app.exe' });
    const loaded = decode(Buffer.concat(encodeImage(image)));
    expect(loaded.openHandleCount).toBe(1);
    expect(() => loaded.open(kernel, { access: ['write'], share: [...SHARE_ALL] })).toThrow(errno(32));
    expect(() => deleteFile(loaded, kernel)).toThrow(errno(32));
  });

  it('a write handle on a file made read-only since it was opened survives save, load and fork (it was refused at load)', () => {
    const image = smallImage();
    image.open('C:\\boot.ini', { access: ['read', 'write'], share: ['read'], process: 'app.exe' });
    setAttributes(image, 'C:\\boot.ini', ['readonly']);
    const loaded = decode(Buffer.concat(encodeImage(image)));
    expect(loaded.openHandleCount).toBe(1);
    const forked = new ImageCore({ registry: loaded.registry.clone() });
    copyImage(loaded, forked);
    expect(forked.openHandleCount).toBe(1);
    // the restored write handle still refuses an open that would deny it writing
    expect(() => forked.open('C:\\boot.ini', { access: ['read'], share: ['read'] })).toThrow(errno(32));
  });

  it('an older format refuses to save a delete-pending file rather than make it an ordinary one', () => {
    const image = smallImage();
    image.open('C:\\boot.ini', { access: ['read'], share: [...SHARE_ALL] });
    deleteFile(image, 'C:\\boot.ini');
    expect(() => encodeImage(image, { formatVersion: 5 })).toThrow(/delete-pending 'C:\\boot.ini'.*format 7/);
    // without delete-pending files, older formats are written as before (handles are not theirs)
    const plain = smallImage();
    plain.open('C:\\boot.ini', { access: ['read'], share: ['read'] });
    expect(decode(Buffer.concat(encodeImage(plain, { formatVersion: 5 }))).openHandleCount).toBe(0);
  });

  it('a header listing a delete-pending file that no handle holds is refused with where', () => {
    const image = smallImage();
    image.open('C:\\boot.ini', { access: ['read'], share: [...SHARE_ALL] });
    deleteFile(image, 'C:\\boot.ini');
    const bytes = withHeader(Buffer.concat(encodeImage(image, { formatVersion: 7 })), (header) => {
      header.processes = [];
    });
    expect(() => decode(bytes)).toThrow(InputError);
    expect(() => decode(bytes)).toThrow(/boot\.ini' is listed as delete-pending but no handle holds it/);
  });
});

/** An image file with its JSON header changed by `change`, its lengths and checksum made right again. */
function withHeader(bytes: Buffer, change: (header: Record<string, unknown>) => void): Buffer {
  const headerLength = bytes.readUInt32LE(12);
  const header = JSON.parse(bytes.subarray(16, 16 + headerLength).toString('utf8')) as Record<
    string,
    unknown
  >;
  change(header);
  const newHeader = Buffer.from(JSON.stringify(header), 'utf8');
  const fixed = Buffer.from(bytes.subarray(0, 16));
  fixed.writeUInt32LE(newHeader.byteLength, 12);
  const body = Buffer.concat([fixed, newHeader, bytes.subarray(16 + headerLength, bytes.length - 16)]);
  const trailer = Buffer.from(bytes.subarray(bytes.length - 16));
  trailer.writeBigUInt64LE(xxh64(body), 0);
  return Buffer.concat([body, trailer]);
}
