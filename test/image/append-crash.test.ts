/**
 * Format 8 appends under power cuts and damage, from the bytes: every state an append can leave on
 * disk (any prefix of its segment written, its commit slot torn at any byte) loads as exactly the
 * old or the new image, and a damaged file is refused with an InputError naming where.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import {
  ImageCore,
  decodeImage,
  digestImage,
  loadImageFile,
  saveImageFile,
  xxh64,
} from '../../src/image/index.js';
import { SLOT_BYTES, latestCommit, slotBytes, walkSegments } from '../../src/image/format-layout.js';
import { deleteFile, writeFile } from '../../src/ops/index.js';
import { smallImage } from '../helpers/small-image.js';

const folder = mkdtempSync(join(tmpdir(), 'svcpack-append-crash-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const create = (registry: ImageCore['registry']) => new ImageCore({ registry });
const decode = (bytes: Buffer) => decodeImage(bytes, 'test.svcimg', create);
const digestOf = (bytes: Buffer) => digestImage(decode(bytes));

function refusal(bytes: Buffer): InputError {
  try {
    decode(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('the damaged file loaded');
}

let before: Buffer;
let after: Buffer;
let oldDigest: string;
let newDigest: string;

beforeAll(async () => {
  const file = join(folder, 'm.svcimg');
  const image = smallImage();
  writeFile(image, 'C:\\big.bin', Buffer.alloc(256 << 10, 1));
  await saveImageFile(image, file);
  before = readFileSync(file);
  oldDigest = digestImage(image);
  const loaded = await loadImageFile(file, create);
  writeFile(loaded, 'C:\\WINNT\\new.bin', Buffer.alloc(64 << 10, 2));
  deleteFile(loaded, 'C:\\WINNT\\system32\\spoolsv.exe');
  await saveImageFile(loaded, file);
  after = readFileSync(file);
  newDigest = digestImage(loaded);
});

/** Where the append wrote its slot: the 40 bytes of the file header that differ. */
function slotWritten(): number {
  const commit = latestCommit(after)!;
  return 16 + commit.slot * SLOT_BYTES;
}

describe('format 8 append: every state a power cut can leave', () => {
  it('the segment cut at any length, its slot not written: exactly the old image', () => {
    expect(after.subarray(0, before.length).equals(before)).toBe(false);
    const appended = after.length - before.length;
    const cuts = [0, 1, 8, 31, 32, 33, appended >> 1, appended - 17, appended - 16, appended - 1, appended];
    for (let cut = 0; cut < appended; cut += 4099) cuts.push(cut);
    for (const cut of cuts) {
      const state = Buffer.concat([before, after.subarray(before.length, before.length + cut)]);
      expect(digestOf(state), `${cut} of ${appended} appended bytes`).toBe(oldDigest);
    }
  });

  it('the commit slot torn at any byte (its first or last bytes new): the old image; whole: the new one', () => {
    const slot = slotWritten();
    expect(before.subarray(slot, slot + SLOT_BYTES).equals(after.subarray(slot, slot + SLOT_BYTES))).toBe(
      false,
    );
    for (let k = 0; k <= SLOT_BYTES; k++) {
      const headFirst = Buffer.from(after);
      before.copy(headFirst, slot + k, slot + k, slot + SLOT_BYTES);
      const tailFirst = Buffer.from(after);
      before.copy(tailFirst, slot, slot, slot + SLOT_BYTES - k);
      const expected = k === SLOT_BYTES ? newDigest : oldDigest;
      expect(digestOf(headFirst), `first ${k} slot bytes written`).toBe(expected);
      expect(digestOf(tailFirst), `last ${k} slot bytes written`).toBe(expected);
    }
  });

  it('a torn tail left by a cut append is ignored by the load and cut off by the next append', async () => {
    const file = join(folder, 'torn.svcimg');
    const torn = Buffer.concat([before, after.subarray(before.length, before.length + 5000)]);
    writeFileSync(file, torn);
    const loaded = await loadImageFile(file, create);
    expect(digestImage(loaded)).toBe(oldDigest);
    writeFile(loaded, 'C:\\after-the-cut.txt', Buffer.from('after the cut'));
    await saveImageFile(loaded, file);
    const saved = readFileSync(file);
    const { commit, segments } = walkSegments(saved, file);
    expect(segments).toHaveLength(2);
    expect(segments[1].start).toBe(before.length);
    expect(saved.length).toBe(commit.offset + commit.length);
    expect(digestOf(saved)).toBe(digestImage(loaded));
  });
});

describe('format 8: a damaged file is refused with where', () => {
  it('a flipped byte in the first segment, in the appended one, or in their headers: an InputError', () => {
    const { segments } = walkSegments(after, 'after');
    expect(segments).toHaveLength(2);
    for (const at of [
      segments[0].start + 40,
      segments[0].blobsEnd - 1,
      segments[1].start + 40,
      after.length - 20,
    ]) {
      const damaged = Buffer.from(after);
      damaged[at] ^= 0x10;
      expect(refusal(damaged).message, `byte ${at}`).toMatch(/checksum mismatch/);
    }
    const badStart = Buffer.from(after);
    badStart[segments[1].start] ^= 1;
    expect(refusal(badStart).problems[0].where).toBe(`byte ${segments[1].start}`);
  });

  it('a file cut before its committed end, and one with neither slot valid: an InputError', () => {
    expect(refusal(after.subarray(0, after.length - 1)).message).toMatch(/past the end of the file/);
    const noSlot = Buffer.from(after);
    noSlot[16] ^= 1;
    noSlot[56] ^= 1;
    expect(refusal(noSlot).message).toMatch(/neither commit slot is valid/);
  });

  it('a blob named by an offset outside the earlier segments’ blobs: an InputError at that blob', () => {
    const { segments, commit } = walkSegments(after, 'after');
    const last = segments[1];
    const headerLength = after.readUInt32LE(last.start + 8);
    const header = JSON.parse(after.subarray(last.start + 32, last.start + 32 + headerLength).toString()) as {
      blobAt: number[];
    };
    const named = header.blobAt.findIndex((at) => at >= 0);
    // the offset of the first segment's own header: inside the file, not inside its blobs
    header.blobAt[named] = segments[0].start + 40;
    const text = Buffer.from(JSON.stringify(header));
    const rest = after.subarray(last.start + 32 + headerLength, last.blobsEnd);
    const fixed = Buffer.from(after.subarray(last.start, last.start + 32));
    const length = 32 + text.length + rest.length + 16;
    fixed.writeUInt32LE(text.length, 8);
    fixed.writeBigUInt64LE(BigInt(length), 16);
    fixed.writeBigUInt64LE(BigInt(last.blobsStart - last.start + text.length - headerLength), 24);
    const body = Buffer.concat([fixed, text, rest]);
    const checksum = xxh64(body);
    const trailer = Buffer.from(after.subarray(last.blobsEnd));
    trailer.writeBigUInt64LE(checksum, 0);
    const crafted = Buffer.concat([after.subarray(0, last.start), body, trailer]);
    slotBytes({ sequence: commit.sequence, offset: last.start, length, checksum }).copy(
      crafted,
      16 + commit.slot * SLOT_BYTES,
    );
    const error = refusal(crafted);
    expect(error.problems[0].where).toBe(`header /blobAt/${named}`);
    expect(error.message).toMatch(/not inside an earlier segment's blobs/);
  });

  it('a save writes format 8, and the appended file is the one on disk', () => {
    expect(before.readUInt32LE(8)).toBe(8);
    expect(statSync(join(folder, 'm.svcimg')).size).toBe(after.length);
  });
});
