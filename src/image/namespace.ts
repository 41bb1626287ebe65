import { WinError } from '../errors/index.js';
import {
  foldNormalName,
  formatPath,
  MAX_DIR_PATH_CHARS,
  MAX_PATH_CHARS,
  resolveNormalDrivePath,
  resolvePath,
  type ResolvedPath,
} from '../path/index.js';
import type { Entry } from './entry.js';
import { aliasChild, childByFolded, findChild } from './tree.js';
import type { VolumeTable } from './volume-table.js';
import type { DriveVolume } from './volume.js';

/** Where a path leads: its volume, the parent folder, and the entry if it exists. */
export interface Location {
  volume: DriveVolume;
  /** The parent folder entry; undefined for a volume root. */
  parent: Entry | undefined;
  /** The entry, if it exists. */
  entry: Entry | undefined;
  /** The last segment as written (after normalisation). */
  name: string;
  /** The path as given, for error messages. */
  given: string;
  /**
   * The last segment folded and the structure generation the location was found in, when it was
   * found in a known folder: {@link Namespace.isStillCurrent} then checks it without a lookup.
   */
  folded?: string;
  generation?: number;
}

/** A folder found by its path: runs of paths in it are located without walking from the root. */
export interface Folder {
  readonly volume: DriveVolume;
  readonly dir: Entry;
  /** The folder's path as it was asked for, in normal form, without a trailing backslash. */
  readonly path: string;
}

/**
 * Path resolution over an image's volumes: from a path to its entry and back. The lookup vocabulary:
 * - `find(path)`: the entry, or undefined when it or a folder on the way is missing;
 * - `require(path)`: the entry, or ERROR_FILE_NOT_FOUND / ERROR_PATH_NOT_FOUND;
 * - `locate(path)`: a {@link Location} (volume, parent folder, entry if any), for changes;
 * - `folder(path)` then `locateIn(folder, name)`: many paths of one folder, from the folder cache;
 * - `isStillCurrent(location)`: whether a location found earlier may be reused.
 * One folder cache (folders reached by a normal-form path as written) serves them all, with the
 * cache of folders' full paths; both hold until the structure changes: a folder moved or removed, a
 * volume added or removed.
 */
export class Namespace {
  /** The drive of the system root (`C`), for paths without one. */
  systemDrive = 'C';
  /** Bumped whenever a folder is moved or removed: cached folder paths and lookups are then stale. */
  structureGeneration = 0;
  private folderCache: { generation: number; folders: Map<string, Folder> } = {
    generation: -1,
    folders: new Map(),
  };
  private readonly folderPaths = new WeakMap<Entry, { generation: number; path: string }>();

  constructor(private readonly volumes: VolumeTable) {}

  /** Resolves a path string to its normalised parts (no lookup). */
  resolve(path: string, options?: { directory?: boolean }): ResolvedPath {
    return (
      resolveNormalDrivePath(path, options?.directory) ??
      resolvePath(path, { currentDrive: this.systemDrive }, options)
    );
  }

  /**
   * Finds where a path leads. Every folder on the way must exist (ERROR_PATH_NOT_FOUND); the last
   * segment may be absent (`entry` undefined). Long names and 8.3 aliases both match.
   */
  locate(path: string, options?: { directory?: boolean }): Location {
    const cached = this.locateInCachedFolder(path, options?.directory === true);
    if (cached) return cached;
    const normal = resolveNormalDrivePath(path, options?.directory);
    const resolved = normal ?? resolvePath(path, { currentDrive: this.systemDrive }, options);
    const volume = this.volumes.forPath(resolved, path);
    const segments = resolved.segments;
    if (segments.length === 0) {
      return { volume, parent: undefined, entry: volume.root, name: '', given: path };
    }
    const dir = this.folderOf(volume, segments, normal !== undefined ? path : undefined);
    if (!dir) throw new WinError('ERROR_PATH_NOT_FOUND', path);
    const name = segments[segments.length - 1];
    return { volume, parent: dir, entry: findChild(dir, name), name, given: path };
  }

  /**
   * The entry at a path, or undefined if it or a folder on the way is missing (an invalid path is
   * still an error). A normal-form path is found without exceptions, through the folder cache.
   */
  find(path: string): Entry | undefined {
    const cached = this.locateInCachedFolder(path, false);
    if (cached) return cached.entry;
    const normal = resolveNormalDrivePath(path);
    if (!normal) return this.findResolved(path);
    const volume = this.volumes.find(normal.drive!);
    if (!volume) return undefined;
    const segments = normal.segments;
    if (segments.length === 0) return volume.root;
    const dir = this.folderOf(volume, segments, path);
    return dir && findChild(dir, segments[segments.length - 1]);
  }

  private findResolved(path: string): Entry | undefined {
    try {
      return this.locate(path).entry;
    } catch (error) {
      if (
        error instanceof WinError &&
        (error.code === 'ERROR_PATH_NOT_FOUND' || error.code === 'ERROR_BAD_NETPATH')
      ) {
        return undefined;
      }
      throw error;
    }
  }

  /** The entry at a path; ERROR_FILE_NOT_FOUND (or ERROR_PATH_NOT_FOUND) if it is missing. */
  require(path: string): Entry {
    const { entry } = this.locate(path);
    if (!entry) throw new WinError('ERROR_FILE_NOT_FOUND', path);
    return entry;
  }

