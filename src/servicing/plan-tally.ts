/** Costing the plan: the space each decided file and each of the install's own files takes, per volume. */
import type { Entry, ImageCore } from '../image/index.js';
import type { Package } from '../package/index.js';
import { SpaceTally, costVolumes, type CostVolume } from './costing.js';
import { catalogBound, installLogBound, restoreManifestBound } from './plan-costs.js';
import { workingMemberBytes } from './plan-working.js';
import type { DetailedPlan, PlannedFile } from './detailed-plan.js';
import { RESTORE_MANIFEST, SVCPACK_LOG } from './state.js';

function existingFile(image: ImageCore, path: string): Entry | undefined {
  const entry = image.find(path);
  return entry && !entry.isDir ? entry : undefined;
}

/** The drive letters A to Z as strings, made once: costing asks for one per file. */
const LETTERS: readonly string[] = Array.from({ length: 26 }, (_, i) => String.fromCharCode(0x41 + i));

function letterOf(path: string): string {
  const unit = path.charCodeAt(0) & ~0x20;
  return path.charCodeAt(1) === 0x3a && unit >= 0x41 && unit <= 0x5a ? LETTERS[unit - 0x41] : '';
}

/** The volumes as costing sees them, and a tally of space on them. */
export function costingVolumes(image: ImageCore): { volumes: CostVolume[]; tally: SpaceTally } {
  const volumes = image
    .allVolumes()
    .map((volume) => ({ letter: volume.letter, free: volume.free, clusterSize: volume.clusterSize }));
  return {
    volumes,
    tally: new SpaceTally(new Map(volumes.map((volume) => [volume.letter, volume.clusterSize]))),
  };
}

function sizeAt(image: ImageCore, path: string): number {
  return existingFile(image, path)?.size ?? 0;
}

/** Counts the space one decided file takes: the file, its backup, its dllcache and ServicePackFiles copies. */
export function tallyFile(
  image: ImageCore,
  tally: SpaceTally,
  planned: PlannedFile,
  detail: DetailedPlan,
): void {
  const { action, currentSize, newSize } = planned.decision;
  const backup = !detail.options.noBackup;
  const letter = letterOf(planned.target);
  if (action === 'replace' || action === 'add') tally.add(letter, 'file', newSize, currentSize);
  if (action === 'inUse') tally.add(letter, 'inUse', newSize, currentSize);
  if (backup && (action === 'replace' || action === 'inUse'))
    tally.add(letterOf(detail.backupFolder), 'backup', 0, currentSize);
  if (planned.dllcache) {
    const old = planned.dllcacheLocation?.entry?.size ?? sizeAt(image, planned.dllcache);
    tally.add(letterOf(planned.dllcache), 'file', newSize, old);
    if (backup) tally.add(letterOf(detail.backupFolder), 'backup', 0, old);
  }
  if (planned.servicePackCopy) {
    const old = sizeAt(image, planned.servicePackCopy);
    tally.add(letterOf(planned.servicePackCopy), 'file', newSize, old);
    if (backup) tally.add(letterOf(detail.backupFolder), 'backup', 0, old);
  }
}

/**
 * Adds the working folder, the catalog, the driver cabinet, the restore manifest and Svcpack.log to
 * the files' tally (with the backups of the ones they replace), and costs each volume.
 */
export function cost(
  image: ImageCore,
  pkg: Package,
  detail: DetailedPlan,
  { volumes, tally }: { volumes: CostVolume[]; tally: SpaceTally },
): void {
  const workingLetter = detail.plan.costing.workingVolume;
  tally.addNew(workingLetter, 'working', workingMemberBytes(pkg, detail));
  const backup = !detail.options.noBackup;
  const backupLetter = letterOf(detail.backupFolder);
  /** A file the install writes whole, replacing (and backing up) what is there. */
  const replaced = (path: string, size: number, backedUp: boolean): void => {
    const old = sizeAt(image, path);
    tally.add(letterOf(path), 'file', size, old);
    if (backedUp) tally.add(backupLetter, 'backup', 0, old);
  };
  const catalogName = detail.catalogPath.slice(detail.catalogPath.lastIndexOf('\\') + 1);
  replaced(detail.catalogPath, catalogBound(pkg, catalogName), backup);
  if (detail.driverCabPath) {
    const size = (pkg.manifest.driverCab?.members ?? []).reduce(
      (sum, name) => sum + pkg.member(name).length + Buffer.byteLength(name) + 8,
      16,
    );
    replaced(detail.driverCabPath, size, backup);
  }
  if (backup)
    replaced(`${detail.backupFolder}\\${RESTORE_MANIFEST}`, restoreManifestBound(image, pkg, detail), false);
  replaced(image.expand(SVCPACK_LOG), installLogBound(image, pkg, detail), false);
  detail.plan.costing = costVolumes(volumes, tally.items(), workingLetter);
}
