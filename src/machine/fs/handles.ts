import type { Access, Entry, FileHandle } from '../../image/index.js';
import type { WriteOptions } from '../../ops/index.js';
import type { DriveImage } from './drive-image.js';
import { WinError } from '../../errors/index.js';
import { ImageFsError, notSupported, translate } from './errors.js';
import type { OpenFlags } from './flags.js';
import { literalPath } from '../../path/index.js';
import { coreOf } from '../core-access.js';

/** One open file descriptor: an image handle with its flags and position. */
export interface OpenFile {
  readonly fd: number;
  /** The path as the caller gave it, for error messages. */
  readonly given: string;
  /** The full Windows path it was opened at. */
  readonly full: string;
  readonly flags: OpenFlags;
  readonly isDirectory: boolean;
  /** The entry the handle is on: it follows the file through renames. */
  readonly entry: Entry;
  position: number;
  handle: FileHandle;
}

/** File descriptors of one fs: each holds a real image handle, so share modes apply to others. */
export class FdTable {
  private readonly files = new Map<number, OpenFile>();
  private nextFd = 3;

  constructor(
    private readonly image: DriveImage,
    private readonly share: Access[],
    private readonly process: string | number | undefined,
  ) {}

  /** Opens an existing file or folder at `full` with the flags' access (no creation here). */
  open(given: string, full: string, flags: OpenFlags, isDirectory: boolean): OpenFile {
    const handle = this.acquire(given, full, flags);
    const entry = coreOf(this.image).find(literalPath(handle.path))!;
    const file: OpenFile = { fd: this.nextFd++, given, full, flags, isDirectory, entry, position: 0, handle };
    this.files.set(file.fd, file);
    return file;
  }

  /** The open file of a descriptor; EBADF when it is not open. */
  get(fd: unknown, syscall: string): OpenFile {
    const file = typeof fd === 'number' ? this.files.get(fd) : undefined;
    if (!file) throw new ImageFsError('EBADF', syscall);
    return file;
  }

  close(fd: unknown): void {
    const file = this.get(fd, 'close');
    this.files.delete(file.fd);
    try {
      file.handle.close();
    } catch (error) {
      // Deleting a file the fs holds (Node shares delete) ends the engine's handle with it.
      if (!(error instanceof WinError && error.code === 'ERROR_INVALID_HANDLE')) throw error;
    }
  }

  /**
   * Where an open file is now (Node shares delete, so it may have been renamed). A file deleted
   * while open is refused: Windows would write to it until the last close, then drop it.
   */
  pathOf(file: OpenFile): string {
    const core = coreOf(this.image);
    let path: string | undefined;
    try {
      path = literalPath(core.pathOf(file.entry));
    } catch {
      path = undefined;
    }
    if (path === undefined || core.find(path) !== file.entry)
      throw notSupported('a descriptor of a file deleted while open');
    return path;
  }

  /** Closes every open descriptor; returns how many there were. */
  closeAll(): number {
    const count = this.files.size;
    for (const fd of [...this.files.keys()]) this.close(fd);
    return count;
  }

  /** How many descriptors are open. */
  get size(): number {
    return this.files.size;
  }

  /**
   * Replaces a file's content through the door while this fs's own descriptors on it step aside:
   * their share mode lets them all write, but the door's CreateFile checks share with read only.
   * It writes through an open descriptor, not CREATE_ALWAYS: the file keeps its attributes, so a
   * hidden or system file is not refused (N4 is for overwrites by CreateFile).
   */
  replaceContent(file: OpenFile, data: Uint8Array, options: WriteOptions = {}): void {
    const path = this.pathOf(file);
    options = { attributes: this.image.stat(path).attributes, ...options };
    const mine = [...this.files.values()].filter((f) => f.entry === file.entry);
    // a delete-pending file (N3) stays pending, not deleted, while its descriptors step aside
    const pending = file.entry.deletePending;
    file.entry.deletePending = false;
    for (const f of mine) f.handle.close();
    try {
      translate('write', file.given, () => this.image.writeFile(path, data, options));
    } finally {
      for (const f of mine) f.handle = this.acquire(f.given, path, f.flags);
      file.entry.deletePending = pending;
    }
  }

  private acquire(given: string, full: string, flags: OpenFlags): FileHandle {
    const access: Access[] = [];
    if (flags.read || !flags.write) access.push('read');
    if (flags.write) access.push('write');
    return translate('open', given, () =>
      this.image.open(full, { access, share: this.share, process: this.process }),
    );
  }
}
