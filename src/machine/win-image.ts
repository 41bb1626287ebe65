import {
  loadImageFile,
  saveImageFile,
  decodeImage,
  digestImage,
  copyImage,
  ImageCore,
  filled,
} from '../image/index.js';
import type {
  EventLogEntry,
  FileHandle,
  FileStat,
  ImageLoadOptions,
  OpenOptions,
  ProcessInfo,
  ProcessOptions,
  ServiceInfo,
  SessionState,
  VolumeInfo,
  VolumeOptions,
} from '../image/index.js';
import {
  MOVEFILE,
  asProgram,
  checkServicingLock,
  createDirectory,
  diffImages,
  opLog,
  refuseOpenWithTrailingSeparator,
  removeDirectory,
  setAttributes,
  undoSince,
  withServicingLock,
  type ImageDiff,
  type WriteOptions,
} from '../ops/index.js';
import {
  listPendingRenames,
  queueRename,
  reboot,
  type BootOptions,
  type PendingListing,
} from '../boot/index.js';
import {
  exportDrive,
  importHostFolder,
  importWinePrefix,
  type ExportReport,
  type ImportOptions,
  type ImportReport,
} from '../host/index.js';
import type { ProtectedBootReport } from '../catalog/index.js';
import { foldName } from '../path/index.js';
import { createFromOptions, type CreateOptions } from './create.js';
import { versionOfWrittenBytes } from './written-version.js';
import { attachCore } from './core-access.js';
import { imageFs, type ImageFs, type ImageFsOptions } from './fs/index.js';
import { checkLoadedImage } from './load-check.js';
import { RegistryView } from './registry-view.js';

/** What `WinImage.reboot` did: the boot's report, and the file scan when `SFCScan` asked for one. */
export type RebootReport = ProtectedBootReport;

/** Options of `digest`. */
export interface DigestOptions {
  /** Full paths to leave out (e.g. the two service-pack logs); compared case-insensitively. */
  exclude?: readonly string[];
}

/**
 * A Windows machine in memory: its disks, registry, processes and services. Every change goes
 * through the operations door, so it is logged, undoable and subject to Windows' rules. While an
 * install, uninstall, sfc, import or export runs on it (the servicing lock, `src/ops/lock.ts`), each
 * changing method refuses with ERROR_INSTALL_ALREADY_RUNNING (1618) before it validates anything,
 * including those that change the machine without a primitive operation (reboot, handles, processes).
 */
export class WinImage {
  /** The machine's state; the layers below work on it. */
  readonly #core: ImageCore;
  /** The registry: reads, and changes through the door. */
  readonly registry: RegistryView;

  private constructor(core: ImageCore) {
    this.#core = core;
    attachCore(this, core);
    this.registry = new RegistryView(core);
  }

  /** A deterministic machine: Windows 2000 Server by default (`preset`, `files`, `seed`, `servicePack` vary it). */
  static create(options: CreateOptions = {}): WinImage {
    const core = new ImageCore();
    createFromOptions(core, options);
    return new WinImage(core);
  }

  /** An empty machine with no volumes (add them with `addVolume`). */
  static empty(): WinImage {
    return new WinImage(new ImageCore());
  }

  /** Wraps an existing core. */
  static wrap(core: ImageCore): WinImage {
    return new WinImage(core);
  }

  /**
   * Loads an image file; a truncated or damaged file is refused with an InputError naming the byte.
   * `lazy`: each file's content is read from the image file when first read (the file stays open;
   * one changed on disk meanwhile makes such a read an InputError). See docs/performance.md.
   * `onProgress`: told how far the load has come: `('read', bytes, fileSize)`, then
   * `('entries', decoded, entryCount)` (see {@link ImageLoadOptions}).
   */
  static async load(file: string, options: ImageLoadOptions = {}): Promise<WinImage> {
    const core = await loadImageFile(file, (registry) => new ImageCore({ registry }), options);
    return WinImage.checked(core, file);
  }

  /** A loaded core, once checked to be usable (see `checkLoadedImage`). */
  private static checked(core: ImageCore, source: string): WinImage {
    checkLoadedImage(core, source, (copy) => new WinImage(copy).reboot());
    return new WinImage(core);
  }

  /**
   * Reads an image from the bytes of an image file. The bytes are copied once (the image's files share
   * that copy), so the caller may reuse or change its buffer afterwards.
   */
  static fromBytes(bytes: Uint8Array, source = 'image'): WinImage {
    return WinImage.checked(
      decodeImage(Buffer.from(bytes), source, (registry) => new ImageCore({ registry })),
      source,
    );
  }

