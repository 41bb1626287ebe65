/**
 * The door with Windows' rules: each function checks what Win32 checks (share modes, mapped
 * images, read-only files and media, existence) and then applies primitive operations.
 */
import { WinError } from '../errors/index.js';
import {
  ACCESS_BITS,
  FILE_ATTRIBUTE,
  attributeBits,
  fileVersionProblem,
  isSameOrAncestor,
  walkEntries,
  type Entry,
  ImageCore,
} from '../image/index.js';
import { literalPath } from '../path/index.js';
import { applyOp } from './apply.js';
import { checkReplaceable, locateTarget } from './rename-rules.js';

/** MoveFileEx flags, as Win32 numbers them. */
export const MOVEFILE = {
  REPLACE_EXISTING: 0x1,
  COPY_ALLOWED: 0x2,
  DELAY_UNTIL_REBOOT: 0x4,
  WRITE_THROUGH: 0x8,
  CREATE_HARDLINK: 0x10,
  FAIL_IF_NOT_TRACKABLE: 0x20,
} as const;

const ALL_MOVE_FLAGS = 0x3f;

/** Options of `writeFile`. */
export interface WriteOptions {
  version?: string | null;
  attributes?: readonly string[];
  created?: number;
  modified?: number;
}

/** Refuses every change while the machine is off. */
export function ensurePowered(image: ImageCore, path?: string): void {
  if (image.poweredOff) throw new WinError('ERROR_NOT_READY', path, 'the machine is off: reboot it');
}

function ensureWritableMedia(image: ImageCore, entryOrVolumeOwner: Entry, path: string): void {
  if (image.volumeOf(entryOrVolumeOwner).type === 'cdrom') throw new WinError('ERROR_WRITE_PROTECT', path);
}

const HIDDEN_OR_SYSTEM = FILE_ATTRIBUTE.hidden | FILE_ATTRIBUTE.system;

/** CopyFile reads its source sharing reads and writes: another handle writing to it does not stop the copy. */
const COPY_SOURCE_SHARE = ACCESS_BITS.read | ACCESS_BITS.write;

/**
 * What CreateFile(CREATE_ALWAYS) refuses on an existing file. `asked` are the attributes the
 * caller gives the file: a hidden or system file is overwritten only by a caller asking for those
 * attributes (N4).
 */
function checkWritable(image: ImageCore, entry: Entry, path: string, asked = 0): void {
  if (entry.isDir) throw new WinError('ERROR_ACCESS_DENIED', path, 'it is a folder');
  if (entry.attributes & FILE_ATTRIBUTE.readonly)
    throw new WinError('ERROR_ACCESS_DENIED', path, 'the file is read-only');
  if (entry.deletePending) throw new WinError('ERROR_ACCESS_DENIED', path, 'the file is delete-pending');
  const missing = entry.attributes & HIDDEN_OR_SYSTEM & ~asked;
  if (missing) {
    const which = missing & FILE_ATTRIBUTE.hidden ? 'hidden' : 'system';
    throw new WinError(
      'ERROR_ACCESS_DENIED',
      path,
      `the file is ${which}: overwrite it asking for that attribute`,
    );
  }
  if (entry.mappedBy > 0) throw new WinError('ERROR_SHARING_VIOLATION', path, 'the file is a loaded image');
  image.checkShare(entry, ACCESS_BITS.write, ACCESS_BITS.read, path);
}

/**
 * A path ending in a separator names a folder: as a file, existing or to be created, it is
 * ERROR_INVALID_NAME (Wine ntdll/tests/path.c:661, ntdll/tests/file.c:4776-4781).
 */
function refuseFileWithTrailingSeparator(path: string, entry: Entry | undefined): void {
  if (entry?.isDir || !endsWithSeparator(path)) return;
  throw new WinError('ERROR_INVALID_NAME', path, 'a path ending in a separator names a folder, not a file');
}

function endsWithSeparator(path: string): boolean {
  const last = path.charCodeAt(path.length - 1);
  return last === 0x5c || last === 0x2f;
}

