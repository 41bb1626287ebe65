/** Steps 6 and 7 and the catalog: the uninstall folder, the signed catalog, the backups and the new files. */
import { queueRename, setAllowProtectedRenames } from '../boot/index.js';
import { buildCatalog } from '../catalog/index.js';
import { applyOp, MOVEFILE } from '../ops/index.js';
import { defaultSigningKey } from '../package/index.js';
import { deleteTree, temporaryNameBeside } from './file-changes.js';
import { plannedData, type InstallRun } from './install-run.js';
import type { PlannedFile } from './plan.js';

/**
 * A previous service pack's uninstall folder gives way to this one's (that pack can no longer be
 * removed); this same pack's, installed before, is kept and extended.
 */
export function clearPreviousBackup(run: InstallRun): void {
  const { image, detail } = run;
  if (run.earlierBackup) return;
  if (run.keepBackup && run.pkg.manifest.kind === 'servicePack' && image.find(detail.backupFolder)) {
    deleteTree(image, detail.backupFolder);
    run.log.add(`BackupFiles: the previous uninstall folder ${detail.backupFolder} is replaced`);
  }
}

/** The catalog: the package's file hashes, signed. */
export async function catalog(run: InstallRun): Promise<void> {
  const { detail, image, files } = run;
  const m = run.pkg.manifest;
  const names = new Array<string>(m.files.length);
  const sha256s = new Array<string>(m.files.length);
  const xxh64s = new Array<string>(m.files.length);
  for (let i = 0; i < m.files.length; i++) {
    const file = m.files[i];
    names[i] = file.source;
    sha256s[i] = file.sha256;
    xxh64s[i] = file.xxh64;
  }
  const bytes = await buildCatalog({
    name: detail.catalogPath.slice(detail.catalogPath.lastIndexOf('\\') + 1),
    packageId: m.id,
    members: { names, data: run.fileData },
    // The signed manifest's hashes: reading (or building) the package checked every member against them.
    sha256s,
    xxh64s,
    privateKey: defaultSigningKey().privateKey,
    created: new Date(image.clock).toISOString(),
  });
  files.recordChange(detail.catalogPath);
  files.write(detail.catalogPath, bytes, undefined);
  run.log.add(`MyInstallCatalogFiles: installed ${detail.catalogPath}`);
}

/** Step 6: every file that will be replaced (and its dllcache copy) is recorded, its original copied. */
export function backUp(run: InstallRun): void {
  for (let i = 0; i < run.changing.length; i++) {
    const planned = run.changing[i];
    run.files.recordChange(planned.target, planned.location);
    if (planned.dllcache) run.files.recordChange(planned.dllcache, planned.dllcacheLocation);
  }
  if (run.keepBackup) run.log.add(`BackupFiles: originals copied to ${run.detail.backupFolder}`);
}

/**
 * Step 7: the files; an in-use one under a temporary name, its rename queued for the next boot.
 * Then the dllcache copies of protected files.
 */
export function replace(run: InstallRun): void {
  const { changing } = run;
  let protectedQueued = false;
  changing.forEach((planned, i) => {
    if (planned.decision.action === 'inUse') {
      queueReplacement(run, planned);
      if (planned.protected) protectedQueued = true;
    } else {
      run.files.write(planned.target, plannedData(run, planned), planned.file.version, planned.location);
    }
    run.progress('files', i + 1, changing.length);
  });
  if (protectedQueued) setAllowProtectedRenames(run.image);
  run.log.add(`CopyFiles: ${changing.length} files, ${run.queued} renames queued for the next boot`);
  let refreshed = 0;
  for (let i = 0; i < changing.length; i++) {
    const planned = changing[i];
    if (!planned.dllcache) continue;
    run.files.write(
      planned.dllcache,
      plannedData(run, planned),
      planned.file.version,
      planned.dllcacheLocation,
    );
    refreshed++;
  }
  if (refreshed > 0) run.log.add(`SfcRefresh: ${refreshed} dllcache copies refreshed`);
}

/** An in-use file: the new copy beside it, renamed over it at the next boot. */
function queueReplacement(run: InstallRun, planned: PlannedFile): void {
  const { image } = run;
  const entry = image.require(planned.target);
  const temporary = temporaryNameBeside(image, image.pathOf(entry));
  applyOp(image, {
    kind: 'write',
    path: temporary,
    data: plannedData(run, planned),
    meta: { version: planned.file.version ?? null, attributes: entry.attributes },
  });
  queueRename(image, temporary, image.pathOf(entry), MOVEFILE.DELAY_UNTIL_REBOOT | MOVEFILE.REPLACE_EXISTING);
  run.queued++;
  run.log.add(
    `ReplaceFile: ${planned.target} is in use by ${(planned.decision.inUseBy ?? []).join(', ')}: queued ${temporary}`,
  );
}
