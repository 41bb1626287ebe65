import { WinError } from '../errors/index.js';
import {
  EnvironmentTable,
  expandEnvironmentStrings,
  foldName,
  foldNormalName,
  isShortName,
  resolveNormalDrivePath,
  resolvePath,
  shortNameFor,
  type ResolvedPath,
} from '../path/index.js';
import { RegistryStore } from '../registry/index.js';
import { asBuffer } from './byte-store.js';
import { attributeNames } from './attributes.js';
import { ACCESS_BITS, type Entry, type HandleRecord } from './entry.js';
import type { Journal } from './primitive.js';
import type {
  Access,
  EventLogEntry,
  EventType,
  FileStat,
  OpenOptions,
  ProcessInfo,
  ProcessOptions,
  ServiceInfo,
  ServiceStart,
  SessionState,
  VolumeInfo,
  VolumeOptions,
} from './types.js';
import { DriveVolume } from './volume.js';

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
   * found in a known folder: {@link ImageCore.isStillCurrent} then checks it without a lookup.
   */
  folded?: string;
  generation?: number;
}

/** A process running in the image. */
export interface ProcessRecord {
  pid: number;
  name: string;
  session: number;
  service: string | undefined;
  mapped: Entry[];
  handles: Set<number>;
}

/** A service the image knows (its registry entry lives in the registry; this is its runtime record). */
export interface ServiceRecord {
  name: string;
  displayName: string;
  imagePath: string;
  start: ServiceStart;
  process: string;
  holds: string[];
  pid: number | undefined;
}

interface HandleEntry {
  record: HandleRecord;
  entry: Entry;
}

/** A handle returned by `open`: close it to release the file. */
export interface FileHandle {
  readonly id: number;
  readonly path: string;
  close(): void;
}

const HARNESS_PROCESS = 'svcpack-harness.exe';
const EMPTY = Buffer.alloc(0);

/** Metadata of an adopted entry (fork, load). */
export interface AdoptMeta {
  attributes: number;
  version: string | undefined;
  created: number;
  modified: number;
  shortName?: string | undefined;
  contentHash?: bigint | undefined;
}

/**
 * The state of one Windows machine: volumes with their case-insensitive entry trees, the
 * registry, processes, services, handles, the System event log and the clock. Reading is free;
 * changing files or the registry goes through src/ops, which calls the `raw*` methods here.
 */
export class ImageCore {
  readonly registry: RegistryStore;
  protected readonly volumeMap = new Map<string, DriveVolume>();
  private readonly uncMap = new Map<string, DriveVolume>();
  private readonly rootVolumes = new Map<Entry, DriveVolume>();
  readonly processTable = new Map<number, ProcessRecord>();
  readonly serviceTable = new Map<string, ServiceRecord>();
  private readonly handleTable = new Map<number, HandleEntry>();
  private nextPid = 4;
  private nextHandle = 1;
  /** The System event log (not part of the digest). */
  events: EventLogEntry[] = [];
  /** The image's own clock, in milliseconds since the epoch. Operations stamp times from it. */
  clock: number;
  /** The caller's session and rights, and Terminal Server install mode. */
  session: SessionState = { session: 0, administrator: true, installMode: false };
  /** An open transaction's write-ahead journal; survives power cuts, saves and forks. */
  journal: Journal | undefined;
  /** Set by a power cut: nothing may change until the next reboot. */
  poweredOff = false;
  /** Small persisted state of lower layers (e.g. the last boot's report), by name. Not part of the digest. */
  readonly notes = new Map<string, string>();
  /** The drive of the system root (`C`). */
  systemDrive = 'C';
  /** Windows File Protection's list: folded full paths of protected files (sfcfiles.dll's list). */
  readonly protectedPaths = new Set<string>();

  constructor(options: { time?: number; registry?: RegistryStore } = {}) {
    this.clock = options.time ?? Date.UTC(2003, 5, 26, 12, 0, 0);
    this.registry = options.registry ?? new RegistryStore();
  }

  /** Advances the clock by `ms` (at least 1) and returns the new time. */
  tick(ms = 1): number {
    this.clock += ms;
    return this.clock;
  }

