/**
 * The floor of an install: a service pack installed into plain JavaScript maps (bench/install-floor-machine.ts)
 * by the engine's steps, in its order, with none of its machinery (no ops door, journal, undo, power
 * budget, locks, entries, folder caches or times). It reads and trusts the package
 * (bench/install-floor-package.ts), decides each file by version, in-use state and optional
 * component, extracts every member to the working folder, writes the signed catalog, backs up what it
 * replaces (and the dllcache copies) into the uninstall folder, writes the new files (an in-use one as
 * `.new` beside it with its rename queued in PendingFileRenameOperations), refreshes dllcache, applies
 * the registry instructions, writes the driver cabinet and the ServicePackFiles copies, records the
 * level and the uninstall entry, and writes the restore record and Svcpack.log. The servicing
 * benchmark measures the engine's install against it; test/bench/install-floor.test.ts checks that
 * both end with the same files and registry values.
 */
import { sign, type KeyObject } from 'node:crypto';
import { hashHex, xxh64 } from '../src/image/index.js';
import {
  ADDREG_FLAGS,
  addRegData,
  addRegValueType,
  uninstallFolderName,
  type RegistryInstruction,
} from '../src/package/index.js';
import { REG_TYPES, encodeRegData, type RegData, type RegType } from '../src/registry/index.js';
import type { FloorMachine } from './install-floor-machine.js';
import { readFloorPackage, type FloorPackage } from './install-floor-package.js';
import { floorPlan, type FloorPlanned } from './install-floor-plan.js';

export { floorMachineOf, type FloorMachine } from './install-floor-machine.js';

/** The keys the floor's machine uses: upper-cased full paths. */
export const floorKey = (path: string): string => path.toUpperCase();

const SESSION_MANAGER = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager';
const PENDING = ['PendingFileRenameOperations', 'PendingFileRenameOperations2'];

/** What a floor install did. */
export interface FloorOutcome {
  changed: number;
  queued: number;
}

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf('\\'));
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}

/** One floor install in progress. */
class FloorInstall {
  readonly log: string[] = [];
  readonly records: Array<{ target: string; action: string; backup?: string }> = [];
  readonly createdFolders: string[] = [];
  readonly undo: Array<{ key: string; old: string | null }> = [];
  readonly backupNames = new Set<string>(['SPUNINST.JSON']);
  readonly renames: string[] = [];
  readonly backupFolder: string;

  constructor(
    readonly machine: FloorMachine,
    readonly pkg: FloorPackage,
  ) {
    this.backupFolder = `${machine.systemRoot}\\${uninstallFolderName(pkg.manifest)}`;
  }

  expand(path: string): string {
    const { systemRoot, systemDrive } = this.machine;
    if (path.startsWith('%SystemRoot%')) return systemRoot + path.slice(12);
    if (path.startsWith('%SystemDrive%')) return systemDrive + path.slice(13);
    return path;
  }

  say(message: string): void {
    this.log.push(`${(this.log.length / 1000).toFixed(3)}: ${message}`);
  }

  ensureFolder(path: string): void {
    const missing: string[] = [];
    for (let dir = path; dir.includes('\\') && !this.machine.folders.has(floorKey(dir)); dir = parentOf(dir))
      missing.unshift(dir);
    for (const dir of missing) {
      this.machine.folders.add(floorKey(dir));
      this.createdFolders.push(dir);
    }
  }

  write(path: string, data: Uint8Array, version: string | undefined): void {
    const key = floorKey(path);
    const { files, versions } = this.machine;
    if (!files.has(key)) this.ensureFolder(parentOf(path));
    files.set(key, data);
    if (version === undefined) versions.delete(key);
    else versions.set(key, version);
  }

  /** The original of `path` (if any) copied into the uninstall folder, and the change recorded. */
  recordChange(path: string): void {
    const key = floorKey(path);
    const original = this.machine.files.get(key);
    if (original === undefined) {
      this.records.push({ target: path, action: 'added' });
      return;
    }
    const name = baseName(path);
    let relative = name;
    for (let i = 2; this.backupNames.has(floorKey(relative)); i++) relative = `${i}\\${name}`;
    this.backupNames.add(floorKey(relative));
    const backup = `${this.backupFolder}\\${relative}`;
    this.ensureFolder(parentOf(backup));
    this.machine.files.set(floorKey(backup), original);
    const version = this.machine.versions.get(key);
    if (version !== undefined) this.machine.versions.set(floorKey(backup), version);
    this.records.push({ target: path, action: 'replaced', backup: relative });
  }

  registryKey(key: string): string {
    const folded = floorKey(key);
    const alias = 'HKLM\\SYSTEM\\CURRENTCONTROLSET';
    const { currentControlSet } = this.machine;
    return currentControlSet && (folded === alias || folded.startsWith(`${alias}\\`))
      ? `HKLM\\SYSTEM\\${currentControlSet}${folded.slice(alias.length)}`
      : folded;
  }

