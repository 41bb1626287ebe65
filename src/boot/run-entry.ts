/**
 * One queue entry at boot, as the session manager carries it out (B2-B14, B17-B19): the checks NT
 * makes, in its order, then the primitive operations through src/ops. Nothing runs at this point,
 * so share modes and mapped images do not matter (B19); read-only still does (B10).
 */
import type { Win32ErrorName } from '../errors/index.js';
import {
  FILE_ATTRIBUTE,
  aliasChild,
  findChild,
  isSameOrAncestor,
  type DriveVolume,
  type Entry,
  type ImageCore,
} from '../image/index.js';
import { applyOp, deleteFound, moveFound } from '../ops/index.js';
import { foldName } from '../path/index.js';
import type { PendingEntry } from './queue-entry.js';

/** What happened to one entry. */
export type EntryOutcome = 'renamed' | 'replaced' | 'deleted' | 'failed';

/** A failed entry's Win32 error and why, in words. */
export interface EntryFailure {
  code: Win32ErrorName;
  path: string;
  detail: string;
}

/** The result of carrying out one entry. */
export type EntryResult =
  { outcome: Exclude<EntryOutcome, 'failed'> } | { outcome: 'failed'; failure: EntryFailure };

const NT_PREFIX = '\\??\\';

/** The results of entries that succeeded: shared, as they carry nothing of their own. */
const RENAMED: EntryResult = Object.freeze({ outcome: 'renamed' });
const REPLACED: EntryResult = Object.freeze({ outcome: 'replaced' });
const DELETED: EntryResult = Object.freeze({ outcome: 'deleted' });

class Refusal {
  constructor(readonly failure: EntryFailure) {}
}

function refuse(code: Win32ErrorName, path: string, detail: string): never {
  throw new Refusal({ code, path, detail });
}

/**
 * Where an NT path leads: its volume, the folder it is in and the entry if it exists. An entry's
 * source and destination are each opened into one of two objects made once ({@link SOURCE},
 * {@link TARGET}): nothing keeps them past the entry, and a boot opens a path or two per entry.
 */
interface Found {
  volume: DriveVolume;
  /** Undefined for a volume root. */
  parent: Entry | undefined;
  entry: Entry | undefined;
  /** The last component as written. */
  name: string;
  /** `name` folded by the volume's table (the key it has in `parent`'s index); `''` for a volume root. */
  folded: string;
  /** `entry` was found under its long name, so `folded` is also its own key (not its 8.3 alias). */
  byName: boolean;
  /** The greatest unit of `name`, a `/` counted as 0xffff ({@link widestUnit}). */
  widest: number;
}

function emptyFound(): Found {
  return {
    volume: undefined!,
    parent: undefined,
    entry: undefined,
    name: '',
    folded: '',
    byName: true,
    widest: 0,
  };
}

const SOURCE = emptyFound();
const TARGET = emptyFound();

