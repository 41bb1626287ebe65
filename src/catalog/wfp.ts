/**
 * Windows File Protection: a protected file whose content is in no installed catalog is put back
 * from the first source that holds a catalogued copy, and System event 64002 is logged.
 *
 * Sources, in order: the dllcache folder (`SFCDllCacheDir`, default `%SystemRoot%\system32\dllcache`),
 * `%SystemRoot%\Driver Cache\i386`, then `%SystemRoot%\ServicePackFiles\i386`. Simplification: a file
 * `<name>` lying in `Driver Cache\i386` stands for the member `<name>` of the cabinets there
 * (`driver.cab`, `SpN.cab`); cabinets themselves are not opened. A source copy is used only when its
 * own SHA-256 is catalogued, so a tampered cache is never "restored" from. When no source holds one (or the
 * file cannot be written), the bad file stays and System event 64004 is logged instead.
 */
import { WIN32_ERRORS, WinError, type Win32ErrorName } from '../errors/index.js';
import type { Entry, ImageCore } from '../image/index.js';
import { createDirectory, writeFile } from '../ops/index.js';
import { foldName } from '../path/index.js';
import { sha256Hex } from './hash-inline.js';
import { installedCatalogs, type InstalledCatalogs } from './installed.js';
import { describeProtected, protectedFiles, type ProtectedFile } from './protected.js';
import { restoreSources } from './sources.js';

/** The event source of Windows File Protection's entries in the System log. */
export const WFP_EVENT_SOURCE = 'Windows File Protection';
/** "File replacement was attempted on the protected system file ... restored to the original version". */
export const WFP_EVENT_FILE_RESTORED = 64002;
/** "The protected system file ... could not be restored to its original, valid version" (a warning). */
export const WFP_EVENT_FILE_NOT_RESTORED = 64004;

const WINLOGON = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';
const WFP_POLICY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Windows File Protection';

/** A protected file put back, and the folder its good copy came from. */
export interface Restoration {
  path: string;
  from: string;
}

/** What `enforceFileProtection` did. */
export interface WfpResult {
  /** Protected files looked at (0 when protection is off). */
  checked: number;
  restored: Restoration[];
  /**
   * Protected files with bad or missing content and no catalogued copy in any source (or that could not be
   * written): left as they are, each with System event 64004.
   */
  unrestorable: string[];
}

export { dllcacheFolder, restoreSources } from './sources.js';

function dwordValue(image: ImageCore, key: string, name: string): number | undefined {
  const value = image.registry.getValue(key, name);
  return value !== undefined && typeof value.data === 'number' ? value.data : undefined;
}

/**
 * Whether Windows File Protection is on. `SFCDisable` (REG_DWORD) is read from the policy key
 * `HKLM\SOFTWARE\Policies\Microsoft\Windows NT\Windows File Protection` first (policy wins), then from
 * `...\Winlogon`. Per KB 222473: 0 = enabled (the default), 4 = enabled with pop-ups off, 1 = disabled with a
 * prompt at boot, 2 = disabled for the next boot; the undocumented 0xFFFFFF9D disables it with no prompt.
 * Windows honours 1 and 2 only with a kernel debugger attached; this model treats every value other than 0 and 4
 * as disabled.
 */
export function isFileProtectionEnabled(image: ImageCore): boolean {
  const value = dwordValue(image, WFP_POLICY, 'SFCDisable') ?? dwordValue(image, WINLOGON, 'SFCDisable') ?? 0;
  return value === 0 || value === 4;
}

function restoredMessage(path: string, version: string | undefined): string {
  const tail = version ? ` The file version of the system file is ${version}.` : '';
  return (
    `File replacement was attempted on the protected system file ${path}. ` +
    `This file was restored to the original version to maintain system stability.${tail}`
  );
}

function notRestoredMessage(path: string, version: string | undefined, error: Win32ErrorName): string {
  const hex = `0x${WIN32_ERRORS[error].toString(16).padStart(8, '0')}`;
  const badVersion = version ? ` The file version of the bad file is ${version}.` : '';
  return (
    `The protected system file ${path} could not be restored to its original, valid version.` +
    `${badVersion} The specific error code is ${hex} [${error}].`
  );
}

