/**
 * The file scan Windows File Protection runs at boot when `SFCScan` asks for one.
 */
import { isFileProtectionEnabled, sfcSync, type SfcResult } from '../catalog/index.js';
import type { ImageCore } from '../image/index.js';
import { setRegistryValue } from '../ops/index.js';

const WINLOGON = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';
/** `SFCScan` values: no scan, a scan at every boot, a scan at the next boot only. */
const SCAN_NEVER = 0;
const SCAN_EVERY_BOOT = 1;
const SCAN_NEXT_BOOT = 2;

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
