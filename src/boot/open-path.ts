/**
 * Opening an entry's NT paths at boot as the session manager does (B17): the checks of the path and
 * its components, then the walk of the case-insensitive index to the folder and the entry.
 */
import type { Win32ErrorName } from '../errors/index.js';
import { aliasChild, findChild, type DriveVolume, type Entry, type ImageCore } from '../image/index.js';
import { BootFolders } from './folders.js';

export const NT_PREFIX = '\\??\\';

/** A failed entry's Win32 error and why, in words. */
export interface EntryFailure {
  code: Win32ErrorName;
  path: string;
  detail: string;
}

/** A refusal the session manager meets: the entry fails with its Win32 error, nothing changed. */
export class Refusal {
  constructor(readonly failure: EntryFailure) {}
}

export function refuse(code: Win32ErrorName, path: string, detail: string): never {
  throw new Refusal({ code, path, detail });
}

/**
 * Where an NT path leads: its volume, the folder it is in and the entry if it exists. An entry's
 * source and destination are each opened into one of two objects made once ({@link SOURCE},
 * {@link TARGET}): nothing keeps them past the entry, and a boot opens a path or two per entry.
 */
export interface Found {
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
  /** The greatest unit of `name`, a `/` counted as 0xffff ({@link lastSeparator}). */
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

export const SOURCE = emptyFound();
export const TARGET = emptyFound();
const folders = new BootFolders();

/** Lets go of the last entry's folders and files (and so of its image): called when a boot's entries are done. */
export function forgetOpened(): void {
  folders.forget();
  for (const found of [SOURCE, TARGET]) {
    found.volume = undefined!;
    found.parent = found.entry = undefined;
  }
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** The ASCII units a name may not hold at boot: controls and `<>:"/|?*` (to NT a `/` is no separator, and no name holds one). */
const INVALID_NAME_UNITS = new Uint8Array(0x80);
for (let unit = 0; unit < 0x20; unit++) INVALID_NAME_UNITS[unit] = 1;
for (const char of '<>:"/|?*') INVALID_NAME_UNITS[char.charCodeAt(0)] = 1;

/** The longest name a component may have (P7). */
const MAX_NAME = 255;

function isInvalidName(part: string): boolean {
  for (let i = 0; i < part.length; i++) {
    const unit = part.charCodeAt(i);
    if (unit < 0x80 && INVALID_NAME_UNITS[unit] === 1) return true;
  }
  return false;
}

/** Whether the component of `ntPath` from `start` (`length` units) is `.` or `..`. */
function isDots(ntPath: string, start: number, length: number): boolean {
  return ntPath.charCodeAt(start) === 0x2e && (length === 1 || ntPath.charCodeAt(start + 1) === 0x2e);
}

/**
 * Whether the components of `ntPath` between the backslash at `from` and `to` are clean: none
 * empty, `.` or `..`, none with a bad character.
 */
function isClean(ntPath: string, from: number, to: number): boolean {
  let start = from + 1;
  for (let i = start; i <= to; i++) {
    const unit = i < to ? ntPath.charCodeAt(i) : 0x5c;
    if (unit === 0x5c) {
      const length = i - start;
      if (length === 0 || length > MAX_NAME || (length <= 2 && isDots(ntPath, start, length))) return false;
      start = i + 1;
    } else if (unit < 0x80 && INVALID_NAME_UNITS[unit] === 1) return false;
  }
  return true;
}

/**
 * The index of the backslash before the last component of `ntPath` (which ends at `end`, after the
 * drive), or -1 when that component is not clean ({@link isClean}); sets `found.widest` to its
 * greatest unit, a `/` counted as 0xffff: under 0x80 the name is ASCII, from 0x7e it holds a unit
 * the watchers may read otherwise ({@link isUnsureName}). One scan back over the name only.
 */
function lastSeparator(ntPath: string, end: number, found: Found): number {
  let widest = 0;
  let bad = false;
  let cut = end - 1;
  for (; cut > 6; cut--) {
    const code = ntPath.charCodeAt(cut);
    if (code === 0x5c) break;
    if (code < 0x80 && INVALID_NAME_UNITS[code] === 1) bad = true;
    const unit = code === 0x2f ? 0xffff : code;
    if (unit > widest) widest = unit;
  }
  found.widest = widest;
  const length = end - cut - 1;
  return bad || length === 0 || length > MAX_NAME || (length <= 2 && isDots(ntPath, cut + 1, length))
    ? -1
    : cut;
}

/**
 * Opens an NT path the way the session manager can at boot: `\??\` + the drive letter of a local
 * volume + clean components (B17: no `\??\`; no network at boot, UNC or network drive; a drive that is
 * not there), then walks the case-insensitive index. Every folder on the way must exist
 * (ERROR_PATH_NOT_FOUND); the last component may be absent. Fills `found` in and returns it.
 */
export function open(
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
  const cut = end <= 6 ? 6 : lastSeparator(ntPath, end, found);
  // a folder path in Win32 normal form (`C:\WINNT\system32`, part of the NT path) leads where NT
  // takes it literally: the image's folder cache serves it, with its volume
  const cached = cut > 6 ? folders.find(image, ntPath, cut) : undefined;
  // the cache holds folders named in normal form only: their components are clean
  if (cut < 0 || (cached === undefined && !isClean(ntPath, 6, cut)))
    checkComponents(ntPath, ntPath.slice(6, end));
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
  // folded once here: the move or delete that follows hands it to the index instead of folding again;
  // every table folds an ASCII name as `toUpperCase` does
  const folded = found.widest < 0x80 ? name.toUpperCase() : folder.children!.fold(name);
  const byName = folder.children!.get(folded);
  found.parent = folder;
  found.entry = byName ?? aliasChild(folder, folded);
  found.name = name;
  found.folded = folded;
  found.byName = byName !== undefined;
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
    if (part.length > MAX_NAME)
      refuse('ERROR_INVALID_NAME', ntPath, `a name longer than ${MAX_NAME} characters`);
  }
}