/** Reading or opening an existing file named with a trailing separator; a missing name stays missing. */
export function refuseOpenWithTrailingSeparator(image: ImageCore, path: string): void {
  if (!endsWithSeparator(path)) return;
  const entry = image.find(path);
  if (entry) refuseFileWithTrailingSeparator(path, entry);
}

/** What DeleteFile refuses. */
function checkDeletable(image: ImageCore, entry: Entry, path: string): void {
  if (entry.isDir) throw new WinError('ERROR_ACCESS_DENIED', path, 'it is a folder: use RemoveDirectory');
  if (entry.attributes & FILE_ATTRIBUTE.readonly)
    throw new WinError('ERROR_ACCESS_DENIED', path, 'the file is read-only');
  if (entry.mappedBy > 0) throw new WinError('ERROR_ACCESS_DENIED', path, 'the file is a loaded image');
  image.checkShare(
    entry,
    ACCESS_BITS.delete,
    ACCESS_BITS.read | ACCESS_BITS.write | ACCESS_BITS.delete,
    path,
  );
}

/** What renaming an entry away needs: delete access on it (a mapped image may be renamed). */
function checkMovable(image: ImageCore, entry: Entry, path: string): void {
  if (!entry.parent) throw new WinError('ERROR_ACCESS_DENIED', path, 'a volume root cannot move');
  image.checkShare(
    entry,
    ACCESS_BITS.delete,
    ACCESS_BITS.read | ACCESS_BITS.write | ACCESS_BITS.delete,
    path,
  );
  if (entry.isDir) {
    for (const inner of walkEntries(entry)) {
      if (inner !== entry && (inner.mappedBy > 0 || inner.handles)) {
        throw new WinError('ERROR_ACCESS_DENIED', path, `'${image.pathOf(inner)}' is in use`);
      }
    }
  }
}

/** CreateFile(CREATE_ALWAYS) + WriteFile: creates or replaces a file's content. */
export function writeFile(
  image: ImageCore,
  path: string,
  data: Uint8Array,
  options: WriteOptions = {},
): void {
  ensurePowered(image, path);
  const versionProblem = fileVersionProblem(options.version);
  if (versionProblem) throw new WinError('ERROR_INVALID_PARAMETER', path, versionProblem);
  const loc = image.locate(path);
  if (!loc.parent) throw new WinError('ERROR_ACCESS_DENIED', path, 'a volume root is not a file');
  refuseFileWithTrailingSeparator(path, loc.entry);
  ensureWritableMedia(image, loc.parent, path);
  const asked = options.attributes === undefined ? undefined : attributeBits(options.attributes, path);
  if (loc.entry) checkWritable(image, loc.entry, path, asked);
  const meta: Record<string, unknown> = {};
  if (options.version !== undefined) meta.version = options.version;
  // NTFS sets the archive bit whenever a file's data is written: on a new file besides those asked
  // for (N5), on an overwritten one besides those asked for or, when none are, those it had
  const attributes = asked ?? loc.entry?.attributes;
  if (attributes !== undefined) meta.attributes = attributes | FILE_ATTRIBUTE.archive;
  if (options.created !== undefined) meta.created = options.created;
  if (options.modified !== undefined) meta.modified = options.modified;
  applyOp(image, {
    kind: 'write',
    path: loc.entry ? literalPath(image.pathOf(loc.entry)) : path,
    data,
    meta,
  });
}

/** DeleteFile. */
export function deleteFile(image: ImageCore, path: string): void {
  ensurePowered(image, path);
  const entry = image.require(path);
  refuseFileWithTrailingSeparator(path, entry);
  ensureWritableMedia(image, entry, path);
  checkDeletable(image, entry, path);
  deleteOrMarkPending(image, entry);
}

/**
 * Deletes an entry, or, while others hold it open (all with FILE_SHARE_DELETE, or the share check
 * would have refused), marks it delete-pending: it goes when their last handle closes (N3), and no
 * handle is invalidated (N2).
 */
