/**
 * Upper bounds of the files an install writes besides the package's own: the catalog, the restore
 * manifest (`spuninst.json`) and `Svcpack.log`. Costing adds them so that the plan's peak bounds
 * what the install uses on every volume. They mirror what the install steps (`install-*.ts`) and
 * `install.ts` write; the costing property test (`test/servicing/costing-bound.test.ts`) holds them
 * to it.
 */
import type { ImageCore } from '../image/index.js';
import type { Package } from '../package/index.js';
import type { DetailedPlan } from './detailed-plan.js';
import {
  CURRENT_VERSION_KEY,
  SETUP_KEY,
  UNINSTALL_KEY,
  UPDATES_KEY,
  WINDOWS_CONTROL_KEY,
  isOsProduct,
} from './state.js';

/** Bytes of UTF-8 JSON a string can take at most per UTF-16 unit (a `\` is two, a non-ASCII unit three). */
const JSON_BYTES_PER_UNIT = 3;
/** Room for a JSON record's fields, punctuation and indentation around its strings. */
const RECORD_OVERHEAD = 128;
/** Room for a log line's time stamp, line end and fixed words. */
const LINE_OVERHEAD = 160;
/** The log lines an install writes besides those per file and per task (there are 21 kinds). */
const FIXED_LOG_LINES = 24;

const json = (text: string): number => JSON_BYTES_PER_UNIT * text.length;

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf('\\'));
}

/**
 * The length of the path the image stores for `path`: longer than `path` only through an 8.3 alias
 * (`PROGRA~1`), which always holds a `~`.
 */
function storedLength(image: ImageCore, path: string): number {
  if (!path.includes('~')) return path.length;
  const entry = image.find(path);
  return entry ? Math.max(path.length, image.pathOf(entry).length) : path.length;
}

/** The catalog's size: its header, then per file its member name, size, xxh64 and SHA-256, then the signature. */
export function catalogBound(pkg: Package, catalogName: string): number {
  const m = pkg.manifest;
  let size = 6 + 2 + 8 + 6 + json(catalogName) + json(m.id) + 32 + 4 + 64;
  // index loops: the costing runs once per install, mostly before it is optimized, where each step
  // of an iterator allocates
  for (let i = 0; i < m.files.length; i++) size += 2 + 8 + 8 + 32 + json(m.files[i].source);
  return size;
}

/**
 * The folders the install may create, each with its parents. Paths come in runs from one folder in
 * a few interleaved streams (targets, dllcache copies, ServicePackFiles copies): each stream
 * remembers its last folder, so a run costs one check.
 */
class FolderSet {
  readonly folders = new Set<string>();
  private readonly last: string[] = [];

  /** Adds the folder of `path` (up to its last `\`), and its parents; `stream` is the path's stream. */
  addParentOf(path: string, stream = 0): void {
    const cut = path.lastIndexOf('\\');
    const last = this.last[stream];
    if (last !== undefined && cut === last.length && path.startsWith(last)) return;
    const folder = path.slice(0, cut);
    this.last[stream] = folder;
    for (let dir = folder; dir.includes('\\') && !this.folders.has(dir); dir = parentOf(dir))
      this.folders.add(dir);
  }

  /** Bytes of the restore manifest's `createdDirectories` if every folder here were created. */
  bytes(): number {
    let size = 0;
    for (const folder of this.folders) size += 8 + json(folder);
    return size;
  }
}

/**
 * The files part of the restore manifest: one record per change `FileRecorder.recordChange` records
 * (the target as stored, and its name in the backup folder, `<n>\<name>` when names repeat), and
 * the folders the writes may create. Returns the bytes and the number of files changed in place.
 */
function fileRecords(image: ImageCore, detail: DetailedPlan): { size: number; changing: number } {
  const folders = new FolderSet();
  let size = 0;
  let changing = 0;
  const record = (path: string, stream: number): void => {
    size += RECORD_OVERHEAD + JSON_BYTES_PER_UNIT * (2 * storedLength(image, path) + 8);
    folders.addParentOf(path, stream);
  };
  record(detail.catalogPath, 0);
  if (detail.driverCabPath) record(detail.driverCabPath, 0);
  for (let i = 0; i < detail.files.length; i++) {
    const planned = detail.files[i];
    const action = planned.decision.action;
    if (action === 'replace' || action === 'add' || action === 'inUse') {
      changing++;
      record(planned.target, 0);
      if (planned.dllcache) record(planned.dllcache, 1);
    }
    if (planned.servicePackCopy) record(planned.servicePackCopy, 2);
  }
  // the working folder's folders are listed too (members are '/'-separated, in runs from one folder)
  let prefix: string | undefined;
  const members = detail.workingMembers;
  for (let i = 0; i < members.length; i++) {
    const member = members[i];
    const slash = member.lastIndexOf('/');
    if (prefix !== undefined && slash === prefix.length && member.startsWith(prefix)) continue;
    prefix = member.slice(0, Math.max(0, slash));
    const folder =
      prefix === '' ? detail.workingFolder : `${detail.workingFolder}\\${prefix.replaceAll('/', '\\')}`;
    folders.addParentOf(`${folder}\\member`);
  }
  return { size: size + folders.bytes(), changing };
}

