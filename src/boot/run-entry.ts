/**
 * One queue entry at boot, as the session manager carries it out (B2-B14, B17-B19): the checks NT
 * makes, in its order, then the primitive operations through src/ops. Nothing runs at this point,
 * so share modes and mapped images do not matter (B19); read-only still does (B10).
 */
import {
  FILE_ATTRIBUTE,
  isSameOrAncestor,
  type DriveVolume,
  type Entry,
  type ImageCore,
} from '../image/index.js';
import { applyOp, deleteFound, moveFound, type FoundMove } from '../ops/index.js';
import { foldName, literalPath } from '../path/index.js';
import {
  NT_PREFIX,
  Refusal,
  SOURCE,
  TARGET,
  forgetOpened,
  open,
  refuse,
  type EntryFailure,
  type Found,
} from './open-path.js';
import type { PendingEntry } from './queue-entry.js';

export type { EntryFailure } from './open-path.js';

/** What happened to one entry. */
export type EntryOutcome = 'renamed' | 'replaced' | 'deleted' | 'failed';

/** The result of carrying out one entry. */
export type EntryResult =
  { outcome: Exclude<EntryOutcome, 'failed'> } | { outcome: 'failed'; failure: EntryFailure };

/** The results of entries that succeeded: shared, as they carry nothing of their own. */
const RENAMED: EntryResult = Object.freeze({ outcome: 'renamed' });
const REPLACED: EntryResult = Object.freeze({ outcome: 'replaced' });
const DELETED: EntryResult = Object.freeze({ outcome: 'deleted' });

/** Whether Win32 would normalise the name (a trailing dot or space), so that only its verbatim `\\?\` form names it. */
function needsVerbatim(name: string): boolean {
  const last = name.charCodeAt(name.length - 1);
  return last === 0x2e || last === 0x20;
}

/** The move handed to the ops door, filled in for each entry in turn (the door keeps nothing of it). */
const MOVE: FoundMove = {
  entry: undefined!,
  targetParent: undefined!,
  targetName: '',
  existing: undefined,
  replace: false,
  folded: undefined,
  targetFolded: undefined,
  existingFolded: undefined,
};

/** Lets go of the last entry's files, folders and image: called when a boot's entries are done. */
export function forgetEntry(): void {
  MOVE.entry = MOVE.targetParent = undefined!;
  MOVE.existing = undefined;
  forgetOpened();
}

/**
 * The Win32 path of a located destination for the ops door: its folder's stored path plus the name
 * as queued. NT paths are taken literally, so a name that Win32 would normalise (a trailing dot or
 * space) goes in the verbatim `\\?\` form.
 */
function win32PathOf(image: ImageCore, target: Found): string {
  const folder = target.parent ? image.pathOf(target.parent) : target.volume.displayRoot;
  const path = folder.endsWith('\\') ? `${folder}${target.name}` : `${folder}\\${target.name}`;
  return needsVerbatim(target.name) ? `\\\\?\\${path}` : path;
}

/**
 * Moves the entry `from` found to a located destination through the ops door. A destination in a
 * folder whose path is a stored path (no verbatim form) goes through `moveFound`, which logs a
 * compact record and hands the index the names as folded already.
 */
function move(image: ImageCore, from: Found, target: Found, replace: boolean): void {
  const source = from.entry!;
  const { parent, name, entry: existing } = target;
  if (parent !== undefined && !needsVerbatim(name)) {
    MOVE.entry = source;
    MOVE.targetParent = parent;
    MOVE.targetName = name;
    MOVE.existing = existing;
    MOVE.replace = replace;
    MOVE.folded = from.byName ? from.folded : undefined;
    MOVE.targetFolded = target.folded;
    MOVE.existingFolded = target.byName ? target.folded : undefined;
    moveFound(image, MOVE);
    return;
  }
  const located = { entry: source, targetParent: parent, targetName: name, existing };
  const to = win32PathOf(image, target);
  applyOp(image, { kind: 'rename', from: literalPath(image.pathOf(source)), to, replace }, located);
}

function checkWritableMedia(volume: DriveVolume, given: string): void {
  if (volume.type === 'cdrom') refuse('ERROR_WRITE_PROTECT', given, 'the volume is read-only media');
}

function deleteEntry(image: ImageCore, located: Found, source: Entry, given: string): EntryResult {
  if (source.attributes & FILE_ATTRIBUTE.readonly) refuse('ERROR_ACCESS_DENIED', given, 'it is read-only');
  if (source.isDir && source.children !== undefined && source.children.size > 0) {
    refuse('ERROR_DIR_NOT_EMPTY', given, 'the folder is not empty');
  }
  checkWritableMedia(located.volume, given);
  deleteFound(image, source, located.byName ? located.folded : undefined);
  return DELETED;
}

function renameEntry(
  image: ImageCore,
  located: Found,
  source: Entry,
  entry: PendingEntry,
  guarded: ProtectedNames,
  watch: NameWatch | undefined,
): EntryResult {
  const given = entry.destination!;
  const target = open(image, given, TARGET, 'destination');
  const result = renameTo(image, located, source, target, entry, guarded);
  if (watch !== undefined) {
    watchFound(watch, entry.source, located);
    watchFound(watch, given, target);
  }
  return result;
}

/** `existing`'s name folded as `foldName` folds it: an ASCII name found under itself is folded already. */
function foldedName(target: Found, existing: Entry): string {
  return target.byName && target.widest < 0x80 ? target.folded : foldName(existing.name);
}