function deleteOrMarkPending(image: ImageCore, entry: Entry): void {
  if (entry.handles) entry.deletePending = true;
  else deleteNow(image, entry);
}

function deleteNow(image: ImageCore, entry: Entry): void {
  applyOp(image, { kind: 'delete', path: literalPath(image.pathOf(entry)) }, { entry });
}

// the delete of a delete-pending entry at its last close, in this image or a fork or load of it
ImageCore.pendingDelete = deleteNow;

/** CreateDirectory; with `recursive`, the missing folders on the way too (an existing folder is fine then). */
export function createDirectory(image: ImageCore, path: string, options: { recursive?: boolean } = {}): void {
  ensurePowered(image, path);
  const resolved = image.resolve(path, { directory: true });
  if (!options.recursive) {
    const loc = image.locate(path, { directory: true });
    if (loc.entry) throw new WinError('ERROR_ALREADY_EXISTS', path);
    ensureWritableMedia(image, loc.parent!, path);
    applyOp(image, { kind: 'mkdir', path });
    return;
  }
  const root = resolved.drive ? `${resolved.drive}:` : `\\\\${resolved.server}\\${resolved.share}`;
  let current = root;
  for (const segment of resolved.segments) {
    current = `${current}\\${segment}`;
    const literal = literalPath(current); // `test..`, `nul` or past MAX_PATH: only verbatim names it
    const entry = image.find(literal);
    if (entry?.isDir) continue;
    if (entry) throw new WinError('ERROR_ALREADY_EXISTS', current, 'a file has that name');
    ensureWritableMedia(image, image.locate(literal).parent!, current);
    applyOp(image, { kind: 'mkdir', path: literal });
  }
}

/** RemoveDirectory: the folder must be empty, not read-only, not open. */
export function removeDirectory(image: ImageCore, path: string): void {
  ensurePowered(image, path);
  const entry = image.require(path);
  if (!entry.isDir) throw new WinError('ERROR_DIRECTORY', path, 'it is a file');
  if (!entry.parent) throw new WinError('ERROR_ACCESS_DENIED', path, 'a volume root cannot be removed');
  ensureWritableMedia(image, entry, path);
  if (entry.children!.size > 0) throw new WinError('ERROR_DIR_NOT_EMPTY', path);
  if (entry.attributes & FILE_ATTRIBUTE.readonly)
    throw new WinError('ERROR_ACCESS_DENIED', path, 'the folder is read-only');
  image.checkShare(
    entry,
    ACCESS_BITS.delete,
    ACCESS_BITS.read | ACCESS_BITS.write | ACCESS_BITS.delete,
    path,
  );
  deleteOrMarkPending(image, entry);
}

/** Deletes a folder and everything in it (`rd /s /q`), children first, each with DeleteFile's or RemoveDirectory's rules. */
export function removeTree(image: ImageCore, path: string): number {
  ensurePowered(image, path);
  const entry = image.require(path);
  if (!entry.isDir) {
    deleteFile(image, path);
    return 1;
  }
  let removed = 0;
  for (const child of [...entry.children!.values()])
    removed += removeTree(image, literalPath(image.pathOf(child)));
  removeDirectory(image, literalPath(image.pathOf(entry)));
  return removed + 1;
}

/** SetFileAttributes. */
export function setAttributes(image: ImageCore, path: string, attributes: readonly string[]): void {
  ensurePowered(image, path);
  const entry = image.require(path);
  ensureWritableMedia(image, entry, path);
  applyOp(image, {
    kind: 'setAttributes',
    path: literalPath(image.pathOf(entry)),
    attributes: attributeBits(attributes, path),
  });
}

/** Checks MoveFileEx flags; returns them. ERROR_INVALID_PARAMETER for unknown bits. */
export function checkMoveFlags(flags: number): number {
  if (!Number.isInteger(flags) || flags < 0 || (flags & ~ALL_MOVE_FLAGS) !== 0) {
    throw new WinError('ERROR_INVALID_PARAMETER', undefined, `invalid MoveFileEx flags ${flags}`);
  }
  return flags;
}

