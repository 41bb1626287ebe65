import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { writeHashed } from '../../src/image/format-write.js';
import { TRAILER_BYTES, trailerOf } from '../../src/image/format-layout.js';
import { xxh64 } from '../../src/image/index.js';

const dir = mkdtempSync(join(tmpdir(), 'svcpack-write-hashed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pseudoRandom(size: number, seed: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  let state = seed >>> 0;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

/** Parts of uneven sizes, every third one a view of `loaded` (as a loaded image's contents are). */
function partsOf(count: number, loaded: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const size = (i * 7919) % 30_011;
    if (i % 3 === 0 && at + size <= loaded.byteLength) {
      parts.push(loaded.subarray(at, at + size));
      at += size;
    } else parts.push(pseudoRandom(size, i));
  }
  return parts;
}

describe('writeHashed: several writes in flight, flushes started early', () => {
  test('the file holds every part in order after what it held, then the checksum of the parts', async () => {
    const loaded = pseudoRandom(16 * 1024 * 1024, 3);
    // over 5,000 parts: five batches, more than the writes in flight, and more than 32 MiB (an early flush)
    const parts = partsOf(5_300, loaded);
    const whole = Buffer.concat(parts);
    expect(whole.byteLength).toBeGreaterThan(40 * 1024 * 1024);
    for (const withLoaded of [false, true]) {
      const file = join(dir, `parts-${withLoaded}.bin`);
      const head = Buffer.from('head of the file');
      writeFileSync(file, head);
      const handle = await open(file, 'r+');
      const { checksum, written } = await writeHashed(
        handle,
        parts,
        head.byteLength,
        withLoaded ? loaded.buffer : undefined,
      );
      await handle.close();
      expect(checksum).toBe(xxh64(whole));
      expect(written).toBe(whole.byteLength + TRAILER_BYTES);
      expect(readFileSync(file).equals(Buffer.concat([head, whole, trailerOf(checksum)]))).toBe(true);
    }
  });

  test('a write the system refuses rejects the save, with nothing left running on the handle', async () => {
    const file = join(dir, 'read-only.bin');
    writeFileSync(file, '');
    const handle = await open(file, 'r');
    const parts = partsOf(3_000, Buffer.alloc(0));
    await expect(writeHashed(handle, parts, 0)).rejects.toMatchObject({ code: 'EBADF' });
    await handle.close();
    expect(readFileSync(file).byteLength).toBe(0);
  });
});

/**
 * A handle on a disk with `capacity` bytes left past `from`: a write that does not fit is short
 * (as the system's is), and one when nothing is left fails with ENOSPC. `slice` also cuts every
 * write to that many bytes (a system may write less than asked at any time).
 */
function limitedHandle(handle: FileHandle, from: number, capacity: number, slice = Infinity): FileHandle {
  let left = capacity;
  const writev = async (buffers: Buffer[], position: number) => {
    if (left === 0)
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
        code: 'ENOSPC',
        errno: -28,
        syscall: 'write',
      });
    const chunk = Buffer.concat(buffers).subarray(0, Math.min(left, slice));
    const { bytesWritten } = await handle.write(chunk, 0, chunk.byteLength, position);
    if (position >= from) left -= bytesWritten;
    return { bytesWritten, buffers };
  };
  return new Proxy(handle, {
    get: (target, name) => {
      if (name === 'writev') return writev;
      const value: unknown = Reflect.get(target, name);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}

describe('writeHashed: writes the system cuts short', () => {
  test('are continued: the file holds every part, as with whole writes', async () => {
    const parts = partsOf(3_000, pseudoRandom(1 << 20, 5));
    const whole = Buffer.concat(parts);
    const file = join(dir, 'short.bin');
    writeFileSync(file, '');
    const handle = await open(file, 'r+');
    const { checksum } = await writeHashed(limitedHandle(handle, 0, Infinity, 100_000), parts, 0);
    await handle.close();
    expect(checksum).toBe(xxh64(whole));
    expect(readFileSync(file).subarray(0, whole.byteLength).equals(whole)).toBe(true);
  });

  test("a full disk fails with the system's ENOSPC, not a count of bytes", async () => {
    const parts = partsOf(3_000, pseudoRandom(1 << 20, 6));
    const file = join(dir, 'full.bin');
    writeFileSync(file, '');
    const handle = await open(file, 'r+');
    const saving = writeHashed(limitedHandle(handle, 0, 1_000_000), parts, 0);
    await expect(saving).rejects.toMatchObject({ code: 'ENOSPC' });
    await handle.close();
  });
});
