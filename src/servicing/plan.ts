/**
 * Planning an install: the checks, the inventory (version rules, in-use files, optional components,
 * hotfix branches, OEM files), regressions and costing. Changes nothing.
 */
import {
  contentHash,
  findChild,
  hashHex,
  xxh64,
  type Entry,
  type Folder,
  type ImageCore,
} from '../image/index.js';
import { foldName } from '../path/index.js';
import { uninstallFolderName, type ManifestFile, type Package } from '../package/index.js';
import { ServicingRefusal } from './codes.js';
import type { DetailedPlan, PlannedFile } from './detailed-plan.js';
import { SpaceTally, costVolumes, shortageMessage, type CostVolume } from './costing.js';
import {
  checkApplicability,
  checkNotInProgress,
  checkSession,
  checkTrust,
  restartPendingRefusal,
} from './plan-checks.js';
import { catalogBound, installLogBound, restoreManifestBound } from './plan-costs.js';
import { readOnlyTargetProblem, targetNamingProblem } from './plan-targets.js';
import {
  CATROOT,
  DLLCACHE,
  DRIVER_CACHE,
  RESTORE_MANIFEST,
  SERVICE_PACK_FILES,
  SVCPACK_LOG,
  componentInstalled,
  pathFormer,
  pathLocator,
  type LocatedPath,
  hotfixBranches,
  installedHotfixes,
  productLevel,
} from './state.js';
import { resolveSwitches } from './switches.js';
import type { FileDecision, InstallMethod, InstallOptions, InstallPlan } from './types.js';
import { decideFile, parseReinstallMode, type InstalledFile, type ReinstallPolicy } from './version-rules.js';

export type { DetailedPlan, PlannedFile } from './detailed-plan.js';

function existingFile(image: ImageCore, path: string): Entry | undefined {
  const entry = image.find(path);
  return entry && !entry.isDir ? entry : undefined;
}

function inUseBy(image: ImageCore, entry: Entry): string[] {
  const names = new Set<string>();
  for (const process of image.processTable.values()) {
    if (process.mapped.includes(entry)) names.add(process.name);
  }
  for (const handle of entry.handles ?? []) {
    const process = image.processTable.get(handle.pid);
    names.add(process ? process.name : `pid ${handle.pid}`);
  }
  return [...names];
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}

/** The working folder's name: 20 hex digits from the manifest, as W2kspN.exe makes a random-looking one. */
function workingFolderName(pkg: Package): string {
  const hash = hashHex(xxh64(pkg.manifestBytes()));
  return `${hash}${hash.slice(0, 4)}`;
}

/** No file is another branch's copy. */
const NO_BRANCH_CHOICE: ReadonlyMap<ManifestFile, string | undefined> = new Map();

/**
 * Chooses the copy of each target that fits the installed file's hotfix branch. A validated manifest
 * names a target twice only for different branches or languages: call it only when some file has one.
 */
function branchChoice(
  image: ImageCore,
  files: readonly ManifestFile[],
  targets: readonly string[],
): Map<ManifestFile, string | undefined> {
  const skipped = new Map<ManifestFile, string | undefined>();
  // Most targets have one copy: only those with several get a list.
  const first = new Map<string, ManifestFile>();
  const several = new Map<string, ManifestFile[]>();
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    const key = foldName(targets[i]);
    const one = first.get(key);
    if (one === undefined) first.set(key, file);
    else {
      const list = several.get(key);
      if (list) list.push(file);
      else several.set(key, [one, file]);
    }
  }
  if (several.size === 0) return skipped;
  const branches = hotfixBranches(image);
  for (const [key, copies] of several) {
    const installedBranch = branches.get(key) ?? 'gdr';
    const match = copies.find((copy) => (copy.branch ?? 'gdr') === installedBranch) ?? copies[0];
    for (const copy of copies) {
      if (copy !== match) {
        skipped.set(
          copy,
          `copy for the ${copy.branch ?? 'gdr'} branch; the installed file is on the ${installedBranch} branch`,
        );
      }
    }
  }
  return skipped;
}

/** What deciding one file needs, computed once per plan. */
interface DecideContext {
  image: ImageCore;
  pkg: Package;
  options: InstallOptions;
  method: InstallMethod;
  componentPresent: (component: string) => boolean;
  policy: ReinstallPolicy;
  servicePackFiles: string;
  /** The dllcache folder, when there is one: its volume, entry and display path. */
  dllcache: Folder | undefined;
}

/** What becomes of one file, and why. */
interface Outcome {
  action: FileDecision['action'];
  reason: string;
}