function renameTo(
  image: ImageCore,
  located: Found,
  source: Entry,
  target: Found,
  entry: PendingEntry,
  guarded: ProtectedNames,
): EntryResult {
  const given = entry.destination!;
  if (target.volume !== located.volume) {
    refuse('ERROR_NOT_SAME_DEVICE', given, 'a boot-time rename cannot move a file to another volume');
  }
  if (target.entry === source) {
    // Onto itself: only the stored case of the name can change.
    if (target.name !== source.name) move(image, located, target, false);
    return RENAMED;
  }
  if (source.isDir && target.parent !== undefined && isSameOrAncestor(source, target.parent)) {
    refuse('ERROR_SHARING_VIOLATION', given, 'a folder cannot move into itself');
  }
  checkWritableMedia(located.volume, entry.source);
  const existing = target.entry;
  if (existing === undefined) {
    move(image, located, target, false);
    return RENAMED;
  }
  if (!entry.replaceExisting)
    refuse('ERROR_ALREADY_EXISTS', given, 'the destination exists and the entry has no !');
  // N8: `!` neither replaces a folder nor lets a folder replace a file (B6)
  if (existing.isDir)
    refuse('ERROR_ACCESS_DENIED', given, 'the destination is a folder and cannot be replaced');
  if (source.isDir) refuse('ERROR_ACCESS_DENIED', given, 'a folder cannot replace a file');
  // only a file whose name is among the protected files' may be one: its full path is folded for those only
  if (
    guarded?.has(foldedName(target, existing)) === true &&
    image.protectedPaths.has(foldName(image.pathOf(existing)))
  ) {
    refuse(
      'ERROR_ACCESS_DENIED',
      given,
      'the destination is protected by Windows File Protection and AllowProtectedRenames is not 1',
    );
  }
  if (existing.attributes & FILE_ATTRIBUTE.readonly) {
    // ReactOS (smss): a read-only target's attributes are cleared and the rename retried (B5).
    applyOp(
      image,
      { kind: 'setAttributes', path: literalPath(image.pathOf(existing)), attributes: 0 },
      { entry: existing },
    );
  }
  move(image, located, target, true);
  return REPLACED;
}

/**
 * The folded last names of the files Windows File Protection guards, when a boot must leave them
 * alone (B18: `AllowProtectedRenames` is not 1); undefined when it may replace them.
 */
export type ProtectedNames = ReadonlySet<string> | undefined;

/** The {@link ProtectedNames} of a boot, taken once before its entries run. */
export function protectedNames(image: ImageCore, allowProtected: boolean): ProtectedNames {
  if (allowProtected) return undefined;
  const names = new Set<string>();
  for (const path of image.protectedPaths) names.add(path.slice(path.lastIndexOf('\\') + 1));
  return names;
}

/** The names the registered after-boot steps watch in a boot, and the paths found to have one. */
export interface NameWatch {
  names: ReadonlySet<string>;
  paths: string[];
}

/**
 * Whether a last name as written may lead elsewhere than its fold says once Win32 reads the path (a
 * trailing dot or space it cuts, a `/` it takes for a separator, an empty name, a unit beyond ASCII
 * that the watchers' table may fold otherwise), or may be an 8.3 alias (a `~`: the boot's moves can
 * give aliases other than those watched before it): such a path is always handed to the watchers.
 */
function isUnsureName({ name, widest }: Found): boolean {
  const last = name.charCodeAt(name.length - 1);
  return name.length === 0 || last === 0x2e || last === 0x20 || widest >= 0x7e;
}

function watchFound(watch: NameWatch, ntPath: string, found: Found): void {
  if (isUnsureName(found) || watch.names.has(found.folded)) watch.paths.push(literalPath(ntPath.slice(4)));
}

/** A failed entry's paths go to the watchers whatever their names: the boot cannot tell about them. */
export function watchFailed(watch: NameWatch, entry: PendingEntry): void {
  if (entry.source.startsWith(NT_PREFIX)) watch.paths.push(literalPath(entry.source.slice(4)));
  if (entry.destination?.startsWith(NT_PREFIX)) watch.paths.push(literalPath(entry.destination.slice(4)));
}

/**
 * Carries out one entry. Refusals the session manager would meet come back as a `failed` result
 * with the Win32 error; the image is then left as it was. Other errors (a power cut) propagate.
 *
 * @param guarded {@link protectedNames} of the boot (B18).
 */
export function runEntry(
  image: ImageCore,
  entry: PendingEntry,
  guarded: ProtectedNames,
  watch?: NameWatch,
): EntryResult {
  try {
    const located = open(image, entry.source, SOURCE);
    if (located.parent === undefined)
      refuse('ERROR_ACCESS_DENIED', entry.source, 'a volume root cannot be renamed or deleted');
    const source = located.entry;
    if (source === undefined) refuse('ERROR_FILE_NOT_FOUND', entry.source, 'the source does not exist');
    if (entry.destination === null) {
      const deleted = deleteEntry(image, located, source, entry.source);
      if (watch !== undefined) watchFound(watch, entry.source, located);
      return deleted;
    }
    return renameEntry(image, located, source, entry, guarded, watch);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    if (watch !== undefined) watchFailed(watch, entry);
    return { outcome: 'failed', failure: error.failure };
  }
}
