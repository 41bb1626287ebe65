/**
 * Steps 8 and 9 and what the install leaves to find it by: registry instructions, post-install tasks,
 * the driver cabinet, ServicePackFiles, the level or hotfix record, the uninstall entry and the
 * restore manifest.
 */
import { applyOp } from '../ops/index.js';
import { memberData, plannedData, type InstallRun } from './install-run.js';
import { encodeRestoreManifest, mergeRestoreManifests, type RestoreManifest } from './restore-manifest.js';
import {
  CURRENT_VERSION_KEY,
  RESTORE_MANIFEST,
  SETUP_KEY,
  UNINSTALL_KEY,
  UPDATES_KEY,
  WINDOWS_CONTROL_KEY,
  isOsProduct,
  nextHotfixSequence,
} from './state.js';

/** Step 8: the package's INF AddReg and DelReg instructions. */
export function registry(run: InstallRun): void {
  const instructions = run.pkg.manifest.registry;
  run.registry.applyInstructions(instructions);
  run.log.add(`UpdateRegistry: ${instructions.length} instructions`);
}

/** Step 9: the post-install tasks, which the original runs as rundll32 entry points; here they are logged. */
export function tasks(run: InstallRun): void {
  for (const task of run.pkg.manifest.tasks)
    run.log.add(
      `RunProcess: rundll32.exe ${run.image.expand(task.dll)},${task.entry}${task.args ? ` ${task.args}` : ''}`,
    );
}

const CABINET_HEADER = 'MSCF-svcpack\0\0\0\0';

/**
 * A simple driver cabinet: each member's name (UTF-8, NUL-ended), length (32 bits, little-endian)
 * and bytes after a header, written into one buffer sized first (thousands of members).
 */
function driverCabinetBytes(names: readonly string[], data: readonly Uint8Array[]): Uint8Array {
  let size = CABINET_HEADER.length;
  for (let i = 0; i < names.length; i++) size += Buffer.byteLength(names[i], 'utf8') + 1 + 4 + data[i].length;
  const bytes = Buffer.allocUnsafe(size);
  let at = bytes.write(CABINET_HEADER, 0, 'latin1');
  for (let i = 0; i < names.length; i++) {
    at += bytes.write(names[i], at, 'utf8');
    bytes[at++] = 0;
    at = bytes.writeUInt32LE(data[i].length, at);
    bytes.set(data[i], at);
    at += data[i].length;
  }
  return bytes;
}

/** The driver cabinet (`SpN.cab` in `Driver Cache\i386`), when the package has one. */
export function driverCabinet(run: InstallRun): void {
  const { detail, files } = run;
  const cab = run.pkg.manifest.driverCab;
  if (!detail.driverCabPath || !cab) return;
  files.recordChange(detail.driverCabPath);
  const data = cab.members.map((name) => memberData(run, name));
  files.write(detail.driverCabPath, driverCabinetBytes(cab.members, data), undefined);
  run.log.add(`DriverCab: ${detail.driverCabPath}`);
}

/** ServicePackFiles (local and Express installs), or the recorded source path (CD, share). */
export function servicePackFiles(run: InstallRun): void {
  const { detail, files } = run;
  for (const planned of run.copies) {
    files.recordChange(planned.servicePackCopy!);
    files.write(planned.servicePackCopy!, plannedData(run, planned), planned.file.version);
  }
  if (run.copies.length > 0) run.log.add(`ServicePackFiles: ${run.copies.length} files`);
  if (detail.method === 'cdrom' || detail.method === 'share') {
    const volume = run.image
      .allVolumes()
      .find((v) => v.type === (detail.method === 'cdrom' ? 'cdrom' : 'network'));
    const path = volume ? `${volume.displayRoot}i386` : 'i386';
    run.registry.set(SETUP_KEY, 'ServicePackSourcePath', 'REG_SZ', path);
    run.log.add(`ServicePackSourcePath: ${path}`);
  }
}