/** Where a good copy of `file` is: the first source copy whose SHA-256 is catalogued, else why there is none. */
function findGoodCopy(
  image: ImageCore,
  file: ProtectedFile,
  catalogs: InstalledCatalogs,
): { copy: Entry; data: Buffer } | { error: Win32ErrorName } {
  let sawCopy = false;
  for (const folder of restoreSources(image)) {
    const copy = image.find(`${folder}\\${file.name}`);
    if (!copy || copy.isDir) continue;
    sawCopy = true;
    const data = Buffer.from(image.content(copy));
    if (catalogs.hasHash(sha256Hex(data))) return { copy, data };
  }
  // Copies that are there but unsigned fail the way Windows reports it; no copy at all is "not found".
  return { error: sawCopy ? 'TRUST_E_NOSIGNATURE' : 'ERROR_FILE_NOT_FOUND' };
}

/**
 * Puts a protected file back from the first source holding a catalogued copy (through src/ops), and logs 64002.
 * When no source has a good copy (error `TRUST_E_NOSIGNATURE` if copies were found but none is catalogued,
 * `ERROR_FILE_NOT_FOUND` if there were none) or the file cannot be written (for example it is a loaded image or
 * read-only: that refusal's error), the file is left as it is, warning 64004 is logged, and undefined is returned.
 */
export function restoreProtectedFile(
  image: ImageCore,
  file: ProtectedFile,
  catalogs: InstalledCatalogs,
): Restoration | undefined {
  const found = findGoodCopy(image, file, catalogs);
  const failed = (error: Win32ErrorName): undefined => {
    const message = notRestoredMessage(file.path, file.entry?.version, error);
    image.logEvent(WFP_EVENT_SOURCE, WFP_EVENT_FILE_NOT_RESTORED, 'warning', message);
    return undefined;
  };
  if ('error' in found) return failed(found.error);
  const { copy, data } = found;
  try {
    const parent = file.path.slice(0, file.path.lastIndexOf('\\'));
    if (!image.find(parent)) createDirectory(image, parent, { recursive: true });
    writeFile(image, file.path, data, { version: copy.version ?? null });
  } catch (error) {
    if (error instanceof WinError) return failed(error.code);
    throw error;
  }
  image.logEvent(
    WFP_EVENT_SOURCE,
    WFP_EVENT_FILE_RESTORED,
    'information',
    restoredMessage(file.path, copy.version),
  );
  return { path: file.path, from: image.pathOf(copy.parent!) };
}

function filesToCheck(image: ImageCore, paths: Iterable<string> | undefined): ProtectedFile[] {
  if (paths === undefined) return protectedFiles(image);
  const seen = new Set<string>();
  const files: ProtectedFile[] = [];
  for (const path of paths) {
    const file = describeProtected(image, path);
    const key = foldName(file.path);
    if (seen.has(key) || !image.protectedPaths.has(key)) continue;
    seen.add(key);
    files.push(file);
  }
  return files;
}

/**
 * Windows File Protection over the given paths (those that are protected) or every protected file:
 * a file that is missing, or whose SHA-256 is in no installed catalog, is restored (see `restoreProtectedFile`;
 * 64002 when restored, 64004 and listed in `unrestorable` when not).
 * Does nothing when protection is off (`isFileProtectionEnabled`).
 */
export function enforceFileProtection(image: ImageCore, paths?: Iterable<string>): WfpResult {
  const result: WfpResult = { checked: 0, restored: [], unrestorable: [] };
  if (!isFileProtectionEnabled(image)) return result;
  const files = filesToCheck(image, paths);
  if (files.length === 0) return result;
  const catalogs = installedCatalogs(image);
  for (const file of files) {
    result.checked++;
    if (file.entry && catalogs.hasHash(sha256Hex(image.content(file.entry)))) continue;
    const restored = restoreProtectedFile(image, file, catalogs);
    if (restored) result.restored.push(restored);
    else result.unrestorable.push(file.path);
  }
  return result;
}