/** Lets go of the last entry's folders and files (and so of its image): called when a boot's entries are done. */
export function forgetOpened(): void {
  for (const found of [SOURCE, TARGET]) {
    found.volume = undefined!;
    found.parent = found.entry = undefined;
  }
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

const INVALID_NAME_CHARS = new Set(['<', '>', ':', '"', '|', '?', '*']);
/** The ASCII units a name may not hold: controls and `<>:"|?*`. */
const INVALID_NAME_UNITS = new Uint8Array(0x80);
for (let unit = 0; unit < 0x20; unit++) INVALID_NAME_UNITS[unit] = 1;
for (const char of INVALID_NAME_CHARS) INVALID_NAME_UNITS[char.charCodeAt(0)] = 1;

function isInvalidName(part: string): boolean {
  for (let i = 0; i < part.length; i++) {
    if (part.charCodeAt(i) < 0x20 || INVALID_NAME_CHARS.has(part[i])) return true;
  }
  return false;
}

/**
 * The greatest unit of `ntPath` from `start` to `end`, a `/` counted as 0xffff: under 0x80, the
 * part is ASCII; from 0x7e, it holds a unit the watchers may read otherwise ({@link isUnsureName}).
 */
function widestUnit(ntPath: string, start: number, end: number): number {
  let widest = 0;
  for (let i = start; i < end; i++) {
    const code = ntPath.charCodeAt(i);
    const unit = code === 0x2f ? 0xffff : code;
    if (unit > widest) widest = unit;
  }
  return widest;
}

/** Whether the component of `ntPath` from `start` (`length` units) is `.` or `..`. */
function isDots(ntPath: string, start: number, length: number): boolean {
  return ntPath.charCodeAt(start) === 0x2e && (length === 1 || ntPath.charCodeAt(start + 1) === 0x2e);
}

/**
 * The index of the last backslash of `ntPath` before `end` (6 for a name in a volume's root), or -1
 * when the components after the drive (from the backslash at 6 up to `end`) hold a bad character or
 * an empty, `.` or `..` one. One scan instead of a pattern and a search back: a boot opens one or two
 * paths per entry.
 */
function lastSeparator(ntPath: string, end: number): number {
  let cut = 6;
  for (let i = 7; i <= end; i++) {
    const unit = i < end ? ntPath.charCodeAt(i) : 0x5c;
    if (unit === 0x5c) {
      const length = i - cut - 1;
      if (length === 0 || (length <= 2 && isDots(ntPath, cut + 1, length))) return -1;
      if (i < end) cut = i;
    } else if (unit < 0x80 && INVALID_NAME_UNITS[unit] === 1) return -1;
  }
  return cut;
}

/**
 * Opens an NT path the way the session manager can at boot: `\??\` + the drive letter of a local
 * volume + clean components (B17: no `\??\`; no network at boot, UNC or network drive; a drive that is
 * not there), then walks the case-insensitive index. Every folder on the way must exist
 * (ERROR_PATH_NOT_FOUND); the last component may be absent. Fills `found` in and returns it.
 */
function open(
  image: ImageCore,
  ntPath: string,
  found: Found,
  role: 'source' | 'destination' = 'source',
): Found {
  if (!ntPath.startsWith(NT_PREFIX))
    refuse('ERROR_PATH_NOT_FOUND', ntPath, 'not an NT path (no \\??\\ prefix)');
  const letter = ntPath[4] ?? '';
  const isDrive =
    isAsciiLetter(ntPath.charCodeAt(4)) &&
    ntPath.charCodeAt(5) === 0x3a &&
    (ntPath.length === 6 || ntPath.charCodeAt(6) === 0x5c);
  if (!isDrive)
    refuse('ERROR_PATH_NOT_FOUND', ntPath, 'not a local drive path: the network is not started at boot');
  // Indexes into the path instead of copies of its parts: a boot opens one or two paths per entry.
  const end =
    ntPath.length > 6 && ntPath.charCodeAt(ntPath.length - 1) === 0x5c ? ntPath.length - 1 : ntPath.length;
  const cut = end <= 6 ? 6 : lastSeparator(ntPath, end);
  if (cut < 0) checkComponents(ntPath, ntPath.slice(6, end));
  // a folder path in Win32 normal form (`C:\WINNT\system32`, a slice of the NT path) leads where NT
  // takes it literally: the image's folder cache serves it, with its volume
  const cached = cut > 6 ? image.folder(ntPath.slice(4, cut)) : undefined;
  const volume = cached?.volume ?? volumeAt(image, ntPath, letter);
  if (volume.type === 'network')
    refuse('ERROR_PATH_NOT_FOUND', ntPath, 'a network drive is not connected at boot');
  found.volume = volume;
  if (end <= 6) {
    found.parent = undefined;
    found.entry = volume.root;
    found.name = found.folded = '';
    found.byName = true;
    found.widest = 0;
    return found;
  }
  const folder = cut === 6 ? volume.root : (cached?.dir ?? walk(ntPath, volume, cut, role));
  const name = ntPath.slice(cut + 1, end);
  const widest = widestUnit(ntPath, cut + 1, end);
  // folded once here: the move or delete that follows hands it to the index instead of folding again;
  // every table folds an ASCII name as `toUpperCase` does
  const folded = widest < 0x80 ? name.toUpperCase() : folder.children!.fold(name);
  const byName = folder.children!.get(folded);
  found.parent = folder;
  found.entry = byName ?? aliasChild(folder, folded);
  found.name = name;
  found.folded = folded;
  found.byName = byName !== undefined;
  found.widest = widest;
  return found;
}

function volumeAt(image: ImageCore, ntPath: string, letter: string): DriveVolume {
  try {
    return image.volume(letter);
  } catch {
    refuse('ERROR_PATH_NOT_FOUND', ntPath, `there is no drive ${letter.toUpperCase()}: at boot`);
  }
}

/** The folder of the last component of `ntPath` (which starts at `cut + 1`), walked from the volume's root. */
function walk(ntPath: string, volume: DriveVolume, cut: number, role: 'source' | 'destination'): Entry {
  let folder = volume.root;
  const folders = ntPath.slice(7, cut).split('\\');
  for (let i = 0; i < folders.length; i++) {
    const child = findChild(folder, folders[i]);
    // a rename's target folder that is a file: NT answers an invalid parameter (N6)
    if (child?.isDir === false && role === 'destination' && i === folders.length - 1)
      refuse('ERROR_INVALID_PARAMETER', ntPath, `'${child.name}' is a file, not a folder`);
    if (child === undefined || !child.isDir)
      refuse('ERROR_PATH_NOT_FOUND', ntPath, 'a folder on the way is missing');
    folder = child;
  }
  return folder;
}

/** The precise refusal for a path that `lastSeparator` flagged: an empty, `.` or `..` component, or a bad character. */
function checkComponents(ntPath: string, tail: string): void {
  for (const part of tail.slice(1).split('\\')) {
    if (part === '' || part === '.' || part === '..')
      refuse('ERROR_INVALID_NAME', ntPath, 'an empty, . or .. path component');
    if (isInvalidName(part)) refuse('ERROR_INVALID_NAME', ntPath, `'${part}' is not a valid name`);
  }
}

const NEEDS_VERBATIM = /[. ]$/;

/**
 * The Win32 path of a located destination for the ops door: its folder's stored path plus the name
 * as queued. NT paths are taken literally, so a name that Win32 would normalise (a trailing dot or
 * space) goes in the verbatim `\\?\` form.
 */
function win32PathOf(image: ImageCore, target: Found): string {
  const folder = target.parent ? image.pathOf(target.parent) : target.volume.displayRoot;
  const path = folder.endsWith('\\') ? `${folder}${target.name}` : `${folder}\\${target.name}`;
  return NEEDS_VERBATIM.test(target.name) ? `\\\\?\\${path}` : path;
}

/**
 * Moves the entry `from` found to a located destination through the ops door. A destination in a
 * folder whose path is a stored path (no verbatim form) goes through `moveFound`, which logs a
 * compact record and hands the index the names as folded already.
 */
function move(image: ImageCore, from: Found, target: Found, replace: boolean): void {
  const source = from.entry!;
  const { parent, name, entry: existing } = target;
  if (parent !== undefined && !NEEDS_VERBATIM.test(name)) {
    moveFound(image, {
      entry: source,
      targetParent: parent,
      targetName: name,
      existing,
      replace,
      folded: from.byName ? from.folded : undefined,
      targetFolded: target.folded,
      existingFolded: target.byName ? target.folded : undefined,
    });
    return;
  }
  const located = { entry: source, targetParent: parent, targetName: name, existing };
  const to = win32PathOf(image, target);
  applyOp(image, { kind: 'rename', from: image.pathOf(source), to, replace }, located);
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
    guarded?.has(foldName(existing.name)) === true &&
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
      { kind: 'setAttributes', path: image.pathOf(existing), attributes: 0 },
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
  if (isUnsureName(found) || watch.names.has(found.folded)) watch.paths.push(ntPath.slice(4));
}

/** A failed entry's paths go to the watchers whatever their names: the boot cannot tell about them. */
export function watchFailed(watch: NameWatch, entry: PendingEntry): void {
  if (entry.source.startsWith(NT_PREFIX)) watch.paths.push(entry.source.slice(4));
  if (entry.destination?.startsWith(NT_PREFIX)) watch.paths.push(entry.destination.slice(4));
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
