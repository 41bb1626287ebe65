/** Format 4: each distinct content once; files that shared it in memory share it again once loaded. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import { ImageCore, decodeImage, digestImage, encodeImage, xxh64 } from '../../src/image/index.js';
import { copyFile, writeFile } from '../../src/ops/index.js';
import { ContentWriter } from '../../src/image/same-content.js';
import { smallImage } from '../helpers/small-image.js';

const load = (bytes: Buffer) => decodeImage(bytes, 'test.svcimg', (registry) => new ImageCore({ registry }));

const BIG = Buffer.alloc(10_000, 0x5a);

/** The small image with a 10,000-byte file and two copies of it (copies share the content in memory). */
function withCopies(): ImageCore {
  const image = smallImage();
  writeFile(image, 'C:\\big.bin', BIG);
  copyFile(image, 'C:\\big.bin', 'C:\\copy1.bin');
  copyFile(image, 'C:\\big.bin', 'C:\\copy2.bin');
  return image;
}

function headerOf(bytes: Buffer): { sameContent?: number[]; blobSizes: number[] } {
  return JSON.parse(bytes.subarray(16, 16 + bytes.readUInt32LE(12)).toString('utf8')) as {
    sameContent?: number[];
    blobSizes: number[];
  };
}

/** The file with its header changed by `change`, the lengths and checksum made right again. */
function withHeader(bytes: Buffer, change: (header: Record<string, unknown>) => void): Buffer {
  const length = bytes.readUInt32LE(12);
  const header = JSON.parse(bytes.subarray(16, 16 + length).toString('utf8')) as Record<string, unknown>;
  change(header);
  const text = Buffer.from(JSON.stringify(header), 'utf8');
  const fixed = Buffer.from(bytes.subarray(0, 16));
  fixed.writeUInt32LE(text.byteLength, 12);
  const body = Buffer.concat([fixed, text, bytes.subarray(16 + length, bytes.length - 16)]);
  const trailer = Buffer.from(bytes.subarray(bytes.length - 16));
  trailer.writeBigUInt64LE(xxh64(body), 0);
  return Buffer.concat([body, trailer]);
}

function refusal(bytes: Buffer): InputError {
  try {
    load(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('the crafted file loaded');
}

describe('image file format 4: each distinct content once', () => {
  it('copies that share their content are written once, and load to the same image', () => {
    const image = withCopies();
    const v4 = Buffer.concat(encodeImage(image, { formatVersion: 4 }));
    const v3 = Buffer.concat(encodeImage(image, { formatVersion: 3 }));
    expect(v4.readUInt32LE(8)).toBe(4);
    // the two copies' bytes, less the header's four numbers naming them
    expect(v3.byteLength - v4.byteLength).toBeGreaterThan(2 * BIG.byteLength - 100);
    expect(headerOf(v4).sameContent).toHaveLength(4);
    expect(headerOf(v3).sameContent).toBeUndefined();
    const loaded = load(v4);
    expect(digestImage(loaded)).toBe(digestImage(image));
    expect(digestImage(load(v3))).toBe(digestImage(image));
  });

  it('loaded copies share one view, and a write to one leaves the others as they were (copy-on-write)', () => {
    const loaded = load(Buffer.concat(encodeImage(withCopies())));
    const content = (path: string) => loaded.content(loaded.require(path));
    expect(content('C:\\copy1.bin').buffer).toBe(content('C:\\big.bin').buffer);
    expect(content('C:\\copy1.bin').byteOffset).toBe(content('C:\\big.bin').byteOffset);
    writeFile(loaded, 'C:\\copy1.bin', Buffer.from('changed'));
    expect(content('C:\\copy1.bin').toString()).toBe('changed');
    expect(content('C:\\big.bin').equals(BIG)).toBe(true);
    expect(content('C:\\copy2.bin').equals(BIG)).toBe(true);
    // saved again, the two that still share are still written once
    expect(headerOf(Buffer.concat(encodeImage(loaded, { formatVersion: 7 }))).sameContent).toHaveLength(2);
  });

  it('a pair naming a blob no earlier file took, a file out of order, a dropped pair or an odd count: an InputError', () => {
    const v4 = Buffer.concat(encodeImage(withCopies(), { formatVersion: 7 }));
    const [file] = headerOf(v4).sameContent!;
    const later = refusal(withHeader(v4, (h) => ((h.sameContent as number[])[1] = 10_000)));
    expect(later.message).toMatch(/names blob 10000, which no earlier file has/);
    // a pair that never matches its file: that file takes a new blob, so a size is wrong or a pair is left
    const past = refusal(withHeader(v4, (h) => ((h.sameContent as number[])[2] = 100_000)));
    expect(past.message).toMatch(/missing or has the wrong size|sameContent names file 100000/);
    const backwards = refusal(withHeader(v4, (h) => ((h.sameContent as number[])[2] = file)));
    expect(backwards.message).toMatch(/missing or has the wrong size|sameContent names file/);
    const dropped = refusal(withHeader(v4, (h) => (h.sameContent as number[]).splice(0, 2)));
    expect(dropped.message).toMatch(/missing or has the wrong size/);
    const odd = refusal(withHeader(v4, (h) => (h.sameContent as number[]).pop()));
    expect(odd.message).toMatch(/odd number/);
  });

  it('a format 3 file with sameContent is refused (format 3 has none)', () => {
    const v4 = Buffer.concat(encodeImage(withCopies(), { formatVersion: 7 }));
    const as3 = Buffer.from(v4);
    as3.writeUInt32LE(3, 8);
    const error = refusal(withHeader(as3, () => undefined));
    expect(error.message).toMatch(/format 3 has no sameContent/);
  });
});

describe('ContentWriter: which views are the same content', () => {
  it('views of one memory at the same offset but of other lengths are other contents (each one blob)', () => {
    const memory = Buffer.alloc(100, 7);
    const blobs: Uint8Array[] = [];
    const writer = new ContentWriter(blobs, true);
    const views = [
      memory.subarray(0, 10),
      memory.subarray(0, 20),
      memory.subarray(0, 10),
      memory.subarray(0, 20),
    ];
    views.push(memory.subarray(0, 30), memory.subarray(10, 20), memory.subarray(0, 30));
    for (const view of views) writer.add(view);
    expect(blobs.map((blob) => blob.byteLength)).toEqual([10, 20, 30, 10]);
    // file 2 shares blob 0, file 3 blob 1, file 6 blob 2
    expect(writer.sameContent).toEqual([2, 0, 3, 1, 6, 2]);
  });
});
