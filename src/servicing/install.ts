/** `install`: the eleven steps in one transaction, refusals before any change, restart handling. */
import { reboot, type BootReport } from '../boot/index.js';
import { InputError, PowerCut, WinError } from '../errors/index.js';
import { ImageCore, copyImage } from '../image/index.js';
import {
  abortTransaction,
  applyOp,
  beginTransaction,
  commitTransaction,
  opLog,
  outsideServicingLocks,
  runPlan,
  servicingLockConflict,
  withPowerBudget,
  withServicingLock,
  type LogRecord,
} from '../ops/index.js';
import { Package } from '../package/index.js';
import { RESULT_CODES, isExpectedFailure } from './codes.js';
import { ServicingLog } from './log.js';
import { detailedPlan, type DetailedPlan } from './plan.js';
import { deleteTree } from './file-changes.js';
import { runInstallSteps } from './install-steps.js';
import { SVCPACK_LOG } from './state.js';
import type { InstallCode, InstallOptions, InstallPlan, InstallResult } from './types.js';

function emptyPlan(id: string): InstallPlan {
  return {
    packageId: id,
    kind: 'servicePack',
    files: [],
    regressions: [],
    costing: { volumes: [], workingVolume: '' },
  };
}

/** Writes a log file through the door (outside any transaction it is simply a change). */
export function writeLog(image: ImageCore, path: string, log: ServicingLog): void {
  applyOp(image, { kind: 'write', path, data: log.bytes() });
}

/** Reads a package given as bytes (a copy of them); a damaged or untrusted one is a 1603 refusal. */
function loadPackage(
  input: Package | Uint8Array,
  options: InstallOptions,
): Package | { code: 1603; message: string } {
  if (input instanceof Package) return input;
  try {
    // copied once: the package's members, and so the installed files, are views of these bytes
    return Package.fromBytes(Buffer.from(input), {
      ...(options.trusted ? { trusted: options.trusted } : {}),
      source: 'package',
    });
  } catch (error) {
    if (error instanceof InputError || error instanceof WinError) {
      return {
        code: 1603,
        message: `the package failed verification, nothing was changed: ${error.message}`,
      };
    }
    throw error;
  }
}

/** The whole install's operations, computed on a copy of the machine (for `-n`'s roll-forward journal). */
async function computeOperations(
  image: ImageCore,
  pkg: Package,
  detail: DetailedPlan,
  log: ServicingLog,
): Promise<{ ops: LogRecord[]; queued: number }> {
  const copy = new ImageCore({ registry: image.registry.clone() });
  copyImage(image, copy);
  const start = opLog(copy).position;
  const outcome = await runInstallSteps(copy, pkg, detail, log);
  finishSteps(copy, detail, log);
  return { ops: opLog(copy).since(start), queued: outcome.queuedRenames };
}

function restartNow(detail: DetailedPlan): boolean {
  const { options } = detail;
  return options.restart ? options.restart === 'now' : !options.noRestart;
}

/** The last changes of the transaction: the working folder (when restarting now or asked to) and Svcpack.log. */
function finishSteps(image: ImageCore, detail: DetailedPlan, log: ServicingLog): void {
  if (detail.workingFolder && (restartNow(detail) || detail.options.removeWorkingFolder)) {
    deleteTree(image, detail.workingFolder);
    log.add(`Cleanup: working folder ${detail.workingFolder} deleted`);
  } else if (detail.workingFolder) {
    log.add(`Cleanup: working folder ${detail.workingFolder} left (no restart from the completion dialog)`);
  }
  log.add('DoInstallation: completed');
  writeLog(image, image.expand(SVCPACK_LOG), log);
}

/** A caller's progress callback, run outside the install's lock (its own changes are refused). */
function callerProgress(options: InstallOptions): InstallOptions {
  const { progress } = options;
  if (!progress) return options;
  return { ...options, progress: (...report) => outsideServicingLocks(() => progress(...report)) };
}

/**
 * Installs a service pack or hotfix: verifies, plans (refusing before any change), then runs the
 * eleven steps in one transaction (rollback, or roll-forward with `-n`), commits, and restarts when
 * asked. Codes: 0, 3010 (renames queued, no restart), 1641 (restarted), 1602, 1603, 1618, 1638, 1640.
 * It holds the image's servicing lock from the call until its promise settles: an install or uninstall
 * already running on the image makes it return 1618 at once, changing nothing.
 */
