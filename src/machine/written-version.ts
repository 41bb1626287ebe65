/**
 * The version a program's write gives a file. Windows keeps no version apart from a file's bytes:
 * GetFileVersionInfo reads the version resource in them. So a write that names no version gives the
 * file the one its new bytes hold, or none (writing a real DLL over an image's file through
 * `image.fs` must not leave the old file's version behind for the next install to compare with).
 */
import type { ImageCore } from '../image/index.js';
import { readPeVersion } from '../host/index.js';

/**
 * The version to record for `data` written to `path` when the caller named none: the bytes' own
 * (null: none), or undefined (keep the file's) when the file already holds exactly these bytes,
 * as a time change through `fs.utimes` writes them: the files an image is generated with have
 * recorded versions that their bytes do not hold.
 */
export function versionOfWrittenBytes(
  core: ImageCore,
  path: string,
  data: Uint8Array,
): string | null | undefined {
  const existing = findQuietly(core, path);
  if (existing && !existing.isDir && Buffer.from(data).equals(core.content(existing))) return undefined;
  return readPeVersion(data) ?? null;
}

/** The entry at `path`, or undefined (also for a path the write itself will refuse, with its error). */
function findQuietly(core: ImageCore, path: string): ReturnType<ImageCore['find']> {
  try {
    return core.find(path);
  } catch {
    return undefined;
  }
}