  setValue(key: string, name: string, type: number, bytes: Uint8Array): void {
    const id = `${this.registryKey(key)}\0${floorKey(name)}`;
    const old = this.machine.registry.get(id);
    this.undo.push({ key: id, old: old ? Buffer.from(old.bytes).toString('hex') : null });
    this.machine.registry.set(id, { type, bytes });
  }

  set(key: string, name: string, type: RegType, data: RegData): void {
    this.setValue(key, name, REG_TYPES[type], encodeRegData(type, data));
  }
}

/** Step 2: every member into the working folder, on the volume with the most free space. */
function extract(run: FloorInstall): void {
  const drives = [...run.machine.drives].sort((a, b) => b.free - a.free || (a.letter < b.letter ? -1 : 1));
  const hash = hashHex(xxh64(run.pkg.manifestBytes));
  const work = `${drives[0].letter}:\\${hash}${hash.slice(0, 4)}`;
  const { memberNames, memberBytes } = run.pkg;
  let folder = '';
  for (let i = 0; i < memberNames.length; i++) {
    const path = `${work}\\${memberNames[i].replaceAll('/', '\\')}`;
    if (parentOf(path) !== folder) {
      folder = parentOf(path);
      run.ensureFolder(folder);
    }
    run.machine.files.set(floorKey(path), memberBytes[i]);
  }
  run.say(`ExtractFiles: ${memberNames.length} files extracted to ${work}`);
}

/** The catalog: each file's target and hashes (those the package was checked against), signed. */
function catalog(run: FloorInstall, signer: KeyObject): void {
  const m = run.pkg.manifest;
  const lines = new Array<string>(m.files.length);
  for (let i = 0; i < m.files.length; i++) {
    const file = m.files[i];
    lines[i] = `${file.target}\t${file.sha256}\t${file.xxh64}`;
  }
  const text = Buffer.from(lines.join('\n'));
  const path = run.expand(
    `%SystemRoot%\\system32\\CatRoot\\{F750E6C3-38EE-11D1-85E5-00C04FC295EE}\\${m.catalog?.name ?? `sp${m.level ?? 0}.cat`}`,
  );
  run.recordChange(path);
  run.write(path, Buffer.concat([text, sign(null, text, signer)]), undefined);
  run.say(`MyInstallCatalogFiles: installed ${path}`);
}

/** Steps 6 and 7: the originals backed up, the new files written (in-use ones beside), dllcache refreshed. */
function backUpAndReplace(run: FloorInstall, changing: readonly FloorPlanned[]): void {
  for (let i = 0; i < changing.length; i++) {
    run.recordChange(changing[i].target);
    if (changing[i].dllcache !== undefined) run.recordChange(changing[i].dllcache!);
  }
  run.say(`BackupFiles: originals copied to ${run.backupFolder}`);
  let protectedQueued = false;
  for (let i = 0; i < changing.length; i++) {
    const planned = changing[i];
    const { version } = planned.file;
    const data = run.pkg.fileBytes[planned.index];
    if (planned.action !== 'inUse') {
      run.write(planned.target, data, version);
      continue;
    }
    let temporary = `${planned.target}.new`;
    for (let k = 1; run.machine.files.has(floorKey(temporary)); k++) temporary = `${planned.target}.new${k}`;
    run.write(temporary, data, version);
    run.renames.push(`\\??\\${temporary}`, `!\\??\\${planned.target}`);
    if (planned.protected) protectedQueued = true;
    run.say(`ReplaceFile: ${planned.target} is in use: queued ${temporary}`);
  }
  queueRenames(run, protectedQueued);
  run.say(`CopyFiles: ${changing.length} files, ${run.renames.length / 2} renames queued for the next boot`);
  for (let i = 0; i < changing.length; i++) {
    const planned = changing[i];
    if (planned.dllcache !== undefined)
      run.write(planned.dllcache, run.pkg.fileBytes[planned.index], planned.file.version);
  }
}

/** The queued renames appended to PendingFileRenameOperations (or ...2 when that one exists). */
function queueRenames(run: FloorInstall, protectedQueued: boolean): void {
  if (run.renames.length === 0) return;
  const { registry } = run.machine;
  const second = registry.has(`${run.registryKey(SESSION_MANAGER)}\0${floorKey(PENDING[1])}`);
  const name = PENDING[second ? 1 : 0];
  const existing = registry.get(`${run.registryKey(SESSION_MANAGER)}\0${floorKey(name)}`);
  // the list's terminator is cut, the pairs appended and the list terminated again
  const before = existing
    ? Buffer.from(existing.bytes).subarray(0, existing.bytes.length - 2)
    : Buffer.alloc(0);
  const pairs = Buffer.from(`${run.renames.join('\0')}\0\0`, 'utf16le');
  run.setValue(SESSION_MANAGER, name, REG_TYPES.REG_MULTI_SZ, Buffer.concat([before, pairs]));
  if (protectedQueued) run.set(SESSION_MANAGER, 'AllowProtectedRenames', 'REG_DWORD', 1);
}

