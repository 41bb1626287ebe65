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

interface CachedFolder {
  volume: DriveVolume;
  dir: Entry;
}

/**
 * Path resolution over an image's volumes: from a path to its entry and back, with the caches
 * that make it cheap (folders reached by a path as written, folders' full paths). Both hold until
 * the structure changes: a folder moved or removed, a volume added or removed.
 */
export class Namespace {
  /** The drive of the system root (`C`), for paths without one. */
  systemDrive = 'C';
  /** Bumped whenever a folder is moved or removed: cached folder paths and lookups are then stale. */
  structureGeneration = 0;
  private folderCache: { generation: number; folders: Map<string, CachedFolder> } = {
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

  /** The entry at a path, or undefined if it or a folder on the way is missing (no exception thrown). */
  lookup(path: string): Entry | undefined {
    const cached = this.locateInCachedFolder(path, false);
    if (cached) return cached.entry;
    const normal = resolveNormalDrivePath(path);
    if (!normal) return this.find(path);
    const volume = this.volumes.find(normal.drive!);
    if (!volume) return undefined;
    const segments = normal.segments;
    if (segments.length === 0) return volume.root;
    const dir = this.folderOf(volume, segments, path);
    return dir && findChild(dir, segments[segments.length - 1]);
  }

  /** The entry at a path, or undefined if it or a folder on the way is missing. */
  find(path: string): Entry | undefined {
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
      this.cachedFolders().set(normalPath.slice(0, normalPath.lastIndexOf('\\')), { volume, dir });
    }
    return dir;
  }

  /**
   * Folders reached by a drive path as written, until a folder moves or goes or a volume changes:
   * an install, a boot or a scan names many files of the same few folders.
   */
  private cachedFolders(): Map<string, CachedFolder> {
    if (this.folderCache.generation !== this.structureGeneration) {
      this.folderCache = { generation: this.structureGeneration, folders: new Map() };
    }
    return this.folderCache.folders;
  }

  /**
   * `locate` for a path whose folder was found before as written and whose name is plain, or
   * undefined when the path needs a full resolution. Such a path is in normal form.
   */
  locateInCachedFolder(path: string, directory = false): Location | undefined {
    const cut = path.lastIndexOf('\\');
    if (cut < 3 || path.length > (directory ? MAX_DIR_PATH_CHARS : MAX_PATH_CHARS)) return undefined;
    const folder = this.cachedFolders().get(path.slice(0, cut));
    if (!folder) return undefined;
    const name = path.slice(cut + 1);
    const folded = foldNormalName(name);
    if (folded === undefined) return undefined;
    return this.locatedIn(folder.volume, folder.dir, name, folded, path);
  }

  /**
   * Where `name` leads in `dir`, a folder entry of `volume` found before, as a location
   * {@link isStillCurrent} can check later; `given` is the full path, for messages. Undefined, as
   * from {@link locateInCachedFolder}, when the name is not in normal form: `locate` the path then.
   */
  locateIn(volume: DriveVolume, dir: Entry, name: string, given: string): Location | undefined {
    const folded = foldNormalName(name);
    return folded === undefined ? undefined : this.locatedIn(volume, dir, name, folded, given);
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
   * Whether a location {@link locateInCachedFolder} gave still tells where its path leads: no folder
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