  /**
   * Saves the image file: to the file it was loaded from or last saved to (unchanged since) by
   * appending what changed and then committing it; to another path, while that file is unchanged,
   * as a kernel copy of it with the same append, renamed over the target; else whole and atomically
   * (temporary file, flush, rename). Either way a crash leaves the old or the new image, and the
   * file the image came from is only read. Returns the bytes this process wrote (not a copy's).
   */
  save(file: string): Promise<number> {
    return saveImageFile(this.#core, file);
  }

  /** An independent copy (content buffers are shared copy-on-write, so it is fast). */
  fork(): WinImage {
    const core = new ImageCore({ registry: this.#core.registry.clone() });
    copyImage(this.#core, core);
    return new WinImage(core);
  }

  /** One hash of every name, content, attribute, version and registry value (not times, not the event log). */
  digest(options: DigestOptions = {}): string {
    const excluded = new Set((options.exclude ?? []).map((p) => foldName(this.#core.displayPath(p))));
    return digestImage(this.#core, excluded.size ? { exclude: (path) => excluded.has(foldName(path)) } : {});
  }

  /** The differences from this image to another: files and registry. */
  diff(other: WinImage): ImageDiff {
    return diffImages(this.#core, other.#core);
  }

  // ---- volumes and files ----

  volumes(): VolumeInfo[] {
    return this.#core.volumes();
  }

  /** Adds a volume (a data disk, a CD-ROM, a network share mapped to a letter). */
  addVolume(options: VolumeOptions): VolumeInfo {
    checkServicingLock(this.#core, 'addVolume', `${options.letter}:`);
    return this.#core.addVolume(options).info();
  }

  /**
   * Creates or replaces a file (CreateFile CREATE_ALWAYS + WriteFile). Like Node's `fs`, the file gets a
   * copy of `data`: a later change to the caller's buffer does not reach the image. Without
   * `options.version`, the file's version is the one its new bytes hold (none if they hold none).
   */
  writeFile(path: string, data: Uint8Array | string, options: WriteOptions = {}): void {
    checkServicingLock(this.#core, 'writeFile', path);
    const copy = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
    const version = options.version !== undefined ? undefined : versionOfWrittenBytes(this.#core, path, copy);
    asProgram.writeFile(this.#core, path, copy, version === undefined ? options : { ...options, version });
  }

  /** A copy of the file's content. */
  readFile(path: string): Buffer {
    refuseOpenWithTrailingSeparator(this.#core, path);
    return this.#core.readFile(path);
  }

  stat(path: string): FileStat {
    return this.#core.stat(path);
  }

  exists(path: string): boolean {
    return this.#core.exists(path);
  }

  /** Names in a folder, as stored. */
  readdir(path: string): string[] {
    return this.#core.readdir(path);
  }

  /** SetFileAttributes: lower-case names (`readonly`, `hidden`, `system`, `archive`, ...). */
  setAttributes(path: string, attributes: readonly string[]): void {
    checkServicingLock(this.#core, 'setAttributes', path);
    setAttributes(this.#core, path, attributes);
  }

  mkdir(path: string, options: { recursive?: boolean } = {}): void {
    checkServicingLock(this.#core, 'mkdir', path);
    createDirectory(this.#core, path, options);
  }

  deleteFile(path: string): void {
    checkServicingLock(this.#core, 'deleteFile', path);
    asProgram.deleteFile(this.#core, path);
  }

  removeDirectory(path: string): void {
    checkServicingLock(this.#core, 'removeDirectory', path);
    removeDirectory(this.#core, path);
  }

  /** Deletes a folder and everything in it (`rd /s /q`); returns how many entries went. */
  removeTree(path: string): number {
    checkServicingLock(this.#core, 'removeTree', path);
    return asProgram.removeTree(this.#core, path);
  }

  copyFile(from: string, to: string, failIfExists = false): void {
    checkServicingLock(this.#core, 'copyFile', to);
    asProgram.copyFile(this.#core, from, to, failIfExists);
  }

  /**
   * MoveFileEx. Flags as in Win32: REPLACE_EXISTING 1, COPY_ALLOWED 2, DELAY_UNTIL_REBOOT 4,
   * WRITE_THROUGH 8. With DELAY_UNTIL_REBOOT the move is queued in PendingFileRenameOperations
   * (`to` null queues a delete).
   */
  moveFileEx(from: string, to: string | null, flags = 0): void {
    checkServicingLock(this.#core, 'moveFileEx', from);
    if (flags & MOVEFILE.DELAY_UNTIL_REBOOT) queueRename(this.#core, from, to, flags);
    else if (to === null)
      throw new TypeError('moveFileEx: a null destination needs MOVEFILE_DELAY_UNTIL_REBOOT (4)');
    else asProgram.moveFileNow(this.#core, from, to, flags);
  }

  /** Opens a file with an access and a share mode; close the handle to release it. */
  open(path: string, options: OpenOptions): FileHandle {
    checkServicingLock(this.#core, 'open', path);
    refuseOpenWithTrailingSeparator(this.#core, path);
    return this.#core.open(path, options);
  }

  /** ExpandEnvironmentStrings against the image's environment. */
  expand(text: string): string {
    return this.#core.expand(text);
  }

  /** The image's environment variables. */
  environment(): Record<string, string> {
    return Object.fromEntries(this.#core.environment());
  }

  // ---- the host ----

  /** Imports a host folder (a mounted Windows volume) as a drive, reading PE file versions. */
  importHostFolder(folder: string, options: ImportOptions): Promise<ImportReport> {
    return withServicingLock(this.#core, 'importHostFolder', () =>
      importHostFolder(this.#core, folder, options),
    );
  }

  /** Imports a Wine prefix: `drive_c` as C: and `system.reg` into HKLM. */
  importWinePrefix(prefix: string, options: Partial<ImportOptions> = {}): Promise<ImportReport> {
    return withServicingLock(this.#core, 'importWinePrefix', () =>
      importWinePrefix(this.#core, prefix, options),
    );
  }

  /** Exports a drive to a host folder, never writing outside it. */
  exportDrive(
    letter: string,
    folder: string,
    options: { subfolder?: string; overwrite?: boolean; exactTimes?: boolean } = {},
  ): Promise<ExportReport> {
    return withServicingLock(this.#core, 'exportDrive', () =>
      exportDrive(this.#core, letter, folder, options),
    );
  }

  // ---- processes, services, events ----

  startProcess(name: string, options: ProcessOptions = {}): number {
    checkServicingLock(this.#core, 'startProcess');
    return this.#core.startProcess(name, options);
  }

  stopProcess(pid: number): void {
    checkServicingLock(this.#core, 'stopProcess');
    this.#core.stopProcess(pid);
  }

  processes(): ProcessInfo[] {
    return this.#core.processes();
  }

  services(): ServiceInfo[] {
    return this.#core.services();
  }

  startService(name: string): number {
    checkServicingLock(this.#core, 'startService');
    return this.#core.startService(name);
  }

  stopService(name: string): void {
    checkServicingLock(this.#core, 'stopService');
    this.#core.stopService(name);
  }

  /** The System event log. */
  eventLog(): readonly EventLogEntry[] {
    return this.#core.events;
  }

  // ---- sessions ----

  /** The caller's Terminal Server session, rights and install mode. */
  get session(): Readonly<SessionState> {
    return { ...this.#core.session };
  }

  /**
   * Changes the caller's context: `{ session: 2 }` acts from a Terminal Server client session,
   * `{ administrator: false }` as a plain user, `{ installMode: true }` is `change user /install`
   * (a reboot returns the server to execute mode).
   */
  setSession(change: Partial<SessionState>): void {
    this.#core.session = { ...this.#core.session, ...change };
  }

  // ---- boot ----

  /** The pending-rename queue decoded, like Sysinternals PendMoves. */
  pendingRenames(): PendingListing[] {
    return listPendingRenames(this.#core);
  }

  /**
   * Restarts the machine: the boot layer's sequence, the same for every reboot (`bootSequence()`):
   * processes end, the queue is processed, automatic services start, then Windows File Protection
   * checks the protected files the queue touched, and scans every protected file when
   * `Winlogon\SFCScan` is 1 (every boot) or 2 (this boot only; it is set back to 0): that scan's
   * result is `sfcScan` in the report.
   */
  reboot(options: BootOptions = {}): RebootReport {
    checkServicingLock(this.#core, 'reboot');
    return reboot(this.#core, options);
  }

  // ---- the operation log ----

  /** The position of the operation log: pass it to `undo` to go back to this point. */
  mark(): number {
    return opLog(this.#core).position;
  }

  /** Undoes every change since `mark`, newest first; returns how many operations were undone. */
  undo(mark: number): number {
    checkServicingLock(this.#core, 'undo');
    return undoSince(this.#core, mark);
  }

  /** The primitive operations applied since `mark`. */
  operations(mark = 0): ReturnType<ReturnType<typeof opLog>['since']> {
    const records = opLog(this.#core).since(mark);
    // the bytes a change moved unread (a lazily loaded content) are read now: the caller may look
    for (const { op, undo } of records)
      for (const one of [op, ...undo]) if (one.kind === 'write') filled(one.data);
    return records;
  }

  /**
   * A Node `fs` for one drive whose calls go through the engine (Windows rules and the door apply);
   * the same object for the same drive and options. See docs/testing.md.
   */
  fs(drive: string, options: ImageFsOptions = {}): ImageFs {
    return imageFs(this, this.#core.volume(drive).letter, options);
  }
}
