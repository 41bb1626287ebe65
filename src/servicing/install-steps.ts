/**
 * The install's changes, step by step (spec "The install, step by step"), all through the ops door.
 * Runs inside the caller's transaction; throws on the first failure.
 */
import { setAllowProtectedRenames, queueRename } from '../boot/index.js';
import { WinError } from '../errors/index.js';
import { buildCatalog } from '../catalog/index.js';
import { applyOp, MOVEFILE, type Located } from '../ops/index.js';
import { hashHex, xxh64, type ImageCore } from '../image/index.js';
import { defaultSigningKey, type Package } from '../package/index.js';
import { FileRecorder, temporaryNameBeside } from './file-changes.js';
import type { ServicingLog } from './log.js';
import { workingMemberBytes, type DetailedPlan, type PlannedFile } from './plan.js';
import type { ExpressStore, FileDecision } from './types.js';
import { RegistryRecorder } from './registry-changes.js';
import { encodeRestoreManifest, type RestoreManifest } from './restore-manifest.js';
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

/** What the steps report back. */
export interface StepsOutcome {
  queuedRenames: number;
}

/** The plan's actions that write a file at its target. */
const CHANGING_ACTIONS: ReadonlySet<FileDecision['action']> = new Set(['replace', 'add', 'inUse']);

/** A simple driver cabinet: each member's name, length and bytes after a header. */
function driverCabinet(members: ReadonlyArray<[string, Uint8Array]>): Uint8Array {
  const parts: Uint8Array[] = [Buffer.from('MSCF-svcpack\0\0\0\0', 'latin1')];
  for (const [name, data] of members) {
    const header = Buffer.alloc(4);
    header.writeUInt32LE(data.length);
    parts.push(Buffer.from(`${name}\0`, 'utf8'), header, data);
  }
  return Buffer.concat(parts);
}

/** Deletes a folder and everything in it, children first. */
export function deleteTree(image: ImageCore, path: string): void {
  const entry = image.find(path);
  if (!entry) return;
  if (entry.isDir)
    for (const child of [...(entry.children?.values() ?? [])]) deleteTree(image, image.pathOf(child));
  applyOp(image, { kind: 'delete', path: image.pathOf(entry) });
}

/** A member from the Express store; a store that cannot deliver it fails the install (1603), as a failed download does. */
function fetchFromStore(store: ExpressStore, member: string): Uint8Array {
  try {
    return store.fetch(member);
  } catch (error) {
    throw new WinError('ERROR_BAD_NETPATH', member, `the download store failed: ${(error as Error).message}`);
  }
}

