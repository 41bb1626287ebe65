import { WinError } from '../errors/index.js';
import { expandEnvironmentStrings, foldName, type ResolvedPath } from '../path/index.js';
import { RegistryStore } from '../registry/index.js';
import type { Entry } from './entry.js';
import { currentEnvironment, type Environment } from './environment.js';
import { appendEvent } from './event-log.js';
import { checkShare, HandleTable, type FileHandle } from './handles.js';
import { Namespace, type Folder, type Location } from './namespace.js';
import type { Journal } from './primitive.js';
import { ProcessTable, type ProcessRecord, type ServiceRecord } from './processes.js';
import { RawStorage, type AdoptMeta } from './raw-storage.js';
import { statOf } from './stat.js';
import { sortedChildren } from './tree.js';
import type {
  EventLogEntry,
  EventType,
  FileStat,
  OpenOptions,
  ProcessInfo,
  ProcessOptions,
  ServiceDefinition,
  ServiceInfo,
  SessionState,
  VolumeInfo,
  VolumeOptions,
} from './types.js';
import { ImageNotes } from './notes.js';
import { VolumeTable } from './volume-table.js';
import type { DriveVolume } from './volume.js';

/**
 * The state of one Windows machine: volumes with their case-insensitive entry trees, the
 * registry, processes, services, handles, the System event log and the clock. Reading is free;
 * changing files or the registry goes through src/ops, which calls the `raw*` methods here.
 * Each concern lives in its own part (volume-table, namespace, handles, processes, raw-storage);
 * this class holds the machine's state and puts them together.
 */
export class ImageCore {
  readonly registry: RegistryStore;
  private readonly volumeTable = new VolumeTable();
  private readonly namespace = new Namespace(this.volumeTable);
  private readonly processList: ProcessTable = new ProcessTable(this);
  /**
   * The delete a delete-pending entry (N3) gets at its last close, in any image (a fork's, a load's):
   * the ops layer sets its logged delete; without it, the raw removal.
   */
  static pendingDelete: (image: ImageCore, entry: Entry) => void = (image, entry) => image.rawRemove(entry);
  /** The open handles (see handles.ts); forks and loads restore them through it. */
  readonly handleTable = new HandleTable(this.processList, (entry) => ImageCore.pendingDelete(this, entry));
  private readonly storage = new RawStorage(this.volumeTable, this.namespace, this.handleTable);
  readonly processTable: Map<number, ProcessRecord> = this.processList.processes;
  readonly serviceTable: Map<string, ServiceRecord> = this.processList.services;
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
  /** Small persisted state of the layers above (see `NoteKind`). Not part of the digest. */
  readonly notes = new ImageNotes();
  /** Windows File Protection's list: folded full paths of protected files (sfcfiles.dll's list). */
  readonly protectedPaths = new Set<string>();
  /** Files an OEM supplied (folded full paths): a service pack does not replace them without `-o`. */
  readonly oemPaths = new Set<string>();
  private environmentCache: Environment | undefined;

  constructor(options: { time?: number; registry?: RegistryStore } = {}) {
    this.clock = options.time ?? Date.UTC(2003, 5, 26, 12, 0, 0);
    this.registry = options.registry ?? new RegistryStore();
  }

  /** Advances the clock by `ms` (at least 1) and returns the new time. */
  tick(ms = 1): number {
    this.clock += ms;
    return this.clock;
  }

  /** The drive of the system root (`C`). */
  get systemDrive(): string {
    return this.namespace.systemDrive;
  }

  set systemDrive(drive: string) {
    this.namespace.systemDrive = drive;
  }

  // ---- volumes ----

  /** Adds an empty volume. */
  addVolume(options: VolumeOptions): DriveVolume {
    const volume = this.volumeTable.add(options, this.clock);
    this.namespace.structureGeneration++;
    return volume;
  }

  /** Removes a volume (a CD taken out, a share disconnected). */
  removeVolume(letter: string): void {
    this.volumeTable.remove(letter);
    this.namespace.structureGeneration++;
  }

  /** The volume of a drive letter; ERROR_INVALID_DRIVE if there is none. */
  volume(letter: string): DriveVolume {
    return this.volumeTable.get(letter);
  }

  /** The volume of a drive letter, or undefined. */
  findVolume(letter: string): DriveVolume | undefined {
    return this.volumeTable.find(letter);
  }

  /** Every volume, in drive-letter order. */
  allVolumes(): DriveVolume[] {
    return this.volumeTable.all();
  }

