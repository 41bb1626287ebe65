/** `uninstall`: removing the most recent service pack, or the newest hotfix, from its backup. */
import { setAllowProtectedRenames, queueRename, reboot } from '../boot/index.js';
import { InputError, PowerCut } from '../errors/index.js';
import type { ImageCore } from '../image/index.js';
import {
  abortTransaction,
  applyOp,
  beginTransaction,
  commitTransaction,
  MOVEFILE,
  servicingLockConflict,
  withPowerBudget,
  withServicingLock,
} from '../ops/index.js';
import { uninstallFolderName } from '../package/index.js';
import { ServicingRefusal, isExpectedFailure } from './codes.js';
import { deleteTree, isInUse, metaOf, temporaryNameBeside } from './file-changes.js';
import { writeLog } from './install.js';
import { ServicingLog } from './log.js';
import { checkNotInProgress, checkSession, queuedBootEntries } from './plan-checks.js';
import { restoreRegistry } from './registry-changes.js';
import { decodeRestoreManifest, type RestoreManifest } from './restore-manifest.js';
import {
  RESTORE_MANIFEST,
  SPUNINST_LOG,
  UNINSTALL_KEY,
  UPDATES_KEY,
  hotfixRecords,
  productLevel,
} from './state.js';
import type { UninstallOptions, UninstallResult } from './types.js';

const HOTFIX_ID = /^(Q\d{6}|KB\d{6,7})$/i;

const UNINSTALLER = /^(.*)\\spuninst\\spuninst\.exe$/i;

/**
 * The package's uninstall folder, as its uninstall entry records it: a service pack may have a KB
 * number for its id (Windows XP SP3 is KB936929), so the id's form does not tell.
 */
function uninstallFolderOf(image: ImageCore, id: string): string {
  const recorded = image.registry.getValue(`${UNINSTALL_KEY}\\${id}`, 'UninstallString')?.data;
  const folder = typeof recorded === 'string' ? UNINSTALLER.exec(recorded)?.[1] : undefined;
  if (folder) return folder;
  const kind = HOTFIX_ID.test(id) ? 'hotfix' : 'servicePack';
  return image.expand(`%SystemRoot%\\${uninstallFolderName({ kind, id })}`);
}

function readManifest(image: ImageCore, id: string): { manifest: RestoreManifest; folder: string } {
  if (!image.registry.keyExists(`${UNINSTALL_KEY}\\${id}`)) {
    throw new ServicingRefusal(1603, `${id} is not installed (no entry under ${UNINSTALL_KEY})`);
  }
  const folder = uninstallFolderOf(image, id);
  const file = image.find(`${folder}\\${RESTORE_MANIFEST}`);
  if (!image.find(folder) || !file || file.isDir) {
    throw new ServicingRefusal(
      1603,
      `${id} cannot be removed: its uninstall folder ${folder} is gone (deleted, or the install used -n); the uninstall entry stays`,
    );
  }
  try {
    const manifest = decodeRestoreManifest(image.content(file), `${folder}\\${RESTORE_MANIFEST}`);
    if (manifest.packageId.toUpperCase() !== id.toUpperCase()) {
      throw new ServicingRefusal(1603, `${folder} holds the backup of ${manifest.packageId}, not of ${id}`);
    }
    return { manifest, folder };
  } catch (error) {
    if (error instanceof InputError)
      throw new ServicingRefusal(1603, `${id} cannot be removed: ${error.message}`);
    throw error;
  }
}

/**
 * A package removed from under a later one would put back originals over the later one's files (and
 * the later one's removal would then bring back the files just removed): the later one goes first.
 */
function checkOrder(image: ImageCore, manifest: RestoreManifest): void {
  const level = productLevel(image, manifest.product);
  const records = hotfixRecords(image);
  if (manifest.kind === 'servicePack') {
    if (manifest.level !== undefined && level !== manifest.level) {
      throw new ServicingRefusal(
        1603,
        `only the most recent service pack can be removed: Service Pack ${level} is installed, not ${manifest.packageId}`,
      );
    }
    const onTop = `${UPDATES_KEY}\\${manifest.product}\\SP${manifest.level}\\`.toUpperCase();
    const later = records.filter((record) => record.key.toUpperCase().startsWith(onTop));
    if (later.length > 0) {
      throw new ServicingRefusal(
        1603,
        `${manifest.packageId} cannot be removed: ${later.map((r) => r.id).join(', ')} was installed after it; remove that first`,
      );
    }
    return;
  }
  if (level !== manifest.previousLevel) {
    throw new ServicingRefusal(
      1603,
      `${manifest.packageId} cannot be removed: it was installed on Service Pack ${manifest.previousLevel} and Service Pack ${level} is installed now; remove the service pack first`,
    );
  }
  // the record of the install this backup undoes: the same hotfix may be recorded under another level too
  const mineKey = `\\SP${manifest.previousLevel}\\${manifest.packageId}`.toUpperCase();
  const mine = records.find((record) => record.key.toUpperCase().endsWith(mineKey));
  const dependents = records.filter((record) =>
    record.requires.some((id) => id.toUpperCase() === manifest.packageId.toUpperCase()),
  );
  if (dependents.length > 0) {
    throw new ServicingRefusal(
      1603,
      `${manifest.packageId} cannot be removed: ${dependents.map((r) => r.id).join(', ')} depends on it; remove that first`,
    );
  }
  const newer = records.filter((record) => mine && record.sequence > mine.sequence);
  if (newer.length > 0) {
    throw new ServicingRefusal(
      1603,
      `hotfixes are removed in reverse order: remove ${newer
        .map((r) => r.id)
        .reverse()
        .join(', ')} before ${manifest.packageId}`,
    );
  }
}