  /**
   * The folder holding the last of `segments`, or undefined when a folder on the way is missing.
   * `normalPath`, the path as written when it is in normal form, names the folder in the cache.
   */
  private folderOf(volume: DriveVolume, segments: readonly string[], normalPath?: string): Entry | undefined {
    let dir = volume.root;
    for (let i = 0; i < segments.length - 1; i++) {
      const child = findChild(dir, segments[i]);
      if (!child || !child.isDir) return undefined;
      dir = child;
    }
    if (normalPath !== undefined && !normalPath.endsWith('\\')) {
      const path = normalPath.slice(0, normalPath.lastIndexOf('\\'));
      this.cachedFolders().set(path, { volume, dir, path });
    }
    return dir;
  }

  /**
   * Folders reached by a drive path as written, until a folder moves or goes or a volume changes:
   * an install, a boot or a scan names many files of the same few folders.
   */
  private cachedFolders(): Map<string, Folder> {
    if (this.folderCache.generation !== this.structureGeneration) {
      this.folderCache = { generation: this.structureGeneration, folders: new Map() };
    }
    return this.folderCache.folders;
  }

  /**
   * The folder at `path`, a drive path in normal form without a trailing backslash
   * (`C:\WINNT\system32`), from the folder cache (walked to and kept on a miss); undefined when it or
   * a folder on the way is missing or is a file, or when the path is not in normal form (`locate` a
   * path in it then).
   */
  folder(path: string): Folder | undefined {
    const cached = this.cachedFolders().get(path);
    if (cached) return cached;
    const normal = resolveNormalDrivePath(path);
    if (!normal || normal.segments.length === 0 || path.endsWith('\\')) return undefined;
    const volume = this.volumes.find(normal.drive!);
    const parent = volume && this.folderOf(volume, normal.segments, path);
    const dir = parent && findChild(parent, normal.segments[normal.segments.length - 1]);
    if (!dir?.isDir) return undefined;
    const folder: Folder = { volume: volume!, dir, path };
    this.cachedFolders().set(path, folder);
    return folder;
  }

  /**
   * `locate` for a path whose folder was found before as written and whose name is plain, or
   * undefined when the path needs a full resolution. Such a path is in normal form.
   */
  private locateInCachedFolder(path: string, directory = false): Location | undefined {
    const cut = path.lastIndexOf('\\');
    if (cut < 3 || path.length > (directory ? MAX_DIR_PATH_CHARS : MAX_PATH_CHARS)) return undefined;
    const folder = this.cachedFolders().get(path.slice(0, cut));
    if (!folder) return undefined;
    const name = path.slice(cut + 1);
    const folded = foldNormalName(name, folder.dir.children!.upcase);
    if (folded === undefined) return undefined;
    return this.locatedIn(folder.volume, folder.dir, name, folded, path);
  }

  /**
   * Where `name` leads in a folder from {@link folder}, as a location {@link isStillCurrent} can
   * check later; `given` is the full path, for messages. Undefined when the name is not in normal
   * form: `locate` the path then. The caller keeps the full path within MAX_PATH.
   */
  locateIn(folder: Folder, name: string, given = `${folder.path}\\${name}`): Location | undefined {
    const folded = foldNormalName(name, folder.dir.children?.upcase);
    return folded === undefined ? undefined : this.locatedIn(folder.volume, folder.dir, name, folded, given);
  }

  private locatedIn(volume: DriveVolume, dir: Entry, name: string, folded: string, given: string): Location {
    return {
      volume,
      parent: dir,
      entry: childByFolded(dir, folded),
      name,
      given,
      folded,
      generation: this.structureGeneration,
    };
  }

  /**
   * Whether a location {@link locate} or {@link locateIn} gave still tells where its path leads: no folder
   * has moved or gone since, and its folder holds the same entry under its name (or still none).
   * False for a location in another image, and when it cannot be told cheaply (an entry found by
   * its 8.3 alias): locate again then.
   */
  isStillCurrent(location: Location): boolean {
    const { volume, parent, entry, folded } = location;
    if (location.generation !== this.structureGeneration || !parent || folded === undefined) return false;
    // a location in another image (a fork, the copy an install computes on) is never current here
    if (!this.volumes.holds(volume)) return false;
    if (entry) return entry.parent === parent && parent.children?.get(folded) === entry;
    return !parent.children?.has(folded) && aliasChild(parent, folded) === undefined;
  }

  /** The full stored path of an entry: `C:\WINNT\system32\x.dll`. */
  pathOf(entry: Entry): string {
    return entry.parent ? this.folderPath(entry.parent) + entry.name : this.volumes.of(entry).displayRoot;
  }

  /** A folder's full path with a trailing backslash, cached until the structure changes. */
  folderPath(dir: Entry): string {
    if (!dir.parent) return this.volumes.of(dir).displayRoot;
    const cached = this.folderPaths.get(dir);
    if (cached && cached.generation === this.structureGeneration) return cached.path;
    const path = `${this.folderPath(dir.parent)}${dir.name}\\`;
    this.folderPaths.set(dir, { generation: this.structureGeneration, path });
    return path;
  }

  /** A path in its full display form without requiring it to exist (`C:\A\b`). */
  displayPath(path: string): string {
    return formatPath(this.resolve(path));
  }
}
