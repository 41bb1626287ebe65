/**
 * `sfc /scannow`: recheck every protected file against the installed catalogs, restore the bad ones,
 * and bring the dllcache up to date.
 */
import { PENDING_RENAME_VALUES, SESSION_MANAGER_KEY, decodePendingRenames } from '../boot/index.js';
import { WinError } from '../errors/index.js';
import type { Entry, ImageCore } from '../image/index.js';
import { createDirectory, outsideServicingLocks, withServicingLock, writeFile } from '../ops/index.js';
import { foldName } from '../path/index.js';
import { REG_TYPES } from '../registry/index.js';
import { HashPool, type HashMode, type WorkerFailure } from './hash-pool.js';
import { sha256Hex } from './hash-inline.js';
import { installedCatalogs, type InstalledCatalogs, type RejectedCatalog } from './installed.js';
import { protectedFiles, type ProtectedFile } from './protected.js';
import { dllcacheFolder, restoreProtectedFile, type Restoration } from './wfp.js';

/** Options of `sfc`. */
export interface SfcOptions {
  /** Pool for the SHA-256s (the caller closes it). Without one, `sfc` makes its own and closes it when done. */
  pool?: HashPool;
  /** Threads of the pool `sfc` makes when none is given. */
  threads?: number;
  /** Called as files are checked: `done` of `total` protected files. */
  onProgress?: (done: number, total: number) => void;
  /** Where the SHA-256s are computed (see `HashAllOptions.mode`); default `'auto'`. */
  hashMode?: HashMode;
  /** Test hook: the worker hashing this batch fails (see `HashAllOptions.failOnBatch`). */
  failOnBatch?: number;
  /** Test hook: how that worker fails. */
  failHow?: WorkerFailure;
}

/** What `sfc` found and did. */
export interface SfcResult {
  /** Protected files checked. */
  scanned: number;
  /** Protected files that were missing or whose content is in no installed catalog. */
  violations: Array<{ path: string; reason: string }>;
  /** Violations put back from a good copy. */
  restored: Restoration[];
  /** Violations with no catalogued copy in any source (or that could not be written): left as they are, event 64004 each. */
  unrestorable: string[];
  /** dllcache copies written because they were missing or differed from the good file. */
  dllcacheRefreshed: number;
  /** Files in the catalog folder that are not usable catalogs. */
  rejectedCatalogs: RejectedCatalog[];
}

async function hashProtected(
  files: readonly ProtectedFile[],
  image: ImageCore,
  options: SfcOptions,
): Promise<Array<string | undefined>> {
  const present = files.filter((file) => file.entry !== undefined);
  const pool =
    options.pool ?? new HashPool(options.threads === undefined ? {} : { threads: options.threads });
  let digests: string[];
  try {
    digests = await pool.hashAll(
      present.map((file) => image.content(file.entry!)),
      {
        algorithm: 'sha256',
        ...(options.hashMode ? { mode: options.hashMode } : {}),
        ...(options.failOnBatch !== undefined ? { failOnBatch: options.failOnBatch } : {}),
        ...(options.failHow ? { failHow: options.failHow } : {}),
      },
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`sfc: hashing the protected files failed, nothing was changed: ${reason}`, {
      cause: error,
    });
  } finally {
    if (!options.pool) await pool.close();
  }
  const byFile = new Map<ProtectedFile, string>(present.map((file, i) => [file, digests[i]]));
  return files.map((file) => byFile.get(file));
}

/**
 * The files a rename or delete queued for the next boot will change (an install's or uninstall's in-use
 * copies): what is on disk now is not what the machine will run, so their dllcache copies are left as
 * the install wrote them (refreshed from the old file, Windows File Protection would later put the old
 * file back over the new one).
 */
function filesChangingAtBoot(image: ImageCore): Set<Entry> {
  const changing = new Set<Entry>();
  for (const value of [1, 2] as const) {
    const raw = image.registry.getRawValue(SESSION_MANAGER_KEY, PENDING_RENAME_VALUES[value]);
    if (!raw || raw.type !== REG_TYPES.REG_MULTI_SZ) continue;
    for (const { source, destination } of decodePendingRenames(raw.bytes, value).entries) {
      for (const path of [source, destination]) {
        const entry = path?.startsWith('\\??\\') ? image.find(path.slice(4)) : undefined;
        if (entry) changing.add(entry);
      }
    }
  }
  return changing;
}

/**
 * Writes a good file into the dllcache when its copy there is missing or matches none of the good files
 * of that name (`%SystemRoot%\notepad.exe` and `system32\notepad.exe` share one copy: the one a
 * service pack refreshed is not put back to the other's older bytes); true if written.
 */