/** Runs every change of the install; the caller owns the transaction. */
export async function runInstallSteps(
  image: ImageCore,
  pkg: Package,
  detail: DetailedPlan,
  log: ServicingLog,
): Promise<StepsOutcome> {
  const m = pkg.manifest;
  const { options } = detail;
  const progress = options.progress ?? (() => undefined);
  const keepBackup = !options.noBackup;
  const files = new FileRecorder(image, keepBackup ? detail.backupFolder : undefined, [RESTORE_MANIFEST]);
  const registry = new RegistryRecorder(image);
  log.add(`DoInstallation: ${m.id} (${m.title}), signed by ${pkg.signer() ?? 'nobody'}, integrity verified`);

  // 2. working folder, with the payload (Express: only the files the inventory needs, fetched now)
  const source = new Map<string, Uint8Array>();
  if (detail.method === 'express') {
    const wanted = new Map(m.files.map((file) => [file.source, file.xxh64]));
    for (const member of detail.workingMembers) {
      const data = fetchFromStore(options.store!, member);
      if (wanted.has(member) && hashHex(xxh64(data)) !== wanted.get(member)) {
        throw new WinError('ERROR_FILE_CORRUPT', member, 'the downloaded file does not match the manifest');
      }
      source.set(member, data);
    }
    log.add(
      `DownloadFiles: ${source.size} files fetched from the store (${options.store!.bytesFetched} bytes)`,
    );
  }
  const dataOf = (member: string): Uint8Array => source.get(member) ?? pkg.member(member);
  const express = detail.method === 'express';
  // Each manifest file's bytes (the package found them once): most steps visit every file.
  const fileData = express ? m.files.map((file) => dataOf(file.source)) : pkg.fileBytes();
  const dataOfFile = (planned: PlannedFile): Uint8Array => fileData[planned.index];
  if (detail.workingFolder) {
    const total = detail.workingMembers.length;
    const workingData = workingMemberBytes(pkg, detail, dataOf);
    // Members come in runs from one folder: its entry is found once per run.
    let run: { prefix: string; folderPath: string } | undefined;
    const located: Located = {};
    detail.workingMembers.forEach((member, i) => {
      const slash = member.lastIndexOf('/');
      if (run === undefined || run.prefix.length !== slash + 1 || !member.startsWith(run.prefix)) {
        const prefix = member.slice(0, slash + 1);
        const folderPath = `${detail.workingFolder}\\${prefix.replaceAll('/', '\\')}`.slice(0, -1);
        files.ensureDirectory(folderPath);
        run = { prefix, folderPath };
      }
      const name = member.slice(slash + 1);
      const path = `${run.folderPath}\\${name}`;
      const folder = image.folder(run.folderPath);
      located.location = folder && image.locateIn(folder, name, path);
      applyOp(image, { kind: 'write', path, data: workingData[i] }, located.location ? located : undefined);
      progress('extract', i + 1, total);
    });
    log.add(`ExtractFiles: ${total} files extracted to ${detail.workingFolder}`);
  } else {
    log.add('ExtractFiles: installing from an expanded share, no working folder');
  }

  // 3-5. inventory, licence, configuration. The files by what becomes of them, in one pass; the
  // loops over the files are indexed: this function runs once per install, mostly unoptimized, and a
  // for-of there makes an iterator result per file.
  const counts = new Map<string, number>();
  const changing: PlannedFile[] = [];
  const copies: PlannedFile[] = [];
  for (let i = 0; i < detail.files.length; i++) {
    const planned = detail.files[i];
    const action = planned.decision.action;
    counts.set(action, (counts.get(action) ?? 0) + 1);
    if (CHANGING_ACTIONS.has(action)) changing.push(planned);
    if (planned.servicePackCopy) copies.push(planned);
  }
  log.add(`Inventory: ${[...counts].map(([action, n]) => `${action} ${n}`).join(', ') || 'no files'}`);
  log.add(`LicenseAgreement: accepted${keepBackup ? '' : ' (no uninstall backup: -n)'}`);
  log.add(`Configuration: ${m.product}, service pack level ${detail.previousLevel}`);
  if (detail.plan.regressions.length > 0)
    log.add(`Regression: hotfixes not in ${m.id} are reverted: ${detail.plan.regressions.join(', ')}`);

  // a previous service pack's uninstall folder gives way to this one's (that pack can no longer be removed)
  if (keepBackup && m.kind === 'servicePack' && image.find(detail.backupFolder)) {
    deleteTree(image, detail.backupFolder);
    log.add(`BackupFiles: the previous uninstall folder ${detail.backupFolder} is replaced`);
  }

  // 6 (catalog first). The catalog is the package's file hashes, signed.
  const catalogMembers = new Array<{ member: string; data: Uint8Array }>(m.files.length);
  const sha256s = new Array<string>(m.files.length);
  const xxh64s = new Array<string>(m.files.length);
  for (let i = 0; i < m.files.length; i++) {
    const file = m.files[i];
    catalogMembers[i] = { member: file.source, data: fileData[i] };
    sha256s[i] = file.sha256;
    xxh64s[i] = file.xxh64;
  }
  const catalog = await buildCatalog({
    name: detail.catalogPath.slice(detail.catalogPath.lastIndexOf('\\') + 1),
    packageId: m.id,
    members: catalogMembers,
    // The signed manifest's hashes: reading (or building) the package checked every member against them.
    sha256s,
    xxh64s,
    privateKey: defaultSigningKey().privateKey,
    created: new Date(image.clock).toISOString(),
  });
  files.recordChange(detail.catalogPath);
  files.write(detail.catalogPath, catalog, undefined);
  log.add(`MyInstallCatalogFiles: installed ${detail.catalogPath}`);

  // 6. backup of every file that will be replaced
  for (let i = 0; i < changing.length; i++) {
    const planned = changing[i];
    files.recordChange(planned.target, planned.location);
    if (planned.dllcache) files.recordChange(planned.dllcache, planned.dllcacheLocation);
  }
  if (keepBackup) log.add(`BackupFiles: originals copied to ${detail.backupFolder}`);

  // 7. replace the files; in-use ones under a temporary name, renamed at the next boot
  let queued = 0;
  let protectedQueued = false;
  changing.forEach((planned, i) => {
    const data = dataOfFile(planned);
    if (planned.decision.action === 'inUse') {
      const entry = image.require(planned.target);
      const temporary = temporaryNameBeside(image, image.pathOf(entry));
      applyOp(image, {
        kind: 'write',
        path: temporary,
        data,
        meta: { version: planned.file.version ?? null, attributes: entry.attributes },
      });
      queueRename(
        image,
        temporary,
        image.pathOf(entry),
        MOVEFILE.DELAY_UNTIL_REBOOT | MOVEFILE.REPLACE_EXISTING,
      );
      queued++;
      if (planned.protected) protectedQueued = true;
      log.add(
        `ReplaceFile: ${planned.target} is in use by ${(planned.decision.inUseBy ?? []).join(', ')}: queued ${temporary}`,
      );
    } else {
      files.write(planned.target, data, planned.file.version, planned.location);
    }
    progress('files', i + 1, changing.length);
  });
  if (protectedQueued) setAllowProtectedRenames(image);
  log.add(`CopyFiles: ${changing.length} files, ${queued} renames queued for the next boot`);

  // refresh dllcache copies of protected files
  let refreshed = 0;
  for (let i = 0; i < changing.length; i++) {
    const planned = changing[i];
    if (!planned.dllcache) continue;
    files.write(planned.dllcache, dataOfFile(planned), planned.file.version, planned.dllcacheLocation);
    refreshed++;
  }
  if (refreshed > 0) log.add(`SfcRefresh: ${refreshed} dllcache copies refreshed`);

  // 8. registry (INF AddReg/DelReg)
  registry.applyInstructions(m.registry);
  log.add(`UpdateRegistry: ${m.registry.length} instructions`);

  // 9. post-install tasks
  for (const task of m.tasks)
    log.add(
      `RunProcess: rundll32.exe ${image.expand(task.dll)},${task.entry}${task.args ? ` ${task.args}` : ''}`,
    );

  // driver cabinet
  if (detail.driverCabPath && m.driverCab) {
    files.recordChange(detail.driverCabPath);
    files.write(
      detail.driverCabPath,
      driverCabinet(m.driverCab.members.map((name) => [name, dataOf(name)])),
      undefined,
    );
    log.add(`DriverCab: ${detail.driverCabPath}`);
  }

  // ServicePackFiles (local and Express) or the recorded source path (CD, share)
  for (const planned of copies) {
    files.recordChange(planned.servicePackCopy!);
    files.write(planned.servicePackCopy!, dataOfFile(planned), planned.file.version);
  }
  if (copies.length > 0) log.add(`ServicePackFiles: ${copies.length} files`);
  if (detail.method === 'cdrom' || detail.method === 'share') {
    const volume = image
      .allVolumes()
      .find((v) => v.type === (detail.method === 'cdrom' ? 'cdrom' : 'network'));
    const path = volume ? `${volume.displayRoot}i386` : 'i386';
    registry.set(SETUP_KEY, 'ServicePackSourcePath', 'REG_SZ', path);
    log.add(`ServicePackSourcePath: ${path}`);
  }

  // service-pack level, or the hotfix record
  if (m.kind === 'servicePack' && m.level !== undefined) {
    if (isOsProduct(image, m.product)) {
      registry.set(CURRENT_VERSION_KEY, 'CSDVersion', 'REG_SZ', `Service Pack ${m.level}`);
      if (image.registry.getRawValue(WINDOWS_CONTROL_KEY, 'CSDVersion'))
        registry.set(WINDOWS_CONTROL_KEY, 'CSDVersion', 'REG_DWORD', m.level << 8);
    } else {
      registry.set(`${UPDATES_KEY}\\${m.product}`, 'ServicePackLevel', 'REG_DWORD', m.level);
    }
    log.add(`SetServicePackLevel: Service Pack ${m.level}`);
  } else if (m.kind === 'hotfix') {
    const key = `${UPDATES_KEY}\\${m.product}\\SP${detail.previousLevel}\\${m.id}`;
    registry.set(key, 'Description', 'REG_SZ', m.title);
    registry.set(key, 'InstallSequence', 'REG_DWORD', nextHotfixSequence(image));
    registry.set(key, 'Requires', 'REG_MULTI_SZ', m.prerequisites.hotfixes ?? []);
    registry.set(key, 'UninstallCommand', 'REG_SZ', `${detail.backupFolder}\\spuninst\\spuninst.exe`);
    changing.forEach((planned, i) => {
      const entry = `${key}\\Filelist\\${i}`;
      registry.set(entry, 'FileName', 'REG_SZ', planned.target.slice(planned.target.lastIndexOf('\\') + 1));
      registry.set(entry, 'Location', 'REG_SZ', planned.target);
      registry.set(entry, 'Version', 'REG_SZ', planned.file.version ?? '');
      registry.set(entry, 'Branch', 'REG_SZ', planned.file.branch ?? 'gdr');
    });
    log.add(`RecordHotfix: ${key}`);
  }

  // uninstall entry
  const entryKey = `${UNINSTALL_KEY}\\${m.id}`;
  registry.set(entryKey, 'DisplayName', 'REG_SZ', m.title);
  registry.set(entryKey, 'UninstallString', 'REG_SZ', `${detail.backupFolder}\\spuninst\\spuninst.exe`);
  registry.set(entryKey, 'Publisher', 'REG_SZ', 'Microsoft Corporation');

  // the restore manifest, last, with everything recorded
  if (keepBackup) {
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
      registry: registry.undo,
    };
    files.ensureDirectory(detail.backupFolder);
    applyOp(image, {
      kind: 'write',
      path: `${detail.backupFolder}\\${RESTORE_MANIFEST}`,
      data: encodeRestoreManifest(manifest),
    });
  }
  return { queuedRenames: queued };
}
