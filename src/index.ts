/**
 * svcpack: a Windows 2000-era machine (disks and registry) in memory, serviced the way update.exe
 * did it. The public surface: `WinImage`, `Package`, `plan`, `install`, `uninstall`, `sfc` and the
 * errors they throw.
 */
import type { Package } from './package/index.js';
import type { WinImage } from './machine/index.js';
import * as servicing from './servicing/index.js';
import * as catalog from './catalog/index.js';

export { WinImage, DriveFs, DriveFsError, RegistryView } from './machine/index.js';
export type { CreateOptions, DigestOptions, DriveStats } from './machine/index.js';
export { Package, defaultSigningKey, validateManifest, parseManifest, compareVersions } from './package/index.js';
export type { Manifest, ManifestFile, PackageSummary } from './package/index.js';
export { WinError, InputError, PowerCut, WIN32_ERRORS } from './errors/index.js';
export type { Win32ErrorName, InputProblem } from './errors/index.js';
export { MOVEFILE } from './ops/index.js';
export type { ImageDiff, FileChange, RegistryChange } from './ops/index.js';
export type { BootOptions, BootReport, BootEntryReport, PendingListing, BootTrace } from './boot/index.js';
export type * from './image/types.js';
export type { InstallOptions, InstallPlan, InstallResult, UninstallOptions, UninstallResult } from './servicing/index.js';
export type { SfcResult } from './catalog/index.js';
export { RESULT_CODES } from './servicing/index.js';

/** What installing `pkg` on `image` would do; changes nothing. */
export function plan(image: WinImage, pkg: Package, options?: servicing.InstallOptions): Promise<servicing.InstallPlan> {
  return servicing.plan(image.core, pkg, options);
}

/** Installs a service pack or hotfix as update.exe would; `result.code` is 0, 3010, 1602, 1603, ... */
export function install(image: WinImage, pkg: Package, options?: servicing.InstallOptions): Promise<servicing.InstallResult> {
  return servicing.install(image.core, pkg, options);
}

/** Removes the most recent service pack (or a hotfix, newest first) from its uninstall backup. */
export function uninstall(image: WinImage, id: string, options?: servicing.UninstallOptions): Promise<servicing.UninstallResult> {
  return servicing.uninstall(image.core, id, options);
}

/** `sfc /scannow`: rechecks every protected file against the installed catalogs and restores violations. */
export function sfc(image: WinImage, options?: catalog.SfcOptions): Promise<catalog.SfcResult> {
  return catalog.sfc(image.core, options);
}
