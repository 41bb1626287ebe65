/**
 * `image.fs(letter)`: a Node `fs` for one drive of an image. Reads go to the image; every change
 * goes through WinImage's public write methods (the door), so Windows' rules, the operation log
 * and File Protection apply to code under test exactly as to the engine.
 */
import * as nodeFs from 'node:fs';
import type { Entry } from '../../image/index.js';
import type { DriveImage } from './drive-image.js';
import { callbackCalls } from './callback.js';
import { resolve, type FsContext, type ImageFsOptions } from './context.js';
import { ImageDir } from './dir.js';
import { FdTable } from './handles.js';
import { promiseCalls } from './promises.js';
import { ImageDirent, ImageStats } from './stats.js';
import { streamClasses } from './streams.js';
import { descriptorCalls } from './sync-fd.js';
import { fileCalls } from './sync-files.js';
import { folderCalls } from './sync-dirs.js';
import { statCalls } from './sync-stat.js';
import type { ImageFs } from './types.js';
import { unsupportedCalls } from './unsupported.js';
import { coreOf } from '../core-access.js';

export { ImageFsError } from './errors.js';
export { ImageDirent, ImageStats } from './stats.js';
export { ImageDir } from './dir.js';
export type { ImageFs } from './types.js';
export type { ImageFsOptions } from './context.js';

const inodes = new WeakMap<Entry, number>();
let nextInode = 1;
const made = new WeakMap<DriveImage, Map<string, ImageFs>>();

function inodeOf(image: DriveImage, full: string): number {
  const entry = coreOf(image).find(full);
  if (!entry) return 0;
  let ino = inodes.get(entry);
  if (ino === undefined) inodes.set(entry, (ino = nextInode++));
  return ino;
}

function build(image: DriveImage, drive: string, options: ImageFsOptions): ImageFs {
  const share = options.share ?? ['read', 'write', 'delete'];
  const ctx: FsContext = {
    image,
    drive,
    share,
    process: options.process,
    fds: new FdTable(image, share, options.process),
    ino: (full) => inodeOf(image, full),
    tempNames: 0,
  };
  const sync: Record<string, (...args: any[]) => any> = {
    ...fileCalls(ctx),
    ...folderCalls(ctx),
    ...statCalls(ctx),
    ...descriptorCalls(ctx),
  };
  const fs: Record<string, unknown> = { ...sync, ...callbackCalls(sync), ...unsupportedCalls.sync };
  Object.assign(fs, streamClasses(fs));
  const { constants } = nodeFs;
  const { F_OK, R_OK, W_OK, X_OK } = constants;
  fs.promises = { ...promiseCalls(sync), ...unsupportedCalls.promises, constants };
  Object.assign(fs, {
    F_OK,
    R_OK,
    W_OK,
    X_OK,
    constants,
    Stats: ImageStats,
    Dirent: ImageDirent,
    Dir: ImageDir,
  });
  Object.assign(fs, {
    drive,
    toWindowsPath: (path: string) => resolve(ctx, path, 'open').full,
    openDescriptors: () => ctx.fds.size,
    closeAll: () => ctx.fds.closeAll(),
  });
  return fs as unknown as ImageFs;
}

/** The names an image fs has (for modules that forward to one, such as a `vi.mock` of `node:fs`). */
export function imageFsNames(): { calls: string[]; promises: string[]; sample: Record<string, unknown> } {
  const sample = build(
    { core: { find: () => undefined } } as unknown as DriveImage,
    'C',
    {},
  ) as unknown as Record<string, unknown>;
  const promises = Object.keys(sample.promises as object);
  return { calls: Object.keys(sample).filter((name) => name !== 'promises'), promises, sample };
}

/** The fs of a drive; the same object each time for the same image, drive and options. */
export function imageFs(image: DriveImage, drive: string, options: ImageFsOptions = {}): ImageFs {
  const key = `${drive}|${JSON.stringify(options)}`;
  let forImage = made.get(image);
  if (!forImage) made.set(image, (forImage = new Map()));
  let fs = forImage.get(key);
  if (!fs) forImage.set(key, (fs = build(image, drive, options)));
  return fs;
}
