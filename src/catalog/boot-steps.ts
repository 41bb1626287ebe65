/**
 * Windows File Protection's part of every boot, registered with the boot layer so that each reboot
 * runs it, whoever asks for one: the protected files the pending renames touched are checked, then
 * the file scan `Winlogon\SFCScan` asks for runs.
 */
import { registerAfterBootStep, type BootReport } from '../boot/index.js';
import { WinError } from '../errors/index.js';
import type { ImageCore } from '../image/index.js';
import { setRegistryValue } from '../ops/index.js';
import { literalPath } from '../path/index.js';
import { LIST_NAMES_FROM, protectedNameTest, protectedNames } from './protected-names.js';
import { sfcSync, type SfcResult } from './sfc.js';
import { enforceFileProtection, isFileProtectionEnabled } from './wfp.js';

/** A boot's report with what Windows File Protection's boot scan did. */
export interface ProtectedBootReport extends BootReport {
  /** The `sfc /scannow`-style scan run after the pending renames because `Winlogon\SFCScan` is 1 or 2. */
  sfcScan?: SfcResult;
}

const WINLOGON = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';
/** `SFCScan` values: no scan, a scan at every boot, a scan at the next boot only. */
const SCAN_NEVER = 0;
const SCAN_EVERY_BOOT = 1;
const SCAN_NEXT_BOOT = 2;

/**
 * Windows File Protection after a change: a protected file among `paths` whose content is in no
 * installed catalog (or that is gone) is put back from dllcache and event 64002 is logged.
 */
export function protectChangedFiles(image: ImageCore, paths: readonly string[]): void {
  const watched = paths.filter((path) => isProtectedName(image, path));
  if (watched.length > 0 && isFileProtectionEnabled(image)) enforceFileProtection(image, watched);
}

/**
 * Whether `path` is a protected file's. The boot hands over a failed entry's paths as queued, and one
 * no file can have (a bad character, a `..`, a name over 255 characters) is no protected file's.
 */
function isProtectedName(image: ImageCore, path: string): boolean {
  try {
    return image.isProtectedPath(path);
  } catch (error) {
    if (error instanceof WinError) return false;
    throw error;
  }
}

/** Checks the protected files the boot's entries moved, replaced or deleted. */
function protectRenamedFiles(image: ImageCore, report: BootReport, watched?: readonly string[]): void {
  if (image.protectedPaths.size === 0) return;
  // the boot saw the protected files' names among its entries' as they ran
  if (watched !== undefined) {
    protectChangedFiles(image, watched);
    return;
  }
  const entries = report.entries;
  const mayLead = entries.length * 2 < LIST_NAMES_FROM ? undefined : protectedNameTest(image);
  const touched: string[] = [];
  const consider = (ntPath: string | null): void => {
    if (ntPath?.startsWith('\\??\\') && (mayLead === undefined || mayLead(ntPath)))
      touched.push(literalPath(ntPath.slice(4)));
  };
  // indexed: this loop runs once per boot, unoptimised at first, where `for of` makes an object per entry
  for (let i = 0; i < entries.length; i++) {
    consider(entries[i].source);
    consider(entries[i].destination);
  }
  protectChangedFiles(image, touched);
}

/**
 * Reads `Winlogon\SFCScan` (REG_DWORD): 1 scans every protected file as `sfc /scannow` does (restoring
 * violations, event 64002 or 64004 each, and refreshing dllcache) at every boot; 2 scans at this boot only and
 * sets the value back to 0; 0, another value or none scans nothing. The scan is part of Windows File
 * Protection, so it does not run while `SFCDisable` turns protection off (a pending 2 then waits).
 * Returns the scan's result, or undefined when none ran.
 */
export function runBootFileScan(image: ImageCore): SfcResult | undefined {
  const value = image.registry.getValue(WINLOGON, 'SFCScan');
  const mode = value !== undefined && typeof value.data === 'number' ? value.data : SCAN_NEVER;
  if (mode !== SCAN_EVERY_BOOT && mode !== SCAN_NEXT_BOOT) return undefined;
  if (!isFileProtectionEnabled(image)) return undefined;
  const result = sfcSync(image);
  if (mode === SCAN_NEXT_BOOT) setRegistryValue(image, WINLOGON, 'SFCScan', 'REG_DWORD', SCAN_NEVER);
  return result;
}

/** The names of the steps this layer adds to every boot, in order. */
export const FILE_PROTECTION_BOOT_STEPS = ['Windows File Protection', 'SFCScan boot scan'] as const;

registerAfterBootStep({
  name: FILE_PROTECTION_BOOT_STEPS[0],
  // listing the names is worth it from as many paths as `protectedNameTest` needs
  watchNames: (image, entries) =>
    image.protectedPaths.size === 0 || entries * 2 < LIST_NAMES_FROM ? undefined : protectedNames(image),
  run: protectRenamedFiles,
});
registerAfterBootStep({
  name: FILE_PROTECTION_BOOT_STEPS[1],
  run(image, report: ProtectedBootReport) {
    const scan = runBootFileScan(image);
    if (scan) report.sfcScan = scan;
  },
});
