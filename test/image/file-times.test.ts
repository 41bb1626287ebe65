/** N9: times are FILETIMEs (100 ns units); nothing the engine does moves one. */
import { describe, expect, it } from 'vitest';
import {
  ImageCore,
  copyImage,
  decodeImage,
  encodeImage,
  storeOps,
  restoreOps,
} from '../../src/image/index.js';
import { MOVEFILE, applyOp, copyFile, moveFileNow, populate } from '../../src/ops/index.js';

const MS = Date.UTC(2004, 7, 6, 12, 30, 15, 123);
/** FILETIME of MS plus 4567 units of 100 ns. */
const FILETIME = 116_444_736_000_000_000n + BigInt(MS) * 10_000n + 4567n;

function imageWithFineTimes(): ImageCore {
  const image = new ImageCore();
  image.addVolume({ letter: 'C', capacity: 1 << 24 });
  image.addVolume({ letter: 'D', capacity: 1 << 24 });
  populate(
    image,
    [{ drive: 'C', path: 'dir', time: MS, timeFraction: 4567 }],
    [
      {
        drive: 'C',
        path: 'dir\\a.dll',
        data: Buffer.from('a'),
        attributes: 0x20,
        version: undefined,
        created: MS - 1,
        createdFraction: 1,
        modified: MS,
        modifiedFraction: 4567,
      },
    ],
  );
  return image;
}

const load = (bytes: Buffer): ImageCore =>
  decodeImage(bytes, 'test', (registry) => new ImageCore({ registry }));

describe('N9: times at 100 ns', () => {
  it('N9: stat gives the exact FILETIMEs', () => {
    const stat = imageWithFineTimes().stat('C:\\dir\\a.dll');
    expect(stat.modifiedFileTime).toBe(FILETIME);
    expect(stat.createdFileTime).toBe(FILETIME - 10_000n - 4566n);
    expect(stat.modified).toBe(MS);
  });

  it('N9: save and load, and a fork, keep every 100 ns time (files and folders)', () => {
    const image = imageWithFineTimes();
    const loaded = load(Buffer.concat(encodeImage(image)));
    const forked = new ImageCore({ registry: image.registry.clone() });
    copyImage(image, forked);
    for (const copy of [loaded, forked]) {
      expect(copy.stat('C:\\dir\\a.dll').modifiedFileTime).toBe(FILETIME);
      expect(copy.stat('C:\\dir\\a.dll').createdFileTime).toBe(FILETIME - 10_000n - 4566n);
      expect(copy.stat('C:\\dir').modifiedFileTime).toBe(FILETIME);
    }
    // and the loaded image saves to the same bytes again
    expect(Buffer.concat(encodeImage(loaded)).equals(Buffer.concat(encodeImage(image)))).toBe(true);
  });

  it('N9: formats 1 to 4 refuse an image with 100 ns times rather than round them; without, old formats still load', () => {
    const image = imageWithFineTimes();
    for (const formatVersion of [1, 2, 3, 4] as const)
      expect(() => encodeImage(image, { formatVersion })).toThrow(/100 ns/);
    const whole = new ImageCore();
    whole.addVolume({ letter: 'C', capacity: 1 << 20 });
    populate(whole, [{ drive: 'C', path: 'd', time: MS }], []);
    for (const formatVersion of [1, 2, 3, 4] as const) {
      const loaded = load(Buffer.concat(encodeImage(whole, { formatVersion })));
      expect(loaded.stat('C:\\d').modifiedFileTime).toBe(FILETIME - 4567n);
    }
  });

  it('N9: undoing an overwrite restores the 100 ns times, also through a stored journal', () => {
    const image = imageWithFineTimes();
    const undo = applyOp(image, { kind: 'write', path: 'C:\\dir\\a.dll', data: Buffer.from('b') });
    expect(image.stat('C:\\dir\\a.dll').modifiedFileTime).not.toBe(FILETIME);
    const blobs: Uint8Array[] = [];
    const stored = JSON.parse(JSON.stringify(storeOps(undo, blobs)));
    for (const op of restoreOps(
      stored,
      blobs.map((b) => Buffer.from(b)),
      'test',
      '/undo',
    ))
      applyOp(image, op);
    expect(image.stat('C:\\dir\\a.dll').modifiedFileTime).toBe(FILETIME);
  });

  it('N9: a move across volumes and CopyFile keep the modification time to 100 ns', () => {
    const image = imageWithFineTimes();
    copyFile(image, 'C:\\dir\\a.dll', 'C:\\copy.dll');
    moveFileNow(image, 'C:\\dir\\a.dll', 'D:\\a.dll', MOVEFILE.COPY_ALLOWED);
    expect(image.stat('C:\\copy.dll').modifiedFileTime).toBe(FILETIME);
    expect(image.stat('D:\\a.dll').modifiedFileTime).toBe(FILETIME);
    expect(image.stat('D:\\a.dll').createdFileTime).toBe(FILETIME - 10_000n - 4566n);
  });

  it('N9: a stored operation with a time fraction out of range is refused', () => {
    const op = { kind: 'write', path: 'C:\\x', blob: 0, meta: { modified: MS, modifiedFraction: 10_000 } };
    expect(() => restoreOps([op], [Buffer.from('x')], 'test', '/plan')).toThrow(/fraction/);
  });
});
