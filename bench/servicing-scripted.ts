/**
 * The servicing benchmark's `node:fs` baseline: the install and uninstall of bench/servicing.ts
 * scripted with `node:fs` on tmpfs (/dev/shm), on an export of the image's drive C: made outside the
 * timing.
 */
import { sign } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { hashHex, xxh64 } from '../src/image/index.js';
import { Package, compareVersions, defaultSigningKey } from '../src/package/index.js';
import type { WinImage } from '../src/machine/index.js';

export const SHM = existsSync('/dev/shm') ? '/dev/shm' : '/tmp';

export interface HostCopy {
  root: string;
  inUse: Set<string>;
}

/** The versions sidecar of a host copy: upper-cased Windows path to file version. */
function readVersions(copy: HostCopy): Map<string, string> {
  return new Map(JSON.parse(readFileSync(join(copy.root, 'versions.json'), 'utf8')) as [string, string][]);
}

function writeVersions(root: string, versions: ReadonlyMap<string, string>): void {
  writeFileSync(join(root, 'versions.json'), JSON.stringify([...versions]));
}

/** Exports drive C: of the image to a tmpfs folder with a versions sidecar (setup, not timed). */
export async function hostCopy(image: WinImage): Promise<HostCopy> {
  const root = mkdtempSync(join(SHM, 'svcpack-bench-'));
  await image.exportDrive('C', join(root, 'C'));
  const versions = new Map<string, string>();
  const inUse = new Set<string>();
  for (const p of image.processes()) for (const h of p.holds) inUse.add(h.toUpperCase());
  const visit = (dir: string): void => {
    for (const name of image.readdir(dir)) {
      const path = `${dir}\\${name}`;
      const stat = image.stat(path);
      if (stat.isDirectory) visit(path);
      else if (stat.version) versions.set(path.toUpperCase(), stat.version);
    }
  };
  visit('C:');
  writeVersions(root, versions);
  return { root, inUse };
}

function hostPath(root: string, windowsPath: string): string {
  return join(root, 'C', ...windowsPath.slice(3).split('\\'));
}

/**
 * The baseline install: the same steps with node:fs on tmpfs. It verifies and reads the package,
 * extracts every member to a working folder, decides each file by version, backs up what it
 * replaces (with its times), writes in-use files beside their targets and lists their renames, refreshes the dllcache
 * copies of protected files, keeps optional-component files under ServicePackFiles, writes the driver
 * cabinet, a signed catalog of SHA-256 and xxh64 hashes, the uninstall record, Svcpack.log and the
 * files' new versions (the engine records them on its entries). Like the
 * engine, it takes each SHA-256 from the manifest, which reading the package checked every member
 * against, and computes each xxh64.
 */
export function scriptedInstall(copy: HostCopy, pkgBytes: Uint8Array, image: WinImage): void {
  const pkg = Package.fromBytes(pkgBytes);
  const versions = readVersions(copy);
  const windows = join(copy.root, 'C', 'WINNT');
  const work = join(copy.root, 'C', 'sp4work');
  const backup = join(windows, '$NTServicePackUninstall$');
  const dllcache = join(windows, 'system32', 'dllcache');
  const servicePackFiles = join(windows, 'ServicePackFiles', 'i386');
  let servicePackFilesMade = false;
  mkdirSync(work, { recursive: true });
  mkdirSync(backup, { recursive: true });
  const log: string[] = [];
  let copied = 0;
  const catalog: string[] = [];
  const renames: string[] = [];
  const record: { target: string; backup?: string; key?: string; version?: string }[] = [];
  // A backup keeps the original's times, as the engine's (and Windows' CopyFile) does.
  const backUp = (path: string, name: string, key?: string): void => {
    const original = statSync(path);
    copyFileSync(path, join(backup, name));
    utimesSync(join(backup, name), original.atime, original.mtime);
    record.push({ target: path, backup: name, key, version: key && versions.get(key) });
  };
  for (const file of pkg.manifest.files) {
    const data = pkg.member(file.source);
    const extracted = join(work, file.source.replaceAll('/', '_'));
    writeFileSync(extracted, data);
    // As the engine does: the SHA-256 the package reader checked this member against, and a new xxh64.
    catalog.push(`${file.target}\t${file.sha256}\t${hashHex(xxh64(data))}`);
    const target = image.expand(file.target);
    const path = hostPath(copy.root, target);
    const name = basename(path);
    if (file.optionalComponent) {
      if (!servicePackFilesMade) {
        mkdirSync(servicePackFiles, { recursive: true });
        servicePackFilesMade = true;
      }
      copyFileSync(extracted, join(servicePackFiles, name));
    }
    const key = target.toUpperCase();
    const current = versions.get(key);
    const exists = existsSync(path);
    if (exists && current && file.version && compareVersions(file.version, current) <= 0) continue;
    if (exists) {
      backUp(path, file.source.replaceAll('/', '_'), key);
    } else {
      mkdirSync(join(path, '..'), { recursive: true });
      record.push({ target: path, key });
    }
    if (file.version) versions.set(key, file.version);
    else versions.delete(key);
    if (copy.inUse.has(target.toUpperCase())) {
      copyFileSync(extracted, `${path}.new`);
      renames.push(`${path}.new|${path}`);
      // the engine's Svcpack.log has a line per step, and one per file in use
      log.push(`${(log.length / 1000).toFixed(3)}: ReplaceFile: ${target} is in use: queued ${path}.new`);
    } else {
      copyFileSync(extracted, path);
    }
    const cached = join(dllcache, name);
    if (file.protected && existsSync(cached)) {
      backUp(cached, `dllcache_${file.source.replaceAll('/', '_')}`);
      copyFileSync(extracted, cached);
    }
    copied++;
  }
  log.push(`${(log.length / 1000).toFixed(3)}: CopyFiles: ${copied} files, ${renames.length} renames queued`);
  writeRecords(copy, pkg, { versions, catalog, record, renames, log });
}