  // ---- volumes ----

  /** Adds an empty volume. */
  addVolume(options: VolumeOptions): DriveVolume {
    const volume = new DriveVolume(options, this.clock);
    if (!/^[A-Z]$/.test(volume.letter)) {
      throw new WinError('ERROR_INVALID_DRIVE', options.letter, 'a drive letter is one letter A-Z');
    }
    if (this.volumeMap.has(volume.letter)) {
      throw new WinError('ERROR_ALREADY_EXISTS', `${volume.letter}:`, 'the drive letter is in use');
    }
    this.volumeMap.set(volume.letter, volume);
    this.structureGeneration++;
    if (volume.unc) this.uncMap.set(foldName(volume.unc), volume);
    this.rootVolumes.set(volume.root, volume);
    return volume;
  }

  /** Removes a volume (a CD taken out, a share disconnected). */
  removeVolume(letter: string): void {
    const volume = this.volume(letter);
    this.volumeMap.delete(volume.letter);
    this.structureGeneration++;
    if (volume.unc) this.uncMap.delete(foldName(volume.unc));
    this.rootVolumes.delete(volume.root);
  }

  /** The volume of a drive letter; ERROR_INVALID_DRIVE if there is none. */
  volume(letter: string): DriveVolume {
    const volume = this.volumeMap.get(
      (letter.length === 1 ? letter : letter.replace(/:$/, '')).toUpperCase(),
    );
    if (!volume) throw new WinError('ERROR_INVALID_DRIVE', letter);
    return volume;
  }

  /** The volume of a drive letter, or undefined. */
  findVolume(letter: string): DriveVolume | undefined {
    return this.volumeMap.get(letter.toUpperCase());
  }

  /** Every volume, in drive-letter order. */
  allVolumes(): DriveVolume[] {
    return [...this.volumeMap.values()].sort((a, b) => (a.letter < b.letter ? -1 : 1));
  }

  /** What `image.volumes()` shows. */
  volumes(): VolumeInfo[] {
    return this.allVolumes().map((v) => v.info());
  }

  /** The volume an entry belongs to. */
  volumeOf(entry: Entry): DriveVolume {
    let root = entry;
    while (root.parent) root = root.parent;
    const volume = this.rootVolumes.get(root);
    if (!volume)
      throw new WinError('ERROR_FILE_NOT_FOUND', entry.name, 'the entry is no longer in the image');
    return volume;
  }

  // ---- paths ----

  /** Bumped by every registry change (the ops door does it), so derived values can be cached. */
  registryGeneration = 0;
  private environmentCache:
    { generation: number; drive: string; env: Map<string, string>; table: EnvironmentTable } | undefined;

  /** The image's environment: the Session Manager's Environment values plus SystemRoot and SystemDrive. */
  environment(): Map<string, string> {
    return new Map(this.currentEnvironment().env);
  }

  /** The cached environment, read again after a registry change or a new system drive. */
  private currentEnvironment(): { env: Map<string, string>; table: EnvironmentTable } {
    const cached = this.environmentCache;
    if (cached && cached.generation === this.registryGeneration && cached.drive === this.systemDrive) {
      return cached;
    }
    const env = this.readEnvironment();
    this.environmentCache = {
      generation: this.registryGeneration,
      drive: this.systemDrive,
      env,
      table: new EnvironmentTable(env),
    };
    return this.environmentCache;
  }

  /** ExpandEnvironmentStrings against the image's environment. */
  expand(text: string): string {
    if (!text.includes('%')) return text;
    return expandEnvironmentStrings(text, this.currentEnvironment().table);
  }

  private readEnvironment(): Map<string, string> {
    const env = new Map<string, string>();
    const envKey = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment';
    for (const name of this.registry.keyExists(envKey) ? this.registry.listValues(envKey) : []) {
      const value = this.registry.getValue(envKey, name);
      if (value && typeof value.data === 'string') env.set(name, value.data);
    }
    const root = this.registry.getValue(
      'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
      'SystemRoot',
    );
    if (root && typeof root.data === 'string') {
      env.set('SystemRoot', root.data);
      env.set('windir', root.data);
    }
    env.set('SystemDrive', `${this.systemDrive}:`);
    for (const [name, value] of env) env.set(name, expandEnvironmentStrings(value, env));
    return env;
  }

