/** An image file's parts go to the system in writes it can count: at most 1,024 parts and 1 GiB each. */
import type { FileHandle } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MAX_WRITE, batchesOf, writeHashed } from '../../src/image/format-write.js';
import { MAX_FILE_IN_MEMORY } from '../../src/image/read-shared.js';
import { WinError } from '../../src/index.js';

describe('batchesOf', () => {
  it('cuts a part of more than 1 GiB into pieces, keeping every byte in order at its offset', () => {
    // never touched: the system gives these buffers pages only when written to
    const huge = Buffer.allocUnsafeSlow(2 ** 31 + 5);
    const parts = [Buffer.alloc(100), huge, Buffer.alloc(10)];
    const batches = batchesOf(parts, 16);
    expect(batches.every(({ length }) => length <= MAX_WRITE)).toBe(true);
    let at = 16;
    const pieces: Buffer[] = [];
    for (const batch of batches) {
      expect(batch.at).toBe(at);
      expect(batch.length).toBe(batch.batch.reduce((sum, part) => sum + part.byteLength, 0));
      at += batch.length;
      pieces.push(...batch.batch);
    }
    expect(at - 16).toBe(100 + 2 ** 31 + 5 + 10);
    const ofHuge = pieces.filter((piece) => piece.buffer === huge.buffer);
    expect(ofHuge.map((piece) => piece.byteOffset)).toEqual([0, MAX_WRITE - 100, 2 * MAX_WRITE - 100]);
    expect(ofHuge.reduce((sum, piece) => sum + piece.byteLength, 0)).toBe(2 ** 31 + 5);
  });

  it('puts at most 1,024 parts in a batch', () => {
    const parts = Array.from({ length: 2500 }, () => Buffer.alloc(3));
    expect(batchesOf(parts, 0).map(({ batch }) => batch.length)).toEqual([1024, 1024, 452]);
  });
});

describe('writeHashed', () => {
  it('stops at a write count it cannot believe instead of writing on', async () => {
    let writes = 0;
    const handle = {
      fd: -1,
      writev: async () => {
        writes++;
        // what node 20 reports for a write of 2,200,000,000 bytes
        return { bytesWritten: -2_094_967_296, buffers: [] };
      },
      write: async () => ({ bytesWritten: 16, buffer: Buffer.alloc(0) }),
      datasync: async () => undefined,
    } as unknown as FileHandle;
    await expect(writeHashed(handle, [Buffer.alloc(64)], 0)).rejects.toThrow(
      'wrote 0 of 64 bytes, then a write reported -2094967296',
    );
    expect(writes).toBe(1);
  });

  it('refuses, before writing anything, a file a load could not read back', async () => {
    let writes = 0;
    const handle = {
      fd: -1,
      writev: async () => ({ bytesWritten: 64, buffers: [writes++] }),
      write: async () => ({ bytesWritten: 16, buffer: Buffer.alloc(0) }),
      datasync: async () => undefined,
    } as unknown as FileHandle;
    const written = writeHashed(handle, [Buffer.alloc(64)], MAX_FILE_IN_MEMORY - 70);
    await expect(written).rejects.toBeInstanceOf(WinError);
    await expect(written).rejects.toThrow(
      `ERROR_FILE_TOO_LARGE (223): the image file would be ${MAX_FILE_IN_MEMORY + 10} bytes`,
    );
    expect(writes).toBe(0);
  });
});