/** One registry value the install sets or deletes, with the bytes its old value takes now. */
function valueRecord(image: ImageCore, key: string, name: string): number {
  const old = image.registry.getRawValue(key, name)?.bytes.length ?? 0;
  // the key may also be listed once among the created keys
  return RECORD_OVERHEAD + 2 * json(key) + json(name) + 2 * old;
}

/** A key a DelReg deletes: every key below it and every value in them. */
function deletedTree(image: ImageCore, key: string): number {
  if (!image.registry.keyExists(key)) return 0;
  let size = RECORD_OVERHEAD + json(key);
  for (const name of image.registry.listValues(key)) size += valueRecord(image, key, name);
  for (const sub of image.registry.listSubkeys(key)) size += deletedTree(image, `${key}\\${sub}`);
  return size;
}

/** The registry part of the restore manifest: the package's AddReg/DelReg and the install's own values. */
function registryUndo(image: ImageCore, pkg: Package, detail: DetailedPlan, changing: number): number {
  const m = pkg.manifest;
  let size = 0;
  for (const instruction of m.registry) {
    const key = `${instruction.root}\\${instruction.key}`;
    if (instruction.op === 'DelReg' && instruction.name === undefined) size += deletedTree(image, key);
    else size += valueRecord(image, key, instruction.name ?? '');
  }
  const own: Array<[string, string]> = [[SETUP_KEY, 'ServicePackSourcePath']];
  if (m.kind === 'servicePack' && isOsProduct(image, m.product))
    own.push([CURRENT_VERSION_KEY, 'CSDVersion'], [WINDOWS_CONTROL_KEY, 'CSDVersion']);
  else if (m.kind === 'servicePack') own.push([`${UPDATES_KEY}\\${m.product}`, 'ServicePackLevel']);
  else {
    const key = `${UPDATES_KEY}\\${m.product}\\SP${detail.previousLevel}\\${m.id}`;
    for (const name of ['Description', 'InstallSequence', 'Requires', 'UninstallCommand'])
      own.push([key, name]);
    for (let i = 0; i < changing; i++)
      for (const name of ['FileName', 'Location', 'Version', 'Branch'])
        own.push([`${key}\\Filelist\\${i}`, name]);
  }
  for (const name of ['DisplayName', 'UninstallString', 'Publisher'])
    own.push([`${UNINSTALL_KEY}\\${m.id}`, name]);
  for (const [key, name] of own) size += valueRecord(image, key, name);
  return size;
}

/** The restore manifest's size (`spuninst.json`, pretty-printed JSON): files, folders and registry undo. */
export function restoreManifestBound(image: ImageCore, pkg: Package, detail: DetailedPlan): number {
  const { size, changing } = fileRecords(image, detail);
  return (
    1024 +
    json(pkg.manifest.id) +
    json(pkg.manifest.product) +
    size +
    registryUndo(image, pkg, detail, changing)
  );
}

/** `Svcpack.log`'s size (one byte per character): its fixed lines, one per in-use file and one per task. */
export function installLogBound(image: ImageCore, pkg: Package, detail: DetailedPlan): number {
  const m = pkg.manifest;
  let size =
    FIXED_LOG_LINES * LINE_OVERHEAD +
    m.id.length * 4 +
    m.title.length * 2 +
    m.product.length +
    2 * detail.workingFolder.length +
    3 * detail.backupFolder.length +
    detail.catalogPath.length +
    2 * (detail.driverCabPath?.length ?? 0) +
    2 * m.product.length +
    detail.plan.regressions.reduce((sum, id) => sum + id.length + 2, 0) +
    `${UPDATES_KEY}\\${m.product}\\SP${detail.previousLevel}\\${m.id}`.length;
  for (const volume of image.allVolumes()) size += volume.displayRoot.length;
  for (let i = 0; i < detail.files.length; i++) {
    const planned = detail.files[i];
    if (planned.decision.action !== 'inUse') continue;
    const stored = storedLength(image, planned.target);
    const holders = (planned.decision.inUseBy ?? []).reduce((sum, name) => sum + name.length + 2, 0);
    // the target, and the temporary name beside it (`<name>.new<n>`)
    size += LINE_OVERHEAD + planned.target.length + holders + stored + 16;
  }
  for (const task of m.tasks) {
    size += LINE_OVERHEAD + image.expand(task.dll).length + task.entry.length + (task.args?.length ?? 0);
  }
  return size;
}
