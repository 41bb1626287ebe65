/**
 * An image file loaded lazily (`WinImage.load(file, { lazy: true })`): the load reads and checks the
 * whole file as an eager load does (every checksum, in small windows), but keeps only the bytes
 * before the blobs. The contents stay views of one buffer the size of the file that nothing has
 * touched (the system backs its pages when first written), each filled from the file, which stays
 * open, the first time it is read. A view keeps its memory and offset, so a save finds it in the
 * file as it finds an eager load's (format-append.ts) and writes none of the bytes it never read.
 *
 * What a lazy image has not read lies only in the file: a later read of a file that changed on disk
 * since (another program wrote it in place) is refused with an InputError instead of giving other
 * bytes. svcpack's own saves never change the bytes a view names: an append writes past them, and a
 * whole save renames a new file over the path (the open file keeps the old one's bytes; a whole
 * save of the lazy image itself reads every content first, as it writes them all).
 */
import type { BigIntStats } from 'node:fs';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../errors/index.js';
import { MAX_READ } from './read-shared.js';

const lazyFiles = new WeakMap<ArrayBufferLike, LazyFile>();
const closeWhenCollected = new FinalizationRegistry<LazyFile>((lazy) => lazy.close());

/**
 * The most lazily loaded files held open at once. Past it, the file used least recently is closed
 * and opened again by its path when next read, if it is still the same file (a harness that loads
 * an image per test would otherwise hold a descriptor per image until the collector ran).
 */
export const MAX_OPEN_LAZY_FILES = 64;
/** The lazily loaded files held open, least recently used first. */
const held = new Set<LazyFile>();

/** The file behind one lazily loaded buffer, and which of its views are filled. */
export class LazyFile {
  /** Per view start in the buffer, how many bytes from there are filled. */
  private readonly filled = new Map<number, number>();

  private constructor(
    readonly path: string,
    private fd: number | undefined,
    private readonly identity: FileState,
  ) {}

  /**
   * Makes `bytes` (file offset i at `bytes[i]`, nothing past what the load read filled) a lazily
   * loaded buffer: its views are filled from `fd` (the file at `path`), which it owns from now on
   * (closed once the buffer is collected). Returns what undoes it and closes `fd` at once (a load
   * that failed).
   */
  static adopt(bytes: Buffer, path: string, fd: number, identity: BigIntStats): () => void {
    // a view of shared memory (a pool slab) would make other buffers' reads fill from this file
    if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength)
      throw new Error('LazyFile.adopt: the buffer must be the whole of its memory');
    const lazy = new LazyFile(path, fd, identity);
    const memory = bytes.buffer;
    const token = {};
    lazyFiles.set(memory, lazy);
    closeWhenCollected.register(memory, lazy, token);
    lazy.hold();
    return () => {
      lazyFiles.delete(memory);
      closeWhenCollected.unregister(token);
      lazy.close();
    };
  }

  /** Fills `view` (a view of this buffer) from the file if it is not filled yet. */
  fill(view: Uint8Array): void {
    const start = view.byteOffset;
    const length = view.byteLength;
    if ((this.filled.get(start) ?? -1) >= length) return;
    const fd = this.descriptor();
    // the buffer is the file's own memory (adopt): a view's offset is its place in the file
    this.checkUnchanged(fd, start + length);
    for (let done = 0; done < length;) {
      const read = readSync(fd, view, done, Math.min(MAX_READ, length - done), start + done);
      if (read === 0) throw this.changed(`it ended at byte ${start + done}`);
      done += read;
    }
    this.filled.set(start, length);
  }

  /** Closes the file (it is opened again by its path if a view is read later). */
  close(): void {
    held.delete(this);
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    try {
      closeSync(fd);
    } catch {
      // already closed (the process is ending)
    }
  }

  /** The open file, opened again by its path if it was closed: the same file (device, inode) or refused. */
  private descriptor(): number {
    if (this.fd === undefined) {
      let fd: number;
      try {
        fd = openSync(this.path, 'r');
      } catch (error) {
        throw this.changed(`it cannot be opened again: ${(error as Error).message}`);
      }
      const now = fstatSync(fd, { bigint: true });
      if (now.dev !== this.identity.dev || now.ino !== this.identity.ino) {
        closeSync(fd);
        throw this.changed('another file has taken its name');
      }
      this.fd = fd;
    }
    this.hold();
    return this.fd;
  }

  /** Marks it used last, closing the file used least recently past the limit. */
  private hold(): void {
    held.delete(this);
    held.add(this);
    if (held.size > MAX_OPEN_LAZY_FILES) held.values().next().value!.close();
  }

  private checkUnchanged(fd: number, end: number): void {
    const now = fstatSync(fd, { bigint: true });
    if (now.size < BigInt(end)) throw this.changed(`it is ${now.size} bytes, and byte ${end - 1} was wanted`);
    const own = ownAppends.get(fileKey(now));
    if (own && own.inFlight > 0) return;
    if (!sameState(now, this.identity) && !(own?.last && sameState(now, own.last)))
      throw this.changed('its size or modification time moved');
  }

  private changed(how: string): InputError {
    return new InputError(
      this.path,
      `the image file changed on disk since it was loaded lazily (${how}): its unread contents are gone`,
      'file',
    );
  }
}

type FileState = Pick<BigIntStats, 'dev' | 'ino' | 'size' | 'mtimeNs'>;

/**
 * svcpack's own appends in this process, per file (device and inode): how many are writing now,
 * and the file as the last one left it. They move the file's size and times, never the bytes a
 * lazy image's views name, so a lazy image of that file still reads it (any image, not only the one
 * that saved).
 */
const ownAppends = new Map<string, { inFlight: number; last?: FileState }>();

const fileKey = (file: Pick<BigIntStats, 'dev' | 'ino'>): string => `${file.dev}:${file.ino}`;

function sameState(a: FileState, b: FileState): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs;
}

/**
 * Runs svcpack's own append to the open file `file` (as `fstat` gave it before): `write` resolves
 * to the file's state after it.
 */
export async function ownAppend<T extends { identity: FileState }>(
  file: Pick<BigIntStats, 'dev' | 'ino'>,
  write: () => Promise<T>,
): Promise<T> {
  const key = fileKey(file);
  const own = ownAppends.get(key) ?? { inFlight: 0 };
  ownAppends.set(key, own);
  own.inFlight++;
  try {
    const done = await write();
    own.last = done.identity;
    return done;
  } finally {
    own.inFlight--;
  }
}

/**
 * Before a save renames a new file over `path`: on Windows, where a file held open cannot be
 * replaced, closes the lazily loaded files of that path (a content read later opens the path again
 * and is refused, another file having taken its name). Elsewhere the open file keeps its bytes.
 */
export function releaseBeforeRename(path: string, platform: string = process.platform): void {
  if (platform !== 'win32') return;
  for (const lazy of [...held]) if (lazy.path === path) lazy.close();
}

/** `data`, filled from its file first if it is an unread view of a lazily loaded file. */
export function filled<T extends Uint8Array>(data: T): T {
  lazyFiles.get(data.buffer)?.fill(data);
  return data;
}
