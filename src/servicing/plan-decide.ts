/**
 * Deciding each file: the copy of a target that fits the installed hotfix branch, the version
 * rules, optional components, OEM and in-use files, and the dllcache copy to refresh.
 */
import { contentHash, findChild, hashHex, type Folder, type Entry, type ImageCore } from '../image/index.js';
import { readPeLanguages } from '../host/index.js';
import { foldName } from '../path/index.js';
import type { ManifestFile, Package } from '../package/index.js';
import type { PlannedFile } from './detailed-plan.js';
import { languageTag } from './edition.js';
import { hotfixBranches } from './state.js';
import type { FileDecision, InstallMethod, InstallOptions } from './types.js';
import { MISSING, decideFile, type InstalledFile, type ReinstallPolicy } from './version-rules.js';

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

/** No file is another branch's copy. */
export const NO_BRANCH_CHOICE: ReadonlyMap<ManifestFile, string | undefined> = new Map();

/**
 * Chooses the copy of each target that fits the installed file's hotfix branch. A validated manifest
 * names a target twice only for different branches or languages: call it only when some file has one.
 */
export function branchChoice(
  image: ImageCore,
  files: readonly ManifestFile[],
  targets: readonly string[],
): Map<ManifestFile, string | undefined> {
  const skipped = new Map<ManifestFile, string | undefined>();
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
export interface DecideContext {
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

export function decide(
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

  /**
   * The languages of the file's version resource, as MsiGetFileVersion reads them from its bytes; read
   * when asked (only a package file of the same version with languages of its own needs them). A
   * LANGID outside Windows 2000's languages keeps its number, so it matches no other language.
   */
  get languages(): string[] {
    return readPeLanguages(this.image.content(this.entry)).map(
      (langid) => languageTag(langid) ?? `langid-${langid.toString(16).padStart(4, '0')}`,
    );
  }
}

/** A file's decision, with the versions each side has (see docs/performance.md, "Performance Notes"). */
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

/** The outcome of a file not on the machine (every policy adds it), shared. */
const MISSING_ADDED: Outcome = Object.freeze({ action: 'add', reason: MISSING.reason });

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
  // a missing file is added whatever the policy (most of a service pack's files)
  if (!entry) return MISSING_ADDED;
  const verdict = decideFile(
    new InstalledEntry(image, entry),
    { version: file.version, hash: file.xxh64, languages: file.languages },
    context.policy,
    context.pkg.manifest.language,
  );
  if (!verdict.replace) return { action: 'skip', reason: verdict.reason };
  if ((file.oem === true || image.isOemEntry(entry)) && !options.overwriteOem) {
    return { action: 'oemKept', reason: 'OEM-supplied file kept (use -o to overwrite OEM files)' };
  }
  if (entry.mappedBy > 0 || (entry.handles?.length ?? 0) > 0) {
    return { action: 'inUse', reason: `${verdict.reason}; in use, replaced at the next reboot` };
  }
  return { action: 'replace', reason: verdict.reason };
}