  /** What `image.volumes()` shows. */
  volumes(): VolumeInfo[] {
    return this.allVolumes().map((v) => v.info());
  }

  /** The volume an entry belongs to. */
  volumeOf(entry: Entry): DriveVolume {
    return this.volumeTable.of(entry);
  }

  // ---- environment ----

  /** The image's environment: the Session Manager's Environment values plus SystemRoot and SystemDrive. */
  environment(): Map<string, string> {
    return new Map(this.currentEnvironment().env);
  }

  /** ExpandEnvironmentStrings against the image's environment. */
  expand(text: string): string {
    if (!text.includes('%')) return text;
    return expandEnvironmentStrings(text, this.currentEnvironment().table);
  }

  /** The cached environment, read again after a registry change or a new system drive. */
  private currentEnvironment(): Environment {
    return (this.environmentCache = currentEnvironment(
      this.environmentCache,
      this.registry,
      this.registry.changeCount,
      this.systemDrive,
    ));
  }

  // ---- paths (see namespace.ts for the lookup vocabulary) ----

  /** Resolves a path string to its normalised parts (no lookup). */
  resolve(path: string, options?: { directory?: boolean }): ResolvedPath {
    return this.namespace.resolve(path, options);
  }

  /**
   * Finds where a path leads. Every folder on the way must exist (ERROR_PATH_NOT_FOUND); the last
   * segment may be absent (`entry` undefined). Long names and 8.3 aliases both match.
   */
  locate(path: string, options?: { directory?: boolean }): Location {
    return this.namespace.locate(path, options);
  }

  /** The folder at a normal-form path, from the one folder cache: see {@link Namespace.folder}. */
  folder(path: string): Folder | undefined {
    return this.namespace.folder(path);
  }
  /** Changes whenever a folder moves or goes or a volume comes or goes: a {@link folder} found before stays right until then. */
  get structureGeneration(): number {
    return this.namespace.structureGeneration;
  }

  /** Where `name` leads in a folder from {@link folder}: see {@link Namespace.locateIn}. */
  locateIn(folder: Folder, name: string, given?: string): Location | undefined {
    return this.namespace.locateIn(folder, name, given);
  }

  /** Whether a cached location still tells where its path leads: see {@link Namespace.isStillCurrent}. */
  isStillCurrent(location: Location): boolean {
    return this.namespace.isStillCurrent(location);
  }

  /** The entry at a path, or undefined if it or a folder on the way is missing. */
  find(path: string): Entry | undefined {
    return this.namespace.find(path);
  }

  /** The entry at a path; ERROR_FILE_NOT_FOUND (or ERROR_PATH_NOT_FOUND) if it is missing. */
  require(path: string): Entry {
    return this.namespace.require(path);
  }

  /** The full stored path of an entry: `C:\WINNT\system32\x.dll`. */
  pathOf(entry: Entry): string {
    return this.namespace.pathOf(entry);
  }

  /**
   * A folder's stored path with its trailing backslash (`C:\WINNT\`), one string per folder until the
   * structure changes: a path of an entry in it is this and the entry's name.
   */
  folderPath(dir: Entry): string {
    return this.namespace.folderPath(dir);
  }

  /** A path in its full display form without requiring it to exist (`C:\A\b`). */
  displayPath(path: string): string {
    return this.namespace.displayPath(path);
  }

  // ---- Windows File Protection's and the OEM's files ----

  /** Whether Windows File Protection protects this path (by name, whatever is there now). */
  isProtectedPath(path: string): boolean {
    const entry = this.find(path);
    return entry ? this.isProtectedEntry(entry) : this.protectedPaths.has(foldName(this.displayPath(path)));
  }

  /** Whether an existing file is on Windows File Protection's list. */
  isProtectedEntry(entry: Entry): boolean {
    // an empty list answers without the entry's path built and folded
    return this.protectedPaths.size > 0 && this.protectedPaths.has(foldName(this.pathOf(entry)));
  }

