/**
 * Planning an install: the checks, the inventory (version rules, in-use files, optional components,
 * hotfix branches, OEM files), regressions and costing. Changes nothing.
 */
import { uninstallFolderName, type Package } from '../package/index.js';
import type { ImageCore } from '../image/index.js';
import { ServicingRefusal } from './codes.js';
import { shortageMessage } from './costing.js';
import {
  checkApplicability,
  checkNotInProgress,
  checkSession,
  checkTrust,
  restartPendingRefusal,
} from './plan-checks.js';
import { inventory } from './plan-inventory.js';
import { cost, costingVolumes } from './plan-tally.js';
import { readOnlyTargetProblem } from './plan-targets.js';
import type { DetailedPlan } from './detailed-plan.js';
import { CATROOT, DRIVER_CACHE, installedHotfixes, productLevel } from './state.js';
import { resolveSwitches } from './switches.js';
import type { InstallMethod, InstallOptions, InstallPlan } from './types.js';

export type { DetailedPlan, PlannedFile } from './detailed-plan.js';
export { workingMemberBytes } from './plan-working.js';

function chooseWorkingVolume(image: ImageCore, method: InstallMethod): string {
  if (method === 'share') return '';
  const candidates = image.allVolumes().filter((volume) => volume.type !== 'cdrom');
  candidates.sort((a, b) => b.free - a.free || (a.letter < b.letter ? -1 : 1));
  return candidates[0]?.letter ?? '';
}

/**

* Computes the plan with every detail `install` needs. Refusals are reported in `plan.refusal`
 * (the first check that fails, in update.exe's order); nothing is changed.
 */
export function detailedPlan(image: ImageCore, pkg: Package, given: InstallOptions = {}): DetailedPlan {
  const options = resolveSwitches(given);
  const m = pkg.manifest;
  const method = options.method ?? 'local';
  const previousLevel = productLevel(image, m.product);
  const catalogName = m.catalog?.name ?? (m.kind === 'servicePack' ? `sp${m.level ?? 0}.cat` : `${m.id}.cat`);
  const detail: DetailedPlan = {
    plan: {
      packageId: m.id,
      kind: m.kind,
      ...(m.level !== undefined ? { level: m.level } : {}),
      files: [],
      regressions: [],
      costing: { volumes: [], workingVolume: '' },
    },
    options,
    method,
    files: [],
    workingMembers: [],
    workingFolder: '',
    backupFolder: image.expand(`%SystemRoot%\\${uninstallFolderName(m)}`),
    catalogPath: image.expand(`${CATROOT}\\${catalogName}`),
    ...(m.driverCab ? { driverCabPath: image.expand(`${DRIVER_CACHE}\\${m.driverCab.name}`) } : {}),
    previousLevel,
  };
  try {
    checkTrust(pkg, options);
    checkNotInProgress(image);
    checkSession(image);
    if (options.licence === 'cancel')
      throw new ServicingRefusal(1602, 'the licence agreement was declined: nothing was changed');
    checkApplicability(image, pkg);
    if (method === 'express' && !options.store) {
      throw new ServicingRefusal(
        1603,
        'an Express install needs the download store during the whole install',
      );
    }
  } catch (error) {
    if (!(error instanceof ServicingRefusal)) throw error;
    detail.plan.refusal = { code: error.code, message: error.message };
    return detail;
  }
  detail.plan.costing.workingVolume = chooseWorkingVolume(image, method);
  const space = costingVolumes(image);
  const problem =
    inventory(image, pkg, detail, space.tally) ??
    readOnlyTargetProblem(image, detail.files, [
      detail.catalogPath,
      detail.driverCabPath,
      detail.options.noBackup ? undefined : detail.backupFolder,
    ]);
  if (problem) {
    detail.plan.refusal = { code: 1603, message: `${problem}; nothing was changed` };
    return detail;
  }
  const pendingRestart = restartPendingRefusal(image, detail.plan.files);
  if (pendingRestart) return { ...detail, plan: { ...detail.plan, refusal: pendingRestart } };
  if (m.kind === 'servicePack') {
    const included = new Set([...m.includesHotfixes, ...m.supersedes].map((id) => id.toUpperCase()));
    detail.plan.regressions = installedHotfixes(image).filter((id) => !included.has(id.toUpperCase()));
  }
  cost(image, pkg, detail, space);
  const shortage = shortageMessage(detail.plan.costing);
  if (shortage) detail.plan.refusal = { code: 1603, message: shortage };
  return detail;
}

/** What an install would do; changes nothing. */
export async function plan(
  image: ImageCore,
  pkg: Package,
  options: InstallOptions = {},
): Promise<InstallPlan> {
  return Promise.resolve(detailedPlan(image, pkg, options).plan);
}