function refreshCacheCopy(image: ImageCore, folder: string, sameName: readonly ProtectedFile[]): boolean {
  const cachePath = `${folder}\\${sameName[0].name}`;
  const cached = image.find(cachePath);
  if (cached?.isDir) return false;
  const entries = sameName.map((file) => image.find(file.path)).filter((entry) => entry && !entry.isDir);
  if (entries.length === 0) return false;
  const matches = (entry: Entry): boolean =>
    cached !== undefined &&
    cached.version === entry.version &&
    image.content(cached).equals(image.content(entry));
  if (entries.some((entry) => matches(entry!))) return false;
  const entry = entries[0]!;
  try {
    if (!image.find(folder)) createDirectory(image, folder, { recursive: true });
    writeFile(image, cachePath, Buffer.from(image.content(entry)), { version: entry.version ?? null });
    return true;
  } catch (error) {
    if (error instanceof WinError) return false;
    throw error;
  }
}

/** Checks each protected file's digest, restores the violations, then refreshes the dllcache. */
function checkAndRestore(
  image: ImageCore,
  files: readonly ProtectedFile[],
  digests: ReadonlyArray<string | undefined>,
  catalogs: InstalledCatalogs,
  onProgress: SfcOptions['onProgress'],
): SfcResult {
  const result: SfcResult = {
    scanned: files.length,
    violations: [],
    restored: [],
    unrestorable: [],
    dllcacheRefreshed: 0,
    rejectedCatalogs: catalogs.rejected,
  };
  const good: ProtectedFile[] = [];
  files.forEach((file, i) => {
    const digest = digests[i];
    if (digest !== undefined && catalogs.hasHash(digest)) {
      good.push(file);
    } else {
      const reason = digest === undefined ? 'missing' : 'content is in no installed catalog';
      result.violations.push({ path: file.path, reason });
      const restored = restoreProtectedFile(image, file, catalogs);
      if (restored) {
        result.restored.push(restored);
        good.push(file);
      } else {
        result.unrestorable.push(file.path);
      }
    }
    onProgress?.(i + 1, files.length);
  });

  const folder = dllcacheFolder(image);
  const byName = new Map<string, ProtectedFile[]>();
  for (const file of good) {
    const name = foldName(file.name);
    const sameName = byName.get(name);
    if (sameName) sameName.push(file);
    else byName.set(name, [file]);
  }
  const changingAtBoot = filesChangingAtBoot(image);
  for (const sameName of byName.values()) {
    if (sameName.some((file) => file.entry && changingAtBoot.has(file.entry))) continue;
    if (refreshCacheCopy(image, folder, sameName)) result.dllcacheRefreshed++;
  }
  return result;
}

/**
 * `sfc /scannow`. Hashes every protected file (SHA-256, in the pool when the total is large), checks each
 * against the installed catalogs, restores violations as Windows File Protection does (event 64002 each; a
 * violation with no good copy stays as it is, with event 64004, and is listed in `unrestorable`), then
 * refreshes the dllcache copy of every good file whose copy is missing or differs (from every good file of its
 * name; none whose replacement is queued for the next boot). Runs whatever `SFCDisable`
 * says, as the command does. Unusable files in the catalog folder are reported in `rejectedCatalogs`.
 * It holds the image's servicing lock while it hashes, so the files it restores are the ones it hashed.
 * @throws Error (with the worker's error as `cause`) when hashing fails; the image is then unchanged.
 * @throws WinError ERROR_INSTALL_ALREADY_RUNNING (1618) when an install or uninstall is running on the image.
 */
export function sfc(image: ImageCore, options: SfcOptions = {}): Promise<SfcResult> {
  return withServicingLock(image, 'sfc', async () => {
    const catalogs = installedCatalogs(image);
    const files = protectedFiles(image);
    const digests = await hashProtected(files, image, options);
    const { onProgress } = options;
    const progress =
      onProgress && ((done: number, total: number) => outsideServicingLocks(() => onProgress(done, total)));
    return checkAndRestore(image, files, digests, catalogs, progress);
  });
}

/**
 * The same scan as `sfc`, hashing on the calling thread and returning at once: for callers that cannot wait,
 * such as the scan Windows File Protection runs during a (synchronous) reboot when `SFCScan` asks for one.
 */
export function sfcSync(image: ImageCore, options: Pick<SfcOptions, 'onProgress'> = {}): SfcResult {
  const catalogs = installedCatalogs(image);
  const files = protectedFiles(image);
  const digests = files.map((file) => (file.entry ? sha256Hex(image.content(file.entry)) : undefined));
  return checkAndRestore(image, files, digests, catalogs, options.onProgress);
}
