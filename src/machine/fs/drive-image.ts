import type { FileHandle, FileStat, OpenOptions } from '../../image/index.js';
import type { WriteOptions } from '../../ops/index.js';

/**
 * What a drive's fs needs from the image it serves: `WinImage`'s door for changes and its reads.
 * Named by shape, so the fs does not import `WinImage` back (it is built by it); its core is found
 * with `coreOf`.
 */
export interface DriveImage {
  writeFile(path: string, data: Uint8Array | string, options?: WriteOptions): void;
  readFile(path: string): Buffer;
  stat(path: string): FileStat;
  exists(path: string): boolean;
  readdir(path: string): string[];
  setAttributes(path: string, attributes: readonly string[]): void;
  mkdir(path: string, options?: { recursive?: boolean }): void;
  deleteFile(path: string): void;
  removeDirectory(path: string): void;
  removeTree(path: string): number;
  copyFile(from: string, to: string, failIfExists?: boolean): void;
  moveFileEx(from: string, to: string | null, flags?: number): void;
  open(path: string, options: OpenOptions): FileHandle;
}