export function install(
  image: ImageCore,
  input: Package | Uint8Array,
  options: InstallOptions = {},
): Promise<InstallResult> {
  const running = servicingLockConflict(image);
  if (running) {
    const message = `${RESULT_CODES[1618]}: '${running.operation}' is running on this image; nothing was changed`;
    return Promise.resolve({
      code: 1618,
      message,
      plan: emptyPlan(input instanceof Package ? input.id : 'unknown'),
      queuedRenames: 0,
      restartRequired: false,
      logPath: image.expand(SVCPACK_LOG),
    });
  }
  const name = input instanceof Package ? `install ${input.id}` : 'install';
  return withServicingLock(image, name, () => installLocked(image, input, callerProgress(options)));
}

/**
 * The install's changes in one transaction: rolled back on failure, or, with `-n`, computed on a copy
 * and run as a roll-forward plan. Gives the renames queued, or the expected failure that rolled it back.
 */
async function runTransaction(
  image: ImageCore,
  pkg: Package,
  detail: DetailedPlan,
  log: ServicingLog,
): Promise<number | { failure: Error }> {
  const name = `install ${pkg.id}`;
  const context = { packageId: pkg.id };
  try {
    let queuedRenames: number;
    if (detail.options.noBackup) {
      const computed = await computeOperations(image, pkg, detail, log);
      queuedRenames = computed.queued;
      beginTransaction(image, name, {
        mode: 'rollforward',
        plan: computed.ops.map((record) => record.op),
        context,
      });
      runPlan(image);
    } else {
      beginTransaction(image, name, { mode: 'rollback', context });
      queuedRenames = (await runInstallSteps(image, pkg, detail, log)).queuedRenames;
      finishSteps(image, detail, log);
    }
    commitTransaction(image);
    return queuedRenames;
  } catch (error) {
    if (error instanceof PowerCut || image.poweredOff) throw error;
    if (image.journal?.mode === 'rollback') abortTransaction(image);
    else if (image.journal) throw error;
    if (!isExpectedFailure(error)) throw error;
    return { failure: error };
  }
}

async function installLocked(
  image: ImageCore,
  input: Package | Uint8Array,
  options: InstallOptions,
): Promise<InstallResult> {
  const logPath = image.expand(SVCPACK_LOG);
  const loaded = loadPackage(input, options);
  if (!(loaded instanceof Package)) {
    return { ...loaded, plan: emptyPlan('unknown'), queuedRenames: 0, restartRequired: false, logPath };
  }
  const pkg = loaded;
  const detail = detailedPlan(image, pkg, options);
  const plan = detail.plan;
  if (plan.refusal) {
    return {
      code: plan.refusal.code,
      message: plan.refusal.message,
      plan,
      queuedRenames: 0,
      restartRequired: false,
      logPath,
    };
  }
  return withPowerBudget(image, options.powerCutAfter, async () => {
    const log = new ServicingLog(image);
    const ran = await runTransaction(image, pkg, detail, log);
    if (typeof ran !== 'number') {
      log.add(`DoInstallation: failed: ${ran.failure.message}`);
      writeLog(image, logPath, log);
      return {
        code: 1603,
        message: `${RESULT_CODES[1603]}: ${ran.failure.message}; every change was rolled back`,
        plan,
        queuedRenames: 0,
        restartRequired: false,
        logPath,
      };
    }
    const queuedRenames = ran;
    const result: InstallResult = {
      code: 0,
      message: '',
      plan,
      queuedRenames,
      restartRequired: queuedRenames > 0,
      logPath,
    };
    if (detail.workingFolder && !restartNow(detail) && !detail.options.removeWorkingFolder)
      result.workingFolder = detail.workingFolder;
    if (detail.method === 'express' && detail.options.store)
      result.bytesFetched = detail.options.store.bytesFetched;
    let rebooted: BootReport | undefined;
    if (restartNow(detail)) {
      rebooted = reboot(image);
      result.rebooted = rebooted;
      result.restartRequired = false;
    }
    const code: InstallCode = rebooted ? 1641 : queuedRenames > 0 ? 3010 : 0;
    result.code = code;
    result.message = `${pkg.id} installed: ${RESULT_CODES[code]}`;
    return result;
  });
}
