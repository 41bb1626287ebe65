/**
 * Saving an image to another path at the cost of an append: when the image's own file (the one it
 * was loaded from or last saved to) is provably unchanged, the kernel copies it to the temporary
 * file a whole save would write (`copyFile`: a reflink where the file system has them, else
 * copy_file_range, with no pass through this process's memory) while this thread encodes the
 * segment an append to the own file would write; the segment is appended to the copy, and the copy
 * is flushed and renamed over the target.
 *
 * The own file is only read. The copy counts only if the own file is the same file, unchanged,
 * after the copy (device, inode, size, modification time) and the copy has its size and commit; any
 * doubt or failure removes the temporary file and the save is whole instead. Nobody sees the copy
 * before the rename, so one flush covers the copy, the segment and its commit slot: a crash at any
 * point leaves the target as it was or the new image.
 */
import { constants, type BigIntStats } from 'node:fs';
import { copyFile, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { SLOT_BYTES, slotBytes, type Commit } from './format-layout.js';
import {
  holdsCommit,
  ownFileOf,
  planAppend,
  rememberAppended,
  sameIdentity,
  writeSegment,
  type AppendPlan,
  type ImageFile,
} from './format-append.js';
import type { ImageCore } from './image-core.js';
import { releaseBeforeRename } from './lazy-file.js';
import { claimInProcess, saveTempFile } from './stale-temp.js';

/**
 * Saves the image to `target` (an absolute path that is not its own file) as a copy of its own file
 * with a segment appended. Returns the bytes this process wrote (the segment and its commit slot;
 * the copied bytes are the kernel's), or undefined when the save must be whole instead.
 */
export async function appendToCopyOfOwnFile(image: ImageCore, target: string): Promise<number | undefined> {
  const own = ownFileOf(image);
  if (!own || own.path === target) return undefined;
  // an append to the own file, or another copy of it, in parallel would record its blobs in `own`
  const release = claimInProcess(own.path);
  if (!release) return undefined;
  try {
    return await saveCopy(image, own, target);
  } finally {
    release();
  }
}

async function saveCopy(image: ImageCore, own: ImageFile, target: string): Promise<number | undefined> {
  if (!sameIdentity(await stat(own.path, { bigint: true }).catch(() => undefined), own.identity))
    return undefined;
  const temp = saveTempFile(target);
  // a name taken already (another save of this process, this millisecond) is not this save's to remove
  const handle = await open(temp, 'wx+').catch(() => undefined);
  if (!handle) return undefined;
  const saved = await copyAppendRename(image, own, { handle, temp, target }).catch(() => undefined);
  if (!saved) {
    await unlink(temp).catch(() => undefined);
    return undefined;
  }
  rememberAppended(image, own, {
    path: target,
    identity: saved.identity,
    plan: saved.plan,
    next: saved.next,
  });
  return saved.written;
}

/** Copies and appends into the open temporary file, closes it, and renames it over the target if it counts. */
async function copyAppendRename(
  image: ImageCore,
  own: ImageFile,
  { handle, temp, target }: { handle: FileHandle; temp: string; target: string },
): Promise<CopySaved | undefined> {
  let saved: CopySaved | undefined;
  try {
    saved = await copyAndAppend(image, own, handle, temp);
  } finally {
    await handle.close();
  }
  if (saved) {
    releaseBeforeRename(target);
    await rename(temp, target);
  }
  return saved;
}

interface CopySaved {
  written: number;
  identity: BigIntStats;
  plan: AppendPlan;
  next: Commit;
}

/**
 * Copies the own file into the open, empty temporary file `temp` while this thread encodes the
 * segment, checks the copy, appends the segment and its commit, and flushes. Undefined when the
 * copy cannot be trusted or the append would be outweighed by dead bytes.
 */
async function copyAndAppend(
  image: ImageCore,
  own: ImageFile,
  handle: FileHandle,
  temp: string,
): Promise<CopySaved | undefined> {
  // the mode a whole save's new file gets (the copy would take the own file's, read-only maybe)
  const mode = (await handle.stat()).mode & 0o7777;
  const copying = copyFile(own.path, temp, constants.COPYFILE_FICLONE).then(
    () => true,
    () => false,
  );
  let plan: AppendPlan | undefined;
  try {
    plan = planAppend(image, own);
  } finally {
    if (!(await copying)) plan = undefined;
  }
  if (!plan) return undefined;
  const source = await stat(own.path, { bigint: true });
  const copy = await handle.stat({ bigint: true });
  if (!sameIdentity(source, own.identity) || copy.size !== own.identity.size) return undefined;
  if (!(await holdsCommit(handle, own.commit))) return undefined;
  if ((Number(copy.mode) & 0o7777) !== mode) await handle.chmod(mode);
  const { written, next } = await writeSegment(handle, own, plan, copy.size);
  await handle.write(slotBytes(next), 0, SLOT_BYTES, 16 + next.slot * SLOT_BYTES);
  await handle.sync();
  return { written: written + SLOT_BYTES, plan, identity: await handle.stat({ bigint: true }), next };
}
