import { isShortName, shortNameFor } from '../path/index.js';
import type { Entry } from './entry.js';

/** A new entry under `parent` (none for a volume's root), not yet attached to it. */
export function newEntry(
  name: string,
  parent: Entry | undefined,
  isDir: boolean,
  link: Entry['link'],
  attributes: number,
  time: number,
): Entry {
  return {
    name,
    shortName: undefined,
    parent,
    isDir,
    children: undefined,
    shortChildren: undefined,
    link,
    pending: undefined,
    attributes,
    version: undefined,
    created: time,
    createdFraction: 0,
    modified: time,
    modifiedFraction: 0,
    size: 0,
    contentHash: undefined,
    mappedBy: 0,
    handles: undefined,
    deletePending: false,
  };
}

/** Child lookup by folded long name, then by folded 8.3 alias. */
export function findChild(dir: Entry, name: string): Entry | undefined {
  return dir.children && childByFolded(dir, dir.children.fold(name));
}

/** The child of a folder by its folded long name or 8.3 alias. */
export function childByFolded(dir: Entry, folded: string): Entry | undefined {
  return dir.children?.get(folded) ?? aliasChild(dir, folded);
}

/** The child whose 8.3 alias is `folded`; a name longer than an alias (8, a dot, 3) is not looked up. */
export function aliasChild(dir: Entry, folded: string): Entry | undefined {
  return folded.length > 12 ? undefined : dir.shortChildren?.get(folded);
}

/** Children in NTFS listing order (by folded name). */
export function sortedChildren(dir: Entry): Entry[] {
  return [...(dir.children?.entries() ?? [])]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map((e) => e[1]);
}

/** The names taken in one folder, long or 8.3 (folded), for `shortNameFor`; set `folder` first. */
const takenIn = {
  folder: undefined as Entry | undefined,
  has(name: string): boolean {
    return this.folder!.shortChildren!.has(name) || this.folder!.children!.has(name);
  },
};

/** Puts `entry` in `parent`'s index under its long name and a fresh 8.3 alias when it needs one. */
export function attach(parent: Entry, entry: Entry, folded = parent.children!.fold(entry.name)): void {
  parent.children!.set(folded, entry);
  if (!isShortName(entry.name)) {
    takenIn.folder = parent;
    entry.shortName = shortNameFor(entry.name, takenIn);
    takenIn.folder = undefined;
    // an alias is upper-case ASCII: its own folded form
    parent.shortChildren!.set(entry.shortName, entry);
  }
}

/**
 * Takes `entry` out of `parent`'s index (long name and alias); `folded` is its long name folded,
 * when the caller has it (the key it is under).
 */
export function detach(parent: Entry, entry: Entry, folded = parent.children!.fold(entry.name)): void {
  parent.children!.delete(folded);
  if (entry.shortName) parent.shortChildren!.delete(parent.children!.fold(entry.shortName));
}