  /** Resolves a path string to its normalised parts (no lookup). */
  resolve(path: string, options?: { directory?: boolean }): ResolvedPath {
    return (
      resolveNormalDrivePath(path, options?.directory) ??
      resolvePath(path, { currentDrive: this.systemDrive }, options)
    );
  }

  private volumeFor(resolved: ResolvedPath, given: string): DriveVolume {
    if (resolved.drive) {
      const volume = this.volumeMap.get(resolved.drive.toUpperCase());
      if (!volume) throw new WinError('ERROR_PATH_NOT_FOUND', given, `there is no drive ${resolved.drive}:`);
      return volume;
    }
    const unc = `\\\\${resolved.server ?? ''}\\${resolved.share ?? ''}`;
    const volume = this.uncMap.get(foldName(unc));
    if (!volume) throw new WinError('ERROR_BAD_NETPATH', given, `no share ${unc} is mounted`);
    return volume;
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
    const volume = this.volumeFor(resolved, path);
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
    const volume = this.findVolume(normal.drive!);
    if (!volume) return undefined;
    const segments = normal.segments;
    if (segments.length === 0) return volume.root;
    const dir = this.folderOf(volume, segments, path);
    return dir && findChild(dir, segments[segments.length - 1]);
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

  private folderCache: { generation: number; folders: Map<string, { volume: DriveVolume; dir: Entry }> } = {
    generation: -1,
    folders: new Map(),
  };

  /**
   * Folders reached by a drive path as written, until a folder moves or goes or a volume changes:
   * an install, a boot or a scan names many files of the same few folders.
   */
  private cachedFolders(): Map<string, { volume: DriveVolume; dir: Entry }> {
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
    if (cut < 3 || path.length > (directory ? 247 : 259)) return undefined;
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
    if (this.volumeMap.get(volume.letter) !== volume) return false;
    if (entry) return entry.parent === parent && parent.children?.get(folded) === entry;
    return !parent.children?.has(folded) && aliasChild(parent, folded) === undefined;
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

  /** The full stored path of an entry: `C:\WINNT\system32\x.dll`. */
  pathOf(entry: Entry): string {
    return entry.parent ? this.folderPath(entry.parent) + entry.name : this.volumeOf(entry).displayRoot;
  }

  /** Bumped whenever a folder is moved or removed: cached folder paths and lookups are then stale. */
  structureGeneration = 0;
  private readonly folderPaths = new WeakMap<Entry, { generation: number; path: string }>();

  /** A folder's full path with a trailing backslash, cached until the structure changes. */
  private folderPath(dir: Entry): string {
    if (!dir.parent) return this.volumeOf(dir).displayRoot;
    const cached = this.folderPaths.get(dir);
    if (cached && cached.generation === this.structureGeneration) return cached.path;
    const path = `${this.folderPath(dir.parent)}${dir.name}\\`;
    this.folderPaths.set(dir, { generation: this.structureGeneration, path });
    return path;
  }

  /** Whether Windows File Protection protects this path (by name, whatever is there now). */
  isProtectedPath(path: string): boolean {
    const entry = this.find(path);
    return entry ? this.isProtectedEntry(entry) : this.protectedPaths.has(foldName(this.displayPath(path)));
  }

  /** Whether an existing file is on Windows File Protection's list. */
  isProtectedEntry(entry: Entry): boolean {
    return this.protectedPaths.has(foldName(this.pathOf(entry)));
  }

  /** Files an OEM supplied (folded full paths): a service pack does not replace them without `-o`. */
  readonly oemPaths = new Set<string>();

  /** Marks a path as OEM-supplied. */
  markOem(path: string): void {
    this.oemPaths.add(foldName(this.displayPath(path)));
  }

  /** Whether the file at the path was supplied by an OEM. */
  isOemPath(path: string): boolean {
    const entry = this.find(path);
    return entry ? this.isOemEntry(entry) : this.oemPaths.has(foldName(this.displayPath(path)));
  }

  /** Whether an existing file is one an OEM supplied. */
  isOemEntry(entry: Entry): boolean {
    return this.oemPaths.has(foldName(this.pathOf(entry)));
  }

  /** Adds paths to Windows File Protection's list. */
  protectPaths(paths: Iterable<string>): void {
    for (const path of paths) this.protectedPaths.add(foldName(this.displayPath(path)));
  }

  /** A path in its full display form without requiring it to exist (`C:\A\b`). */
  displayPath(path: string): string {
    const r = this.resolve(path);
    const root = r.drive ? `${r.drive.toUpperCase()}:` : `\\\\${r.server}\\${r.share}`;
    return `${root}\\${r.segments.join('\\')}`;
  }

  // ---- reading ----

  /** Whether a file or folder exists at the path. */
  exists(path: string): boolean {
    return this.find(path) !== undefined;
  }

  /** The content of a file entry (a view of the stored bytes: do not modify). */
  content(entry: Entry): Buffer {
    if (!entry.link) return entry.pending ?? EMPTY;
    return this.volumeOf(entry).store.content(entry.link, entry.size);
  }

  /** A copy of a file's content. ERROR_ACCESS_DENIED for a folder. */
  readFile(path: string): Buffer {
    const entry = this.require(path);
    if (entry.isDir) throw new WinError('ERROR_ACCESS_DENIED', path, 'it is a folder');
    return Buffer.from(this.content(entry));
  }

  /** GetFileAttributesEx plus the version resource, as `FileStat`. */
  stat(path: string): FileStat {
    return this.statEntry(this.require(path));
  }

  /** `stat` of an entry. */
  statEntry(entry: Entry): FileStat {
    const volume = this.volumeOf(entry);
    const stat: FileStat = {
      name: entry.parent ? entry.name : volume.displayRoot,
      path: this.pathOf(entry),
      size: entry.isDir ? 0 : entry.size,
      allocated: entry.isDir ? 0 : volume.allocation(entry.size),
      isDirectory: entry.isDir,
      attributes: attributeNames(entry.attributes, entry.isDir),
      created: entry.created,
      modified: entry.modified,
    };
    if (entry.shortName) stat.shortName = entry.shortName;
    if (entry.version) stat.version = entry.version;
    return stat;
  }

  /** The names in a folder as stored (case preserved), sorted the way NTFS lists them (by folded name). */
  readdir(path: string): string[] {
    const entry = this.require(path);
    if (!entry.isDir) throw new WinError('ERROR_DIRECTORY', path, 'it is a file');
    return sortedChildren(entry).map((child) => child.name);
  }

  // ---- handles ----

  /**
   * Opens an existing file or folder with an access and a share mode. ERROR_SHARING_VIOLATION if
   * the access is not allowed by every open handle's share mode, or the share mode denies an access
   * an open handle has; a mapped image cannot be opened for writing.
   */
  open(path: string, options: OpenOptions): FileHandle {
    const entry = this.require(path);
    const access = accessBits(options.access);
    const share = accessBits(options.share);
    const volume = this.volumeOf(entry);
    if (access & ACCESS_BITS.write) {
      if (volume.type === 'cdrom') throw new WinError('ERROR_WRITE_PROTECT', path);
      if (entry.attributes & 1) throw new WinError('ERROR_ACCESS_DENIED', path, 'the file is read-only');
      if (entry.mappedBy > 0)
        throw new WinError('ERROR_SHARING_VIOLATION', path, 'the file is a loaded image');
    }
    this.checkShare(entry, access, share, path);
    const pid = this.processFor(options.process);
    const record: HandleRecord = { id: this.nextHandle++, pid, access, share };
    (entry.handles ??= []).push(record);
    this.handleTable.set(record.id, { record, entry });
    this.processTable.get(pid)?.handles.add(record.id);
    return { id: record.id, path: this.pathOf(entry), close: () => this.closeHandle(record.id) };
  }

  /** Refuses an access that open handles do not share, or a share mode that denies what they hold. */
  checkShare(entry: Entry, access: number, share: number, path: string): void {
    for (const h of entry.handles ?? []) {
      if ((access & ~h.share) !== 0 || (h.access & ~share) !== 0) {
        throw new WinError('ERROR_SHARING_VIOLATION', path, `handle ${h.id} of process ${h.pid} holds it`);
      }
    }
  }

  /** Closes a handle; closing it twice is ERROR_INVALID_HANDLE. */
  closeHandle(id: number): void {
    const handle = this.handleTable.get(id);
    if (!handle) throw new WinError('ERROR_INVALID_HANDLE', undefined, `handle ${id} is not open`);
    this.handleTable.delete(id);
    const list = handle.entry.handles;
    if (list) {
      const at = list.indexOf(handle.record);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) handle.entry.handles = undefined;
    }
    this.processTable.get(handle.record.pid)?.handles.delete(id);
  }

  /** Open handles: how many there are. */
  get openHandleCount(): number {
    return this.handleTable.size;
  }

  // ---- processes and services ----

  private processFor(process: string | number | undefined): number {
    if (typeof process === 'number') {
      if (!this.processTable.has(process))
        throw new WinError('ERROR_INVALID_PARAMETER', undefined, `no process ${process}`);
      return process;
    }
    const name = process ?? HARNESS_PROCESS;
    const folded = foldName(name);
    for (const p of this.processTable.values()) if (foldName(p.name) === folded) return p.pid;
    return this.startProcess(name);
  }

  /** Starts a process that maps the files in `holds`; returns its pid. */
  startProcess(name: string, options: ProcessOptions = {}): number {
    if (this.poweredOff) throw new WinError('ERROR_NOT_READY', name, 'the machine is off: reboot it');
    const mapped = (options.holds ?? []).map((path) => {
      const entry = this.require(path);
      if (entry.isDir) throw new WinError('ERROR_ACCESS_DENIED', path, 'a folder cannot be mapped');
      return entry;
    });
    const pid = this.nextPid;
    this.nextPid += 4;
    for (const entry of mapped) entry.mappedBy++;
    this.processTable.set(pid, {
      pid,
      name,
      session: options.session ?? 0,
      service: options.service,
      mapped,
      handles: new Set(),
    });
    return pid;
  }

  /** Ends a process: its handles close and its images unmap. */
  stopProcess(pid: number): void {
    const process = this.processTable.get(pid);
    if (!process) throw new WinError('ERROR_INVALID_PARAMETER', undefined, `no process ${pid}`);
    for (const id of [...process.handles]) this.closeHandle(id);
    for (const entry of process.mapped) entry.mappedBy--;
    this.processTable.delete(pid);
    for (const service of this.serviceTable.values()) if (service.pid === pid) service.pid = undefined;
  }

  /** Every running process. */
  processes(): ProcessInfo[] {
    return [...this.processTable.values()].map((p) => {
      const info: ProcessInfo = {
        pid: p.pid,
        name: p.name,
        session: p.session,
        holds: p.mapped.map((e) => this.pathOf(e)),
        handles: p.handles.size,
      };
      if (p.service) info.service = p.service;
      return info;
    });
  }

  /** Ends every process (a reboot or a power cut). */
  stopAllProcesses(): void {
    for (const pid of [...this.processTable.keys()]) this.stopProcess(pid);
  }

  /** Registers a service's runtime record. */
  defineService(service: Omit<ServiceRecord, 'pid'>): void {
    this.serviceTable.set(foldName(service.name), { ...service, holds: [...service.holds], pid: undefined });
  }

  private service(name: string): ServiceRecord {
    const service = this.serviceTable.get(foldName(name));
    if (!service) throw new WinError('ERROR_SERVICE_DOES_NOT_EXIST', name);
    return service;
  }

  /** Starts a service: its process maps the files it holds. Starting a running service does nothing. */
  startService(name: string): number {
    const service = this.service(name);
    if (service.pid !== undefined) return service.pid;
    const holds = service.holds.filter((path) => this.find(path)?.isDir === false);
    service.pid = this.startProcess(service.process, { holds, service: service.name });
    return service.pid;
  }

  /** Stops a service (net stop). */
  stopService(name: string): void {
    const service = this.service(name);
    if (service.pid !== undefined) this.stopProcess(service.pid);
    service.pid = undefined;
  }

  /** Every service with its state. */
  services(): ServiceInfo[] {
    return [...this.serviceTable.values()].map((s) => {
      const info: ServiceInfo = {
        name: s.name,
        displayName: s.displayName,
        imagePath: s.imagePath,
        start: s.start,
        process: s.process,
        holds: [...s.holds],
        state: s.pid === undefined ? 'stopped' : 'running',
      };
      if (s.pid !== undefined) info.pid = s.pid;
      return info;
    });
  }

  /** Starts every service set to start automatically (after a boot). */
  startAutomaticServices(): string[] {
    const started: string[] = [];
    for (const s of this.serviceTable.values()) {
      if (s.start === 'auto' || s.start === 'boot' || s.start === 'system') {
        this.startService(s.name);
        started.push(s.name);
      }
    }
    return started;
  }

  // ---- event log ----

  /** Appends an entry to the System event log. */
  logEvent(source: string, eventId: number, type: EventType, message: string): EventLogEntry {
    const entry: EventLogEntry = {
      record: this.events.length + 1,
      time: this.clock,
      source,
      eventId,
      type,
      message,
    };
    this.events.push(entry);
    return entry;
  }

  // ---- raw changes: only src/ops calls these ----

  /**
   * The memfs link of an entry, created on first need (with its parents'): entries of a forked or
   * loaded image keep their bytes in shared buffers until they are changed.
   */
  private linkOf(volume: DriveVolume, entry: Entry): NonNullable<Entry['link']> {
    if (entry.link) return entry.link;
    const parentLink = this.linkOf(volume, entry.parent!);
    entry.link = entry.isDir
      ? volume.store.createDirectory(parentLink, entry.name)
      : volume.store.createFile(parentLink, entry.name, entry.pending ?? EMPTY);
    entry.pending = undefined;
    return entry.link;
  }

  /** Creates a folder entry under `parent`; its memfs folder is made when a file in it first needs one. */
  rawMkdir(parent: Entry, name: string, time: number, attributes = 0): Entry {
    const entry = newEntry(name, parent, true, undefined, attributes, time);
    entry.children = new Map();
    entry.shortChildren = new Map();
    attach(parent, entry);
    return entry;
  }

  /**
   * Creates a file entry under `parent` holding `data` (shared, not copied); ERROR_DISK_FULL if the
   * volume lacks room. Like a forked or loaded file, it gets its memfs node when its content first changes.
   */
  rawCreateFile(
    volume: DriveVolume,
    parent: Entry,
    name: string,
    data: Uint8Array,
    meta: { attributes: number; version: string | undefined; created: number; modified: number },
    /** `foldName(name)`, when the caller has it. */
    folded?: string,
  ): Entry {
    const need = volume.allocation(data.byteLength);
    if (need > volume.free) throw diskFull(volume, need, this.folderPath(parent) + name);
    const entry = newEntry(name, parent, false, undefined, meta.attributes, meta.created);
    entry.pending = asBuffer(data);
    entry.modified = meta.modified;
    entry.version = meta.version;
    entry.size = data.byteLength;
    volume.used += need;
    attach(parent, entry, folded);
    return entry;
  }

  /** Replaces a file's content; ERROR_DISK_FULL (nothing changed) if the volume lacks room. */
  rawReplaceContent(entry: Entry, data: Uint8Array): void {
    const volume = this.volumeOf(entry);
    const delta = volume.allocation(data.byteLength) - volume.allocation(entry.size);
    if (delta > volume.free) throw diskFull(volume, delta, this.pathOf(entry));
    if (entry.link) volume.store.setContent(entry.link, data);
    else {
      entry.pending = asBuffer(data);
      this.linkOf(volume, entry);
    }
    volume.used += delta;
    entry.size = data.byteLength;
    entry.contentHash = undefined;
  }

  /** Removes a file or an empty folder. */
  rawRemove(entry: Entry): void {
    if (entry.isDir) this.structureGeneration++;
    const volume = this.volumeOf(entry);
    if (!entry.parent)
      throw new WinError('ERROR_ACCESS_DENIED', volume.displayRoot, 'a volume root cannot be removed');
    if (entry.isDir && entry.children && entry.children.size > 0) {
      throw new WinError('ERROR_DIR_NOT_EMPTY', this.pathOf(entry));
    }
    if (!entry.isDir) volume.used -= volume.allocation(entry.size);
    for (const h of entry.handles ?? []) {
      this.handleTable.delete(h.id);
      this.processTable.get(h.pid)?.handles.delete(h.id);
    }
    entry.handles = undefined;
    detach(entry.parent, entry);
    if (entry.link) volume.store.remove(entry.link);
    entry.link = undefined;
    entry.pending = undefined;
    entry.parent = undefined;
  }

  /** Moves an entry (and its subtree) to a new parent and name on the same volume. The target must be free. */
  rawMove(entry: Entry, newParent: Entry, newName: string): void {
    if (entry.isDir) this.structureGeneration++;
    const volume = this.volumeOf(entry);
    if (!entry.parent) throw new WinError('ERROR_ACCESS_DENIED', volume.displayRoot);
    detach(entry.parent, entry);
    if (entry.link) volume.store.move(entry.link, this.linkOf(volume, newParent), newName);
    entry.name = newName;
    entry.shortName = undefined;
    entry.parent = newParent;
    attach(newParent, entry);
  }

  /**
   * Adds an entry whose memfs link is made on first change (a fork or a load): `data` is the file's
   * bytes, shared, or undefined for a folder. The caller accounts the volume's space.
   */
  rawAdopt(parent: Entry, name: string, data: Buffer | undefined, meta: AdoptMeta): Entry {
    const entry = newEntry(name, parent, data === undefined, undefined, meta.attributes, meta.created);
    entry.modified = meta.modified;
    entry.version = meta.version;
    if (data === undefined) {
      entry.children = new Map();
      entry.shortChildren = new Map();
    } else {
      entry.pending = data;
      entry.size = data.byteLength;
      entry.contentHash = meta.contentHash;
    }
    parent.children!.set(foldName(name), entry);
    if (meta.shortName) {
      entry.shortName = meta.shortName;
      parent.shortChildren!.set(foldName(meta.shortName), entry);
    } else if (!isShortName(name)) {
      attach(parent, entry);
    }
    return entry;
  }
}

function diskFull(volume: DriveVolume, need: number, path: string): WinError {
  return new WinError(
    'ERROR_DISK_FULL',
    path,
    `drive ${volume.letter}: needs ${need} more bytes but has ${volume.free} free of ${volume.capacity}`,
  );
}

function newEntry(
  name: string,
  parent: Entry,
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
    modified: time,
    size: 0,
    contentHash: undefined,
    mappedBy: 0,
    handles: undefined,
  };
}