/**
 * MoveFileEx without MOVEFILE_DELAY_UNTIL_REBOOT: rename within a volume (files and folders,
 * case-only renames included), or copy + delete across volumes when MOVEFILE_COPY_ALLOWED is set.
 */
export function moveFileNow(image: ImageCore, from: string, to: string, flags: number): void {
  ensurePowered(image, from);
  checkMoveFlags(flags);
  if (flags & MOVEFILE.DELAY_UNTIL_REBOOT)
    throw new WinError('ERROR_INVALID_PARAMETER', from, 'use the boot layer to queue a rename');
  const source = image.require(from);
  const target = locateTarget(image, to);
  if (!target.parent) throw new WinError('ERROR_ACCESS_DENIED', to, 'a volume root cannot be a destination');
  const replace = (flags & MOVEFILE.REPLACE_EXISTING) !== 0;
  ensureWritableMedia(image, source, from);
  ensureWritableMedia(image, target.parent, to);
  // into its own subtree: refused before anything about the target (N7), as at boot (B21)
  if (source.isDir && isSameOrAncestor(source, target.parent) && target.entry !== source)
    throw new WinError('ERROR_SHARING_VIOLATION', to, 'a folder cannot move into itself');
  const existing = target.entry && target.entry !== source ? target.entry : undefined;
  if (existing) checkReplaceable(image, source, existing, replace, to);
  if (image.volumeOf(source) === target.volume) {
    checkMovable(image, source, from);
    applyOp(image, { kind: 'rename', from: literalPath(image.pathOf(source)), to, replace });
    return;
  }
  if (!(flags & MOVEFILE.COPY_ALLOWED) || source.isDir) throw new WinError('ERROR_NOT_SAME_DEVICE', to);
  checkDeletable(image, source, from);
  image.checkShare(source, ACCESS_BITS.read, COPY_SOURCE_SHARE, from);
  const meta = {
    attributes: source.attributes,
    version: source.version ?? null,
    created: source.created,
    createdFraction: source.createdFraction,
    modified: source.modified,
    modifiedFraction: source.modifiedFraction,
  };
  const data = image.storedContent(source);
  if (existing) applyOp(image, { kind: 'delete', path: literalPath(image.pathOf(existing)) });
  applyOp(image, { kind: 'write', path: to, data, meta });
  applyOp(image, { kind: 'delete', path: literalPath(image.pathOf(source)) });
}

/** CopyFile (bFailIfExists as `failIfExists`). */
export function copyFile(image: ImageCore, from: string, to: string, failIfExists = false): void {
  ensurePowered(image, from);
  const source = image.require(from);
  if (source.isDir) throw new WinError('ERROR_ACCESS_DENIED', from, 'it is a folder');
  refuseFileWithTrailingSeparator(from, source);
  image.checkShare(source, ACCESS_BITS.read, COPY_SOURCE_SHARE, from);
  const target = image.locate(to);
  refuseFileWithTrailingSeparator(to, target.entry);
  if (target.entry) {
    if (failIfExists) throw new WinError('ERROR_FILE_EXISTS', to);
    // CopyFile holds its source open for reading, which its open of the destination for writing meets
    if (target.entry === source)
      throw new WinError('ERROR_SHARING_VIOLATION', to, 'a file cannot be copied onto itself');
    // CopyFile creates the target with the source's attributes (N4 weighs them)
    checkWritable(image, target.entry, to, source.attributes);
  }
  if (!target.parent) throw new WinError('ERROR_ACCESS_DENIED', to);
  ensureWritableMedia(image, target.parent, to);
  const meta = {
    attributes: source.attributes,
    version: source.version ?? null,
    modified: source.modified,
    modifiedFraction: source.modifiedFraction,
  };
  applyOp(image, {
    kind: 'write',
    path: target.entry ? literalPath(image.pathOf(target.entry)) : to,
    data: image.storedContent(source),
    meta,
  });
}
