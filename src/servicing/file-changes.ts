/** File changes made by servicing, through the ops door, with what removal needs recorded. */
import type { Entry, FileMeta, Folder, ImageCore, Location } from '../image/index.js';
import { applyOp, applyVersionedWriteAt, applyWriteAt, type Located } from '../ops/index.js';
import { foldName, MAX_PATH_CHARS } from '../path/index.js';
import type { FileRecord } from './restore-manifest.js';
import { locationOf } from './state.js';

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf('\\'));
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}

/** The metadata of an existing file, to carry onto a copy of it. */
export function metaOf(entry: Entry): FileMeta {
  return {
    attributes: entry.attributes,
    version: entry.version ?? null,
    created: entry.created,
    modified: entry.modified,
  };
}

/** Whether a running process maps the file or holds a handle on it. */
export function isInUse(entry: Entry): boolean {
  return entry.mappedBy > 0 || (entry.handles?.length ?? 0) > 0;
}

/** A free name beside `target` for the new copy of an in-use file (`ntoskrnl.exe.new`, `.new1`...). */
export function temporaryNameBeside(image: ImageCore, target: string, suffix = 'new'): string {
  for (let i = 0; ; i++) {
    const candidate = `${target}.${suffix}${i === 0 ? '' : i}`;
    if (!image.find(candidate)) return candidate;
  }
}

/** Makes file changes and records them for removal. */
export class FileRecorder {
  readonly files: FileRecord[] = [];
  readonly createdDirectories: string[] = [];
  private readonly backupNames = new Set<string>();
  /** Where the door is told the next write goes (one object for every write: the door keeps none). */
  private readonly located: Located = {};
  /** The uninstall folder's path with its backslash, made once. */
  private backupWithin: string | undefined;

  constructor(
    private readonly image: ImageCore,
    /** The uninstall folder, or undefined when no backup is kept (-n). */
    readonly backupFolder: string | undefined,
    reserved: readonly string[] = [],
  ) {
    for (const name of reserved) this.backupNames.add(foldName(name));
  }

  /**
   * Creates a folder and its missing parents, remembering each one created. Gives the folder when
   * the path is in normal form (for `locateIn`), else undefined.
   */
  ensureDirectory(path: string): Folder | undefined {
    // a folder in the image's folder cache is there: most calls name one folder again and again
    const known = this.image.folder(path);
    if (known) return known;
    const missing: string[] = [];
    for (let dir = path; dir.includes('\\') && !this.image.find(dir); dir = parentOf(dir))
      missing.unshift(dir);
    for (const dir of missing) {
      applyOp(this.image, { kind: 'mkdir', path: dir });
      this.createdDirectories.push(this.image.pathOf(this.image.require(dir)));
    }
    return this.image.folder(path);
  }

  private backupName(target: string): string {
    const name = baseName(target);
    for (let i = 1; ; i++) {
      const relative = i === 1 ? name : `${i}\\${name}`;
      // a new name adds to the set
      const before = this.backupNames.size;
      this.backupNames.add(foldName(relative));
      if (this.backupNames.size > before) return relative;
    }
  }

  /**
   * Copies the file at `target` (if any) into the uninstall folder and records the change to come.
   * `known` is where the target was found before (the plan), reused while it is still current.
   */
  recordChange(target: string, known?: Location): void {
    const current = this.stillCurrent(known);
    const entry = current ? current.entry : this.image.find(target);
    if (!entry || entry.isDir) {
      this.files.push({ target, action: 'added' });
      return;
    }
    const stored = this.image.pathOf(entry);
    if (!this.backupFolder) {
      this.files.push({ target: stored, action: 'replaced' });
      return;
    }
    const relative = this.backupName(stored);
    // most backups go straight into the uninstall folder: its name is at hand, not cut from the path
    const nested = relative.includes('\\');
    const within = nested
      ? `${this.backupFolder}\\${parentOf(relative)}\\`
      : (this.backupWithin ??= `${this.backupFolder}\\`);
    const name = nested ? baseName(relative) : relative;
    const folder = this.ensureDirectory(within.slice(0, -1));
    const location =
      folder && within.length + name.length <= MAX_PATH_CHARS ? this.image.locateIn(folder, name) : undefined;
    const data = this.image.storedContent(entry);
    if (location) applyWriteAt(this.image, within, name, data, metaOf(entry), location);
    else applyOp(this.image, { kind: 'write', path: within + name, data, meta: metaOf(entry) });
    this.files.push({ target: stored, action: 'replaced', backup: relative });
  }

  /** A location found before (by the plan), if it still tells where its path leads. */
  private stillCurrent(known: Location | undefined): Location | undefined {
    return known && this.image.isStillCurrent(known) ? known : undefined;
  }

  /** Writes a file in place (creating its folders), keeping an existing file's attributes. */
  write(target: string, data: Uint8Array, version: string | undefined, known?: Location): void {
    // A path in a known folder is located once, here or before, and the door is given the location.
    const location = this.stillCurrent(known) ?? locationOf(this.image, target);
    const entry = location ? location.entry : this.image.find(target);
    if (!location && !entry) this.ensureDirectory(parentOf(target));
    const attributes = entry?.attributes ?? 0x20;
    // a file there is written at its stored path, its folder's and its own name; a new one at the
    // target, which is its folder's stored path and its name when written as the folder is stored
    const folder =
      location &&
      (entry ? this.image.folderPath(entry.parent!) : storedFolderOf(this.image, target, location));
    if (folder !== undefined) {
      const name = entry ? entry.name : location!.name;
      applyVersionedWriteAt(this.image, folder, name, data, version ?? null, attributes, location!);
      return;
    }
    const meta: FileMeta = { version: version ?? null, attributes };
    const path = entry ? this.image.pathOf(entry) : target;
    this.located.location = location;
    applyOp(this.image, { kind: 'write', path, data, meta }, location ? this.located : undefined);
  }
}

/**
 * The stored path of the folder `location` is in (with its backslash) when `path`, where it leads,
 * is that and its name; otherwise undefined.
 */
function storedFolderOf(image: ImageCore, path: string, location: Location): string | undefined {
  const folder = image.folderPath(location.parent!);
  const { name } = location;
  return path.length === folder.length + name.length && path.startsWith(folder) && path.endsWith(name)
    ? folder
    : undefined;
}

/** Deletes a folder and everything in it, children first. */
export function deleteTree(image: ImageCore, path: string): void {
  const entry = image.find(path);
  if (!entry) return;
  if (entry.isDir)
    for (const child of [...(entry.children?.values() ?? [])]) deleteTree(image, image.pathOf(child));
  applyOp(image, { kind: 'delete', path: image.pathOf(entry) });
}