function decide(
  context: DecideContext,
  file: ManifestFile,
  index: number,
  target: string,
  entry: Entry | undefined,
  otherBranch: string | undefined,
): PlannedFile {
  const { image } = context;
  const isProtected = file.protected === true || (entry !== undefined && image.isProtectedEntry(entry));
  const keepsCopy = context.method === 'local' || context.method === 'express';
  const outcome = outcomeOf(context, file, entry, otherBranch, keepsCopy);
  const { action } = outcome;
  const decision = fileDecision(file, target, outcome, entry);
  // every field given at once: one shape for all, and no property added later
  const planned: PlannedFile = {
    file,
    index,
    decision,
    target,
    servicePackCopy: undefined,
    dllcache: undefined,
    dllcacheLocation: undefined,
    protected: isProtected,
    location: undefined,
  };
  // another branch's copy of a target is not kept under ServicePackFiles
  if (file.optionalComponent && keepsCopy && !otherBranch)
    planned.servicePackCopy = `${context.servicePackFiles}\\${baseName(target)}`;
  if ((action === 'replace' || action === 'inUse') && isProtected && context.dllcache) {
    const name = baseName(target);
    const copy = image.locateIn(context.dllcache, name);
    const cached = copy ? copy.entry : findChild(context.dllcache.dir, name);
    if (cached && !cached.isDir) {
      planned.dllcache = image.pathOf(cached);
      if (copy) planned.dllcacheLocation = copy;
    }
  }
  if (action === 'inUse') decision.inUseBy = inUseBy(image, entry!);
  return planned;
}

/** An installed file as the version rules see it. */
class InstalledEntry implements InstalledFile {
  readonly version: string | undefined;
  readonly created: number;
  readonly modified: number;

  constructor(
    private readonly image: ImageCore,
    private readonly entry: Entry,
  ) {
    this.version = entry.version;
    this.created = entry.created;
    this.modified = entry.modified;
  }

  /** Computed when asked: only equal versions under REINSTALLMODE c and unversioned files need it. */
  get hash(): string {
    return hashHex(contentHash(this.image, this.entry));
  }
}

/** A file's decision, its versions given in the same literal (a property added later costs an object per file). */
function fileDecision(
  file: ManifestFile,
  target: string,
  { action, reason }: Outcome,
  entry: Entry | undefined,
): FileDecision {
  const source = file.source;
  const newSize = file.size;
  const currentSize = entry?.size ?? 0;
  const currentVersion = entry?.version;
  const newVersion = file.version;
  if (currentVersion && newVersion)
    return { source, target, action, reason, newSize, currentSize, currentVersion, newVersion };
  if (newVersion) return { source, target, action, reason, newSize, currentSize, newVersion };
  if (currentVersion) return { source, target, action, reason, newSize, currentSize, currentVersion };
  return { source, target, action, reason, newSize, currentSize };
}

function outcomeOf(
  context: DecideContext,
  file: ManifestFile,
  entry: Entry | undefined,
  otherBranch: string | undefined,
  keepsCopy: boolean,
): Outcome {
  const { image, options } = context;
  if (otherBranch) return { action: 'skip', reason: otherBranch };
  if (file.optionalComponent && !context.componentPresent(file.optionalComponent)) {
    return keepsCopy
      ? {
          action: 'servicePackFilesOnly',
          reason: `optional component '${file.optionalComponent}' is not installed`,
        }
      : {
          action: 'skip',
          reason: `optional component '${file.optionalComponent}' is not installed; the source path is recorded`,
        };
  }
  const verdict = decideFile(
    entry ? new InstalledEntry(image, entry) : undefined,
    { version: file.version, hash: file.xxh64, languages: file.languages },
    context.policy,
    context.pkg.manifest.language,
  );
  if (!verdict.replace) return { action: 'skip', reason: verdict.reason };
  if (!entry) return { action: 'add', reason: verdict.reason };
  if ((file.oem === true || image.isOemEntry(entry)) && !options.overwriteOem) {
    return { action: 'oemKept', reason: 'OEM-supplied file kept (use -o to overwrite OEM files)' };
  }
  if (entry.mappedBy > 0 || (entry.handles?.length ?? 0) > 0) {
    return { action: 'inUse', reason: `${verdict.reason}; in use, replaced at the next reboot` };
  }
  return { action: 'replace', reason: verdict.reason };
}

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
  const pendingRestart = restartPendingRefusal(
    image,
    detail.plan.files.map((file) => file.target),
  );
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

