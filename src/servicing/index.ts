/**
 * Servicing: plan (inventory, version rules, prerequisites, regressions, costing), install,
 * uninstall, hotfixes, Svcpack.log and Spuninst.log, result codes. Works on an `ImageCore`; every
 * change goes through src/ops.
 */
export { RESULT_CODES } from './codes.js';
export { install } from './install.js';
export { uninstall } from './uninstall.js';
export { plan } from './plan.js';
export { parseSwitches } from './switches.js';
export { SVCPACK_LOG, installedServicePack, installedHotfixes } from './state.js';
export { decideFile, parseReinstallMode } from './version-rules.js';
export type { FileVerdict, InstalledFile, PackageFile, ReinstallPolicy } from './version-rules.js';
export { SpaceTally, costVolumes } from './costing.js';
export type { CostVolume, SpaceItem } from './costing.js';
export { formatLogLine, parseLog } from './log.js';
export { slipstreamFiles } from './slipstream.js';
export type {
  Costing,
  ExpressStore,
  FileAction,
  FileDecision,
  InstallCode,
  InstallMethod,
  InstallOptions,
  InstallPlan,
  InstallResult,
  Refusal,
  UninstallOptions,
  UninstallResult,
  VolumeCost,
} from './types.js';