/** The end of the baseline install: the driver cabinet, the signed catalog, the records and the log. */
function writeRecords(
  copy: HostCopy,
  pkg: Package,
  made: {
    versions: ReadonlyMap<string, string>;
    catalog: readonly string[];
    record: readonly object[];
    renames: readonly string[];
    log: readonly string[];
  },
): void {
  const windows = join(copy.root, 'C', 'WINNT');
  if (pkg.manifest.driverCab) {
    const parts = pkg.manifest.driverCab.members.map((member) => pkg.member(member));
    const cab = join(windows, 'Driver Cache', 'i386');
    mkdirSync(cab, { recursive: true });
    writeFileSync(join(cab, pkg.manifest.driverCab.name), Buffer.concat(parts));
  }
  const catroot = join(windows, 'system32', 'CatRoot');
  mkdirSync(catroot, { recursive: true });
  const catalogBytes = Buffer.from(made.catalog.join('\n'));
  const signature = sign(null, catalogBytes, defaultSigningKey().privateKey);
  writeFileSync(join(catroot, 'sp4.cat'), Buffer.concat([catalogBytes, signature]));
  writeFileSync(join(windows, '$NTServicePackUninstall$', 'restore.json'), JSON.stringify(made.record));
  // the new files' versions, as the engine records them on its entries
  writeVersions(copy.root, made.versions);
  writeFileSync(join(windows, 'pending.txt'), made.renames.join('\n'));
  writeFileSync(join(windows, 'Svcpack.log'), made.log.join('\r\n'));
}

/**
 * The baseline uninstall: copy every backed-up original back with its times, remove what the install
 * added and put the original versions back in the sidecar.
 */
export function scriptedUninstall(copy: HostCopy): void {
  const backup = join(copy.root, 'C', 'WINNT', '$NTServicePackUninstall$');
  const record = JSON.parse(readFileSync(join(backup, 'restore.json'), 'utf8')) as {
    target: string;
    backup?: string;
    key?: string;
    version?: string;
  }[];
  const versions = readVersions(copy);
  for (const { target, backup: saved, key, version } of record) {
    if (saved !== undefined) {
      const original = statSync(join(backup, saved));
      copyFileSync(join(backup, saved), `${target}.tmp`);
      utimesSync(`${target}.tmp`, original.atime, original.mtime);
      renameSync(`${target}.tmp`, target);
    } else if (existsSync(target)) {
      unlinkSync(target);
    }
    if (key === undefined) continue;
    if (version === undefined) versions.delete(key);
    else versions.set(key, version);
  }
  writeVersions(copy.root, versions);
  rmSync(backup, { recursive: true, force: true });
  writeFileSync(join(copy.root, 'C', 'WINNT', 'Spuninst.log'), 'done');
}