  /** Adds paths to Windows File Protection's list. */
  protectPaths(paths: Iterable<string>): void {
    for (const path of paths) this.protectedPaths.add(foldName(this.displayPath(path)));
  }

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
    // most images have no OEM file: their check needs no path built and folded
    return this.oemPaths.size > 0 && this.oemPaths.has(foldName(this.pathOf(entry)));
  }

  // ---- reading ----

  /** Whether a file or folder exists at the path. */
  exists(path: string): boolean {
    return this.find(path) !== undefined;
  }

  /** The content of a file entry (a view of the stored bytes: do not modify). */
  content(entry: Entry): Buffer {
    return this.storage.content(entry);
  }

  /** The content as stored, unread if lazily loaded: to move between entries or save, not to read. */
  readonly storedContent = (entry: Entry): Buffer => this.storage.storedContent(entry);

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
    return statOf(entry, this.volumeOf(entry), this.pathOf(entry));
  }

  /** The names in a folder as stored (case preserved), sorted the way NTFS lists them (by folded name). */
  readdir(path: string): string[] {
    const entry = this.require(path);
    if (!entry.isDir) throw new WinError('ERROR_DIRECTORY', path, 'it is a file');
    return sortedChildren(entry).map((child) => child.name);
  }

  // ---- handles (see handles.ts) ----

  /** Opens an existing file or folder with an access and a share mode (see {@link HandleTable.open}). */
  open(path: string, options: OpenOptions): FileHandle {
    const entry = this.require(path);
    const record = this.handleTable.open(entry, this.volumeOf(entry), path, options);
    return { id: record.id, path: this.pathOf(entry), close: () => this.closeHandle(record.id) };
  }

  /** Refuses an access that open handles do not share, or a share mode that denies what they hold. */
  checkShare(entry: Entry, access: number, share: number, path: string): void {
    checkShare(entry, access, share, path);
  }

  /** Closes a handle; closing it twice is ERROR_INVALID_HANDLE. */
  closeHandle(id: number): void {
    this.handleTable.close(id);
  }

  /** Open handles: how many there are. */
  get openHandleCount(): number {
    return this.handleTable.size;
  }

  // ---- processes and services (see processes.ts) ----

  /** Starts a process that maps the files in `holds`; returns its pid. */
  startProcess(name: string, options: ProcessOptions = {}): number {
    return this.processList.start(name, options);
  }

  /** Ends a process: its handles close and its images unmap. */
  stopProcess(pid: number): void {
    this.processList.stop(pid);
  }

  /** Every running process. */
  processes(): ProcessInfo[] {
    return this.processList.infos();
  }

  /** Ends every process (a reboot or a power cut). */
  stopAllProcesses(): void {
    this.processList.stopAll();
  }

  /** Registers a service's runtime record. */
  defineService(service: ServiceDefinition): void {
    this.processList.defineService(service);
  }

  /** Starts a service: its process maps the files it holds. Starting a running service does nothing. */
  startService(name: string): number {
    return this.processList.startService(name);
  }

  /** Stops a service (net stop). */
  stopService(name: string): void {
    this.processList.stopService(name);
  }

  /** Every service with its state. */
  services(): ServiceInfo[] {
    return this.processList.serviceInfos();
  }

  /** Starts every service set to start automatically (after a boot). */
  startAutomaticServices(): string[] {
    return this.processList.startAutomaticServices();
  }

  // ---- event log ----

  /** Appends an entry to the System event log. */
  logEvent(source: string, eventId: number, type: EventType, message: string): EventLogEntry {
    return appendEvent(this.events, this.clock, source, eventId, type, message);
  }

  // ---- raw changes: only src/ops calls these (see raw-storage.ts) ----

  /** Creates a folder entry under `parent`; its memfs folder is made when a file in it first needs one. */
  rawMkdir(parent: Entry, name: string, time: number, attributes = 0): Entry {
    return this.storage.mkdir(parent, name, time, attributes);
  }

  /** Creates a file entry under `parent` holding `data` (shared); ERROR_DISK_FULL if the volume lacks room. */
  rawCreateFile(...args: Parameters<RawStorage['createFile']>): Entry {
    return this.storage.createFile(...args);
  }

  /** Replaces a file's content; ERROR_DISK_FULL (nothing changed) if the volume lacks room. */
  rawReplaceContent(entry: Entry, data: Uint8Array): void {
    this.storage.replaceContent(entry, data);
  }

  /** Removes a file or an empty folder; `folded` is its name folded, when the caller has it. */
  rawRemove(entry: Entry, folded?: string): void {
    this.storage.remove(entry, folded);
  }

  /** Moves an entry (its subtree too) to a free name on its volume; `folded`, `newFolded`: the names folded, if known. */
  rawMove(entry: Entry, newParent: Entry, newName: string, folded?: string, newFolded?: string): void {
    this.storage.move(entry, newParent, newName, folded, newFolded);
  }

  /** Adds an entry whose bytes stay shared until first changed (a fork or a load); the caller accounts space. */
  rawAdopt(parent: Entry, name: string, data: Buffer | undefined, meta: AdoptMeta): Entry {
    return this.storage.adopt(parent, name, data, meta);
  }
}