/** Child lookup by folded long name, then by folded 8.3 alias. */
export function findChild(dir: Entry, name: string): Entry | undefined {
  return childByFolded(dir, foldName(name));
}

/** The child of a folder by its folded long name or 8.3 alias. */
function childByFolded(dir: Entry, folded: string): Entry | undefined {
  return dir.children?.get(folded) ?? aliasChild(dir, folded);
}

/** The child whose 8.3 alias is `folded`; a name longer than an alias (8, a dot, 3) is not looked up. */
function aliasChild(dir: Entry, folded: string): Entry | undefined {
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

function attach(parent: Entry, entry: Entry, folded = foldName(entry.name)): void {
  parent.children!.set(folded, entry);
  if (!isShortName(entry.name)) {
    takenIn.folder = parent;
    entry.shortName = shortNameFor(entry.name, takenIn);
    takenIn.folder = undefined;
    // an alias is upper-case ASCII: its own folded form
    parent.shortChildren!.set(entry.shortName, entry);
  }
}

function detach(parent: Entry, entry: Entry): void {
  parent.children!.delete(foldName(entry.name));
  if (entry.shortName) parent.shortChildren!.delete(foldName(entry.shortName));
}

function accessBits(list: readonly Access[]): number {
  let bits = 0;
  for (const a of list) {
    const bit = ACCESS_BITS[a];
    if (bit === undefined)
      throw new WinError('ERROR_INVALID_PARAMETER', undefined, `unknown access '${String(a)}'`);
    bits |= bit;
  }
  return bits;
}
