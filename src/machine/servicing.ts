import * as catalog from '../catalog/index.js';
import type { Package } from '../package/index.js';
import * as servicing from '../servicing/index.js';
import type { WinImage } from './win-image.js';
import { coreOf } from './core-access.js';

/** What installing `pkg` on `image` would do; changes nothing. */
export function plan(
  image: WinImage,
  pkg: Package,
  options?: servicing.InstallOptions,
): Promise<servicing.InstallPlan> {
  return servicing.plan(coreOf(image), pkg, options);
}

/** Installs a service pack or hotfix as update.exe would; `result.code` is 0, 3010, 1602, 1603, ... */
export function install(
  image: WinImage,
  pkg: Package,
  options?: servicing.InstallOptions,
): Promise<servicing.InstallResult> {
  return servicing.install(coreOf(image), pkg, options);
}

/** Removes the most recent service pack (or a hotfix, newest first) from its uninstall backup. */
export function uninstall(
  image: WinImage,
  id: string,
  options?: servicing.UninstallOptions,
): Promise<servicing.UninstallResult> {
  return servicing.uninstall(coreOf(image), id, options);
}

/** `sfc /scannow`: rechecks every protected file against the installed catalogs and restores violations. */
export function sfc(image: WinImage, options?: catalog.SfcOptions): Promise<catalog.SfcResult> {
  return catalog.sfc(coreOf(image), options);
}
