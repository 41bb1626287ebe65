import type { UpcaseTable } from '../path/index.js';
import type { StoreLink } from './byte-store.js';

/**
 * A folder's children by folded long name. It knows its volume's upcase table, so that a lookup
 * in any folder folds the way that volume does (rule P6) without finding the volume first.
 */
export class ChildIndex extends Map<string, Entry> {
  constructor(readonly upcase: UpcaseTable) {
    super();
  }

  /** `name` folded by this volume's table: the key it has here. */
  fold(name: string): string {
    return this.upcase.fold(name);
  }
}

/** A handle's record on the entry it opens. */
export interface HandleRecord {
  id: number;
  pid: number;
  access: number;
  share: number;
}

/**
 * One file or folder of a volume: the engine's record beside memfs's link. The tree of entries is
 * the case-insensitive index: children are keyed by folded long name and by folded 8.3 alias.
 */
export interface Entry {
  name: string;
  shortName: string | undefined;
  parent: Entry | undefined;
  isDir: boolean;
  children: ChildIndex | undefined;
  shortChildren: Map<string, Entry> | undefined;
  /** The memfs link: a volume's root has one; files and folders keep none (docs/performance.md). */
  link: StoreLink | undefined;
  /** A file's bytes while it has no memfs link yet (shared with its source: a forked or loaded image, a package). */
  pending: Buffer | undefined;
  attributes: number;
  version: string | undefined;
  /** Milliseconds since 1970; with `createdFraction`, the 100 ns units past them (file-time.ts). */
  created: number;
  createdFraction: number;
  modified: number;
  modifiedFraction: number;
  size: number;
  /** xxh64 of the content, cached for digests; undefined when unknown. */
  contentHash: bigint | undefined;
  /** How many processes map it as an image. */
  mappedBy: number;
  handles: HandleRecord[] | undefined;
  /**
   * Set while the entry is delete-pending (N3): it was deleted while others held it open with
   * FILE_SHARE_DELETE. It stays listed, refuses new opens, and goes when its last handle closes
   * (through `ImageCore.pendingDelete`, which the ops layer sets). Forks and saves keep it.
   */
  deletePending: boolean;
}

/** Access and share bits. */
export const ACCESS_BITS = { read: 1, write: 2, delete: 4 } as const;

/** The stored path of an entry below its volume root, with backslashes (`WINNT\system32\x.dll`); '' for the root. */
export function entryRelativePath(entry: Entry): string {
  const parts: string[] = [];
  for (let e: Entry | undefined = entry; e?.parent; e = e.parent) parts.push(e.name);
  return parts.reverse().join('\\');
}

/** Whether `ancestor` is `entry` or one of its parents. */
export function isSameOrAncestor(ancestor: Entry, entry: Entry): boolean {
  for (let e: Entry | undefined = entry; e; e = e.parent) if (e === ancestor) return true;
  return false;
}

/** Visits an entry and everything below it, parents before children. */
export function* walkEntries(entry: Entry): Generator<Entry> {
  yield entry;
  if (entry.children) for (const child of entry.children.values()) yield* walkEntries(child);
}