/** Finds, decides and tallies every file; a problem with the targets is returned, before any is decided. */
function inventory(
  image: ImageCore,
  pkg: Package,
  detail: DetailedPlan,
  tally: SpaceTally,
): string | undefined {
  const m = pkg.manifest;
  const form = pathFormer(image);
  const locate = pathLocator(image);
  // One pass over the files to find their targets, one to decide them (and count their space):
  // each pass over tens of thousands of files costs its memory reads.
  const files = m.files;
  const located = new Array<LocatedPath>(files.length);
  const targets = new Array<string>(files.length);
  const targetsOf = new Map<string, string[]>();
  let branchedOrLocalized = false;
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    const place = locate(file.target);
    located[i] = place;
    targets[i] = place.path;
    if (file.branch !== undefined || file.languages !== undefined) branchedOrLocalized = true;
    if (!file.optionalComponent) continue;
    const list = targetsOf.get(file.optionalComponent);
    if (list) list.push(place.path);
    else targetsOf.set(file.optionalComponent, [place.path]);
  }
  const naming = targetNamingProblem(image, files, located);
  if (naming) return naming;
  const present = new Map<string, boolean>();
  const componentPresent = (component: string): boolean => {
    let known = present.get(component);
    if (known === undefined) {
      known = componentInstalled(image, component, targetsOf.get(component) ?? []);
      present.set(component, known);
    }
    return known;
  };
  const options = detail.options;
  const context: DecideContext = {
    image,
    pkg,
    options,
    method: detail.method,
    componentPresent,
    policy: parseReinstallMode(options.forceReinstall ? 'amus' : (options.reinstallMode ?? 'omus')),
    servicePackFiles: form(SERVICE_PACK_FILES),
    dllcache: undefined,
  };
  const dllcacheFolder = image.find(form(DLLCACHE));
  if (dllcacheFolder?.isDir)
    context.dllcache = {
      volume: image.volumeOf(dllcacheFolder),
      dir: dllcacheFolder,
      path: image.pathOf(dllcacheFolder),
    };
  const otherBranch = branchedOrLocalized ? branchChoice(image, files, targets) : NO_BRANCH_CHOICE;
  const decisions = detail.plan.files;
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    const { path, entry, location } = located[i];
    const planned = decide(context, file, i, path, entry?.isDir ? undefined : entry, otherBranch.get(file));
    if (location) planned.location = location;
    detail.files.push(planned);
    decisions.push(planned.decision);
    tallyFile(image, tally, planned, detail);
  }
  const working = detail.plan.costing.workingVolume;
  if (working) {
    detail.workingFolder = `${working}:\\${workingFolderName(pkg)}`;
    detail.workingMembers = detail.method === 'express' ? expressMembers(pkg, detail) : pkg.members();
  }
  return undefined;
}

/**
 * The bytes of `detail.workingMembers`, in their order: outside Express they are the whole payload in
 * package order; Express names some members, read through `dataOf` (by default, from the package).
 */
export function workingMemberBytes(
  pkg: Package,
  detail: DetailedPlan,
  dataOf: (member: string) => Uint8Array = (member) => pkg.member(member),
): readonly Uint8Array[] {
  if (detail.workingMembers.length === 0) return [];
  return detail.method === 'express' ? detail.workingMembers.map(dataOf) : pkg.memberBytes();
}

/** What an Express install fetches: the members of the files it writes or keeps, and the driver cabinet's. */
function expressMembers(pkg: Package, detail: DetailedPlan): string[] {
  const needed = new Set<string>();
  for (const planned of detail.files) {
    if (planned.decision.action !== 'skip' && planned.decision.action !== 'oemKept')
      needed.add(planned.file.source);
    if (planned.servicePackCopy) needed.add(planned.file.source);
  }
  for (const member of pkg.manifest.driverCab?.members ?? []) needed.add(member);
  return pkg.members().filter((name) => needed.has(name));
}

function letterOf(path: string): string {
  const unit = path.charCodeAt(0) & ~0x20;
  return path.charCodeAt(1) === 0x3a && unit >= 0x41 && unit <= 0x5a ? String.fromCharCode(unit) : '';
}

/** The volumes as costing sees them, and a tally of space on them. */
function costingVolumes(image: ImageCore): { volumes: CostVolume[]; tally: SpaceTally } {
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
function tallyFile(image: ImageCore, tally: SpaceTally, planned: PlannedFile, detail: DetailedPlan): void {
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
function cost(
  image: ImageCore,
  pkg: Package,
  detail: DetailedPlan,
  { volumes, tally }: { volumes: CostVolume[]; tally: SpaceTally },
): void {
  const workingLetter = detail.plan.costing.workingVolume;
  const working = workingMemberBytes(pkg, detail);
  for (let i = 0; i < working.length; i++) tally.add(workingLetter, 'working', working[i].length, 0);
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

/** What an install would do; changes nothing. */
export async function plan(
  image: ImageCore,
  pkg: Package,
  options: InstallOptions = {},
): Promise<InstallPlan> {
  return Promise.resolve(detailedPlan(image, pkg, options).plan);
}