/** The service-pack level or the hotfix record, the uninstall entry, and last the restore manifest. */
export function record(run: InstallRun): void {
  const m = run.pkg.manifest;
  if (m.kind === 'servicePack' && m.level !== undefined) recordLevel(run, m.level);
  else if (m.kind === 'hotfix') recordHotfix(run);
  const entryKey = `${UNINSTALL_KEY}\\${m.id}`;
  const uninstallCommand = `${run.detail.backupFolder}\\spuninst\\spuninst.exe`;
  run.registry.set(entryKey, 'DisplayName', 'REG_SZ', m.title);
  run.registry.set(entryKey, 'UninstallString', 'REG_SZ', uninstallCommand);
  run.registry.set(entryKey, 'Publisher', 'REG_SZ', 'Microsoft Corporation');
  if (run.keepBackup) writeRestoreManifest(run);
}

/** The installed service-pack level: CSDVersion for the operating system, ServicePackLevel for other products. */
function recordLevel(run: InstallRun, level: number): void {
  const { image, registry: values } = run;
  const m = run.pkg.manifest;
  if (isOsProduct(image, m.product)) {
    values.set(CURRENT_VERSION_KEY, 'CSDVersion', 'REG_SZ', `Service Pack ${level}`);
    if (image.registry.getRawValue(WINDOWS_CONTROL_KEY, 'CSDVersion'))
      values.set(WINDOWS_CONTROL_KEY, 'CSDVersion', 'REG_DWORD', level << 8);
  } else {
    values.set(`${UPDATES_KEY}\\${m.product}`, 'ServicePackLevel', 'REG_DWORD', level);
  }
  run.log.add(`SetServicePackLevel: Service Pack ${level}`);
}

/** A hotfix's record under `Updates`, with the files it wrote. */
function recordHotfix(run: InstallRun): void {
  const { detail, registry: values } = run;
  const m = run.pkg.manifest;
  const key = `${UPDATES_KEY}\\${m.product}\\SP${detail.previousLevel}\\${m.id}`;
  values.set(key, 'Description', 'REG_SZ', m.title);
  values.set(key, 'InstallSequence', 'REG_DWORD', nextHotfixSequence(run.image));
  values.set(key, 'Requires', 'REG_MULTI_SZ', m.prerequisites.hotfixes ?? []);
  values.set(key, 'UninstallCommand', 'REG_SZ', `${detail.backupFolder}\\spuninst\\spuninst.exe`);
  run.changing.forEach((planned, i) => {
    const entry = `${key}\\Filelist\\${i}`;
    values.set(entry, 'FileName', 'REG_SZ', planned.target.slice(planned.target.lastIndexOf('\\') + 1));
    values.set(entry, 'Location', 'REG_SZ', planned.target);
    values.set(entry, 'Version', 'REG_SZ', planned.file.version ?? '');
    values.set(entry, 'Branch', 'REG_SZ', planned.file.branch ?? 'gdr');
  });
  run.log.add(`RecordHotfix: ${key}`);
}

/** The restore manifest, last, with everything recorded. */
function writeRestoreManifest(run: InstallRun): void {
  const { detail, files } = run;
  const m = run.pkg.manifest;
  const manifest: RestoreManifest = {
    format: 1,
    packageId: m.id,
    kind: m.kind,
    product: m.product,
    ...(m.level !== undefined ? { level: m.level } : {}),
    previousLevel: detail.previousLevel,
    files: files.files,
    createdDirectories: files.createdDirectories.filter(
      (dir) => !dir.toUpperCase().startsWith(detail.backupFolder.toUpperCase()),
    ),
    registry: run.registry.undo,
  };
  files.ensureDirectory(detail.backupFolder);
  applyOp(run.image, {
    kind: 'write',
    path: `${detail.backupFolder}\\${RESTORE_MANIFEST}`,
    data: encodeRestoreManifest(
      run.earlierBackup ? mergeRestoreManifests(run.earlierBackup, manifest) : manifest,
    ),
  });
}
