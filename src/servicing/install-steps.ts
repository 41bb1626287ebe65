/**
 * The install's changes as named steps, run in order by {@link runInstallSteps} (spec servicing.md,
 * "The install, step by step", steps 1 to 9), all through the ops door. They run inside the
 * caller's transaction and throw on the first failure; the restart (step 10) follows the commit, in
 * install.ts.
 */
import { InputError } from '../errors/index.js';
import type { ImageCore } from '../image/index.js';
import type { Package } from '../package/index.js';
import { FileRecorder } from './file-changes.js';
import { backUp, catalog, clearPreviousBackup, replace } from './install-files.js';
import { extract } from './install-extract.js';
import { inventory } from './install-inventory.js';
import { driverCabinet, record, registry, servicePackFiles, tasks } from './install-records.js';
import type { InstallRun } from './install-run.js';
import type { ServicingLog } from './log.js';
import type { DetailedPlan } from './plan.js';
import { RegistryRecorder } from './registry-changes.js';
import { decodeRestoreManifest, type RestoreManifest } from './restore-manifest.js';
import { RESTORE_MANIFEST } from './state.js';

/** What the steps report back. */
export interface StepsOutcome {
  queuedRenames: number;
}

/** A step: it changes the image through the run's recorders and logs what it did. */
type InstallStep = (run: InstallRun) => void | Promise<void>;

/** Step 1: the package was verified when it was read (integrity, signature, every member). */
function verify(run: InstallRun): void {
  const { pkg } = run;
  const m = pkg.manifest;
  run.log.add(
    `DoInstallation: ${m.id} (${m.title}), signed by ${pkg.signer() ?? 'nobody'}, integrity verified`,
  );
}

/**
 * The steps in the order they run. The catalog goes in after the previous uninstall folder is
 * cleared and before the originals are backed up, as it always has: the order decides the
 * journal's operations and Svcpack.log's lines.
 */
const INSTALL_STEPS: ReadonlyArray<InstallStep> = [
  verify,
  extract,
  inventory,
  clearPreviousBackup,
  catalog,
  backUp,
  replace,
  registry,
  tasks,
  driverCabinet,
  servicePackFiles,
  record,
];

/**
 * The progress report when the caller wants none: one function for every install (a new one each
 * time was a new call target, and the steps calling it were compiled again after it died).
 */
const NO_PROGRESS = (): void => undefined;

/**
 * A package installed again finds its own uninstall folder holding the originals of its first install:
 * they are kept (not overwritten by the package's own files) so that removal still restores them.
 */
function earlierBackupOf(image: ImageCore, pkg: Package, detail: DetailedPlan): RestoreManifest | undefined {
  const file = image.find(`${detail.backupFolder}\\${RESTORE_MANIFEST}`);
  if (!file || file.isDir) return undefined;
  try {
    const manifest = decodeRestoreManifest(image.content(file), image.pathOf(file));
    if (manifest.packageId.toUpperCase() !== pkg.id.toUpperCase()) return undefined;
    // a hotfix installed again on a later service pack is a new install on that level: kept together,
    // the two could be removed neither before nor after the service pack
    if (manifest.kind === 'hotfix' && manifest.previousLevel !== detail.previousLevel) return undefined;
    return manifest;
  } catch (error) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
}

/** Runs every change of the install, step by step; the caller owns the transaction. */
export async function runInstallSteps(
  image: ImageCore,
  pkg: Package,
  detail: DetailedPlan,
  log: ServicingLog,
): Promise<StepsOutcome> {
  const keepBackup = !detail.options.noBackup;
  const earlierBackup = keepBackup ? earlierBackupOf(image, pkg, detail) : undefined;
  const reserved = [RESTORE_MANIFEST, ...(earlierBackup?.files ?? []).flatMap((file) => file.backup ?? [])];
  const run: InstallRun = {
    image,
    pkg,
    detail,
    log,
    keepBackup,
    progress: detail.options.progress ?? NO_PROGRESS,
    files: new FileRecorder(image, keepBackup ? detail.backupFolder : undefined, reserved),
    registry: new RegistryRecorder(image),
    earlierBackup,
    downloaded: new Map(),
    fileData: [],
    changing: [],
    copies: [],
    queued: 0,
  };
  for (const step of INSTALL_STEPS) {
    const pending = step(run);
    if (pending) await pending;
  }
  return { queuedRenames: run.queued };
}
