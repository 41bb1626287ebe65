import type { Access } from '../../image/index.js';
import type { DriveImage } from './drive-image.js';
import { pathString, resolveOnDrive } from './paths.js';
import type { FdTable } from './handles.js';

/** Options of `image.fs(letter, options)`. */
export interface ImageFsOptions {
  /**
   * The share mode of the handles the fs opens. Node on Windows shares read, write and delete
   * (the default); `['read']` acts like a program that lets others only read while it holds a file.
   */
  share?: Access[];
  /** The process that holds the handles (a name or pid); defaults to the harness process. */
  process?: string | number;
}

/** What every part of one drive's fs works with. */
export interface FsContext {
  readonly image: DriveImage;
  readonly drive: string;
  readonly share: Access[];
  readonly process: string | number | undefined;
  readonly fds: FdTable;
  /** A stable inode number for the entry at a full path (0 when it does not exist). */
  ino(full: string): number;
  /** How many temporary names `mkdtemp` has tried (its names are deterministic, like the image). */
  tempNames: number;
}

/** A caller's path: as given (for error messages) and as a full Windows path on the drive. */
export interface ResolvedPath {
  given: string;
  full: string;
}

export function resolve(ctx: FsContext, path: unknown, syscall: string, name = 'path'): ResolvedPath {
  const given = pathString(path, name);
  return { given, full: resolveOnDrive(ctx.drive, given, syscall) };
}