function restoreFiles(
  image: ImageCore,
  manifest: RestoreManifest,
  folder: string,
  log: ServicingLog,
): number {
  let queued = 0;
  let protectedQueued = false;
  // a file an operation queued for the next boot will change (an install's in-use copy whose holder
  // has exited since) is restored by a rename queued after that one: written now, the boot would undo it
  const changingAtBoot = queuedBootEntries(image);
  for (let i = manifest.files.length - 1; i >= 0; i--) {
    const record = manifest.files[i];
    const current = image.find(record.target);
    if (record.action === 'added') {
      if (!current) continue;
      if (isInUse(current)) {
        queueRename(image, image.pathOf(current), null, MOVEFILE.DELAY_UNTIL_REBOOT);
        queued++;
        log.add(`DeleteFile: ${record.target} is in use: delete queued for the next boot`);
      } else {
        applyOp(image, { kind: 'delete', path: image.pathOf(current) });
      }
      continue;
    }
    if (!record.backup) continue;
    const backup = image.require(`${folder}\\${record.backup}`);
    const data = image.content(backup);
    if (current && (isInUse(current) || changingAtBoot.has(current))) {
      const temporary = temporaryNameBeside(image, image.pathOf(current), 'old');
      applyOp(image, { kind: 'write', path: temporary, data, meta: metaOf(backup) });
      queueRename(
        image,
        temporary,
        image.pathOf(current),
        MOVEFILE.DELAY_UNTIL_REBOOT | MOVEFILE.REPLACE_EXISTING,
      );
      queued++;
      if (image.isProtectedPath(record.target)) protectedQueued = true;
      log.add(`RestoreFile: ${record.target} is in use or changes at the next boot: queued ${temporary}`);
    } else {
      applyOp(image, {
        kind: 'write',
        path: current ? image.pathOf(current) : record.target,
        data,
        meta: metaOf(backup),
      });
    }
  }
  if (protectedQueued) setAllowProtectedRenames(image);
  return queued;
}

function removeCreatedDirectories(image: ImageCore, directories: readonly string[]): void {
  for (let i = directories.length - 1; i >= 0; i--) {
    const entry = image.find(directories[i]);
    if (entry?.isDir && entry.children!.size === 0)
      applyOp(image, { kind: 'delete', path: image.pathOf(entry) });
  }
}

/**
 * Removes a package: only the most recent service pack, hotfixes newest first. Restores files from
 * the uninstall folder (in-use ones queued for the next boot), the old registry values and
 * `CSDVersion`, removes the catalog, cabinet, ServicePackFiles and the uninstall entry, and writes
 * Spuninst.log. Refusals (1603, 1618, 1640) change nothing. Holds the image's servicing lock like
 * `install`: while another install or uninstall runs on the image it returns 1618 at once.
 */
export function uninstall(
  image: ImageCore,
  id: string,
  options: UninstallOptions = {},
): Promise<UninstallResult> {
  const logPath = image.expand(SPUNINST_LOG);
  const running = servicingLockConflict(image);
  if (running) {
    const message = `another install is in progress: '${running.operation}' is running on this image; nothing was changed`;
    return Promise.resolve({ code: 1618, message, queuedRenames: 0, restartRequired: false, logPath });
  }
  return withServicingLock(image, `uninstall ${id}`, () => uninstallLocked(image, id, options, logPath));
}

async function uninstallLocked(
  image: ImageCore,
  id: string,
  options: UninstallOptions,
  logPath: string,
): Promise<UninstallResult> {
  let manifest: RestoreManifest;
  let folder: string;
  try {
    checkNotInProgress(image);
    checkSession(image);
    ({ manifest, folder } = readManifest(image, id));
    checkOrder(image, manifest);
  } catch (error) {
    if (!(error instanceof ServicingRefusal)) throw error;
    return { code: error.code, message: error.message, queuedRenames: 0, restartRequired: false, logPath };
  }
  return withPowerBudget(image, options.powerCutAfter, () => {
    const log = new ServicingLog(image);
    let queuedRenames = 0;
    beginTransaction(image, `uninstall ${manifest.packageId}`, {
      mode: 'rollback',
      context: { packageId: manifest.packageId },
    });
    try {
      log.add(`DoUninstall: removing ${manifest.packageId} from ${folder}`);
      queuedRenames = restoreFiles(image, manifest, folder, log);
      log.add(
        `RestoreFiles: ${manifest.files.length} files, ${queuedRenames} renames queued for the next boot`,
      );
      restoreRegistry(image, manifest.registry);
      log.add(
        `RestoreRegistry: ${manifest.registry.values.length} values, ${manifest.registry.createdKeys.length} keys removed`,
      );
      deleteTree(image, folder);
      removeCreatedDirectories(image, manifest.createdDirectories);
      log.add(
        `DoUninstall: completed${manifest.kind === 'servicePack' ? `, service pack level ${manifest.previousLevel}` : ''}`,
      );
      writeLog(image, logPath, log);
      commitTransaction(image);
    } catch (error) {
      if (error instanceof PowerCut || image.poweredOff) throw error;
      abortTransaction(image);
      if (!isExpectedFailure(error)) throw error;
      return {
        code: 1603,
        message: `removal of ${id} failed and was rolled back: ${error.message}`,
        queuedRenames: 0,
        restartRequired: false,
        logPath,
      };
    }
    const now = options.restart ? options.restart === 'now' : !options.noRestart;
    const result: UninstallResult = {
      code: now ? 1641 : queuedRenames > 0 ? 3010 : 0,
      message: `${manifest.packageId} removed`,
      queuedRenames,
      restartRequired: queuedRenames > 0 && !now,
      logPath,
    };
    if (now) result.rebooted = reboot(image);
    return result;
  });
}