/** Step 8: the AddReg and DelReg instructions (the flags the engine honours). */
function registry(run: FloorInstall, instructions: readonly RegistryInstruction[]): void {
  for (const instruction of instructions) {
    const key = `${instruction.root}\\${instruction.key}`;
    const flags = instruction.op === 'AddReg' ? (instruction.flags ?? 0) : 0;
    const id = `${run.registryKey(key)}\0${floorKey(instruction.name ?? '')}`;
    if (instruction.op === 'DelReg' || flags & ADDREG_FLAGS.DELVAL) {
      if (instruction.name === undefined) {
        for (const value of [...run.machine.registry.keys()])
          if (value.startsWith(`${run.registryKey(key)}\0`) || value.startsWith(`${run.registryKey(key)}\\`))
            run.machine.registry.delete(value);
      } else run.machine.registry.delete(id);
      continue;
    }
    const exists = run.machine.registry.has(id);
    if (flags & ADDREG_FLAGS.KEYONLY || (flags & ADDREG_FLAGS.NOCLOBBER && exists)) continue;
    if (flags & ADDREG_FLAGS.OVERWRITEONLY && !exists) continue;
    const type = addRegValueType(flags);
    let data = addRegData(instruction);
    if (!type || data === undefined) continue;
    if (flags & ADDREG_FLAGS.APPEND && Array.isArray(data)) {
      const current = run.machine.registry.get(id);
      const before = current
        ? Buffer.from(current.bytes).toString('utf16le').split('\0').filter(Boolean)
        : [];
      data = [...before, ...data.filter((item) => !before.includes(item))];
    }
    run.set(key, instruction.name ?? '', type, data);
  }
  run.say(`UpdateRegistry: ${instructions.length} instructions`);
}

/** The driver cabinet: each member's name, length and bytes after a header (as the engine writes it). */
function driverCabinet(run: FloorInstall): void {
  const cab = run.pkg.manifest.driverCab;
  if (!cab) return;
  const { memberNames, memberBytes } = run.pkg;
  const byName = new Map(memberNames.map((name, i) => [name, memberBytes[i]]));
  const parts: Uint8Array[] = [Buffer.from('MSCF-svcpack\0\0\0\0', 'latin1')];
  for (const name of cab.members) {
    const data = byName.get(name)!;
    const length = Buffer.alloc(4);
    length.writeUInt32LE(data.length);
    parts.push(Buffer.from(`${name}\0`, 'utf8'), length, data);
  }
  const path = run.expand(`%SystemRoot%\\Driver Cache\\i386\\${cab.name}`);
  run.recordChange(path);
  run.write(path, Buffer.concat(parts), undefined);
  run.say(`DriverCab: ${path}`);
}

/** The level, the uninstall entry, the restore record and the log. */
function record(run: FloorInstall): void {
  const m = run.pkg.manifest;
  const level = m.level ?? 0;
  run.set(
    'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
    'CSDVersion',
    'REG_SZ',
    `Service Pack ${level}`,
  );
  const control = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Windows';
  if (run.machine.registry.has(`${run.registryKey(control)}\0CSDVERSION`))
    run.set(control, 'CSDVersion', 'REG_DWORD', level << 8);
  const entry = `HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\${m.id}`;
  run.set(entry, 'DisplayName', 'REG_SZ', m.title);
  run.set(entry, 'UninstallString', 'REG_SZ', `${run.backupFolder}\\spuninst\\spuninst.exe`);
  run.set(entry, 'Publisher', 'REG_SZ', 'Microsoft Corporation');
  const restore = { files: run.records, createdDirectories: run.createdFolders, registry: run.undo };
  run.ensureFolder(run.backupFolder);
  run.write(`${run.backupFolder}\\spuninst.json`, Buffer.from(JSON.stringify(restore)), undefined);
  run.say('DoInstallation: completed');
  run.write(run.expand('%SystemRoot%\\Svcpack.log'), Buffer.from(run.log.join('\r\n'), 'latin1'), undefined);
}

/** Installs a service pack's file into the floor's machine, in place. */
export function floorInstall(
  machine: FloorMachine,
  pkgBytes: Uint8Array,
  keys: { trusted: KeyObject; signer: KeyObject },
): FloorOutcome {
  const pkg = readFloorPackage(pkgBytes, keys.trusted);
  const run = new FloorInstall(machine, pkg);
  run.say(`DoInstallation: ${pkg.manifest.id} (${pkg.manifest.title}), integrity verified`);
  const { changing, copies } = floorPlan(machine, pkg.manifest, (path) => run.expand(path));
  extract(run);
  catalog(run, keys.signer);
  backUpAndReplace(run, changing);
  registry(run, pkg.manifest.registry);
  for (const task of pkg.manifest.tasks)
    run.say(`RunProcess: rundll32.exe ${run.expand(task.dll)},${task.entry}`);
  driverCabinet(run);
  for (const planned of copies) {
    const path = run.expand(`%SystemRoot%\\ServicePackFiles\\i386\\${baseName(planned.target)}`);
    run.recordChange(path);
    run.write(path, pkg.fileBytes[planned.index], planned.file.version);
  }
  record(run);
  return { changed: changing.length, queued: run.renames.length / 2 };
}
