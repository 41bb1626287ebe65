/** Where servicing keeps its state on the machine, and reading it back. */
import { foldName, formatPath, MAX_PATH_CHARS } from '../path/index.js';
import type { Entry, Folder, ImageCore, Location } from '../image/index.js';

/** `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion`: CSDVersion, CurrentVersion. */
export const CURRENT_VERSION_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';
/** The DWORD form of the SP level (`level << 8`). */
export const WINDOWS_CONTROL_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Windows';
/** Hotfix records. */
export const UPDATES_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Updates';
/** Add/Remove Programs entries. */
export const UNINSTALL_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall';
/** `ServicePackSourcePath` lives here. */
export const SETUP_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup';
/** Windows Installer's marker of an install in progress. */
export const IN_PROGRESS_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Installer\\InProgress';
/** Terminal Server mode. */
export const TERMINAL_SERVER_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server';
/** Optional components Setup installed (DWORD 1 per installed subcomponent). */
export const OC_SUBCOMPONENTS_KEY =
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OC Manager\\Subcomponents';
/** The catalog folder of Windows File Protection's system catalogs. */
export const CATROOT = '%SystemRoot%\\system32\\CatRoot\\{F750E6C3-38EE-11D1-85E5-00C04FC295EE}';
/** Where a service pack's driver cabinet goes. */
export const DRIVER_CACHE = '%SystemRoot%\\Driver Cache\\i386';
/** SP versions of optional components. */
export const SERVICE_PACK_FILES = '%SystemRoot%\\ServicePackFiles\\i386';
/** dllcache. */
export const DLLCACHE = '%SystemRoot%\\system32\\dllcache';
/** The install log. */
export const SVCPACK_LOG = '%SystemRoot%\\Svcpack.log';
/** The removal log. */
export const SPUNINST_LOG = '%SystemRoot%\\Spuninst.log';
/** The restore manifest inside an uninstall folder. */
export const RESTORE_MANIFEST = 'spuninst.json';

function dword(image: ImageCore, key: string, name: string): number | undefined {
  const value = image.registry.getValue(key, name);
  return value && typeof value.data === 'number' ? value.data : undefined;
}

function text(image: ImageCore, key: string, name: string): string | undefined {
  const value = image.registry.getValue(key, name);
  return value && typeof value.data === 'string' ? value.data : undefined;
}

/** The installed service-pack level, from `CSDVersion` (`'Service Pack 3'` is 3; absent is 0). */
export function installedServicePack(image: ImageCore): number {
  const csd = text(image, CURRENT_VERSION_KEY, 'CSDVersion');
  const match = csd ? /Service Pack (\d+)/i.exec(csd) : null;
  return match ? Number(match[1]) : 0;
}

/** The products of the NT family by `CurrentVersion`. */
const PRODUCTS_BY_VERSION: ReadonlyMap<string, string> = new Map([
  ['3.51', 'Windows NT 3.51'],
  ['4.0', 'Windows NT 4.0'],
  ['5.0', 'Windows 2000'],
  ['5.1', 'Windows XP'],
  ['5.2', 'Windows Server 2003'],
  ['6.0', 'Windows Vista'],
  ['6.1', 'Windows 7'],
  ['6.2', 'Windows 8'],
  ['6.3', 'Windows 8.1'],
]);

/**
 * The operating system product the image runs (`'Windows 2000'`, `'Windows NT 4.0'`), from
 * `CurrentVersion`. An image that does not record it is taken as Windows 2000 (the engine's own
 * default); a version outside the table is `'Windows NT <version>'`, never a product it is not.
 */
export function osProduct(image: ImageCore): string {
  const version = text(image, CURRENT_VERSION_KEY, 'CurrentVersion');
  if (version === undefined) return 'Windows 2000';
  return PRODUCTS_BY_VERSION.get(version.trim()) ?? `Windows NT ${version}`;
}

/** The image's product for messages: `osProduct`, with the `CurrentVersion` and `ProductName` it comes from. */
export function describeOsProduct(image: ImageCore): string {
  const version = text(image, CURRENT_VERSION_KEY, 'CurrentVersion');
  const name = text(image, CURRENT_VERSION_KEY, 'ProductName');
  const facts = [
    ...(version === undefined ? [] : [`CurrentVersion ${version}`]),
    ...(name === undefined ? [] : [`ProductName '${name}'`]),
  ];
  return facts.length === 0 ? osProduct(image) : `${osProduct(image)} (${facts.join(', ')})`;
}

/** Whether a product name is the operating system itself (its level is CSDVersion). */
export function isOsProduct(image: ImageCore, product: string): boolean {
  return product.toLowerCase() === osProduct(image).toLowerCase() || /^windows/i.test(product);
}

/** The installed service-pack level of a product: CSDVersion for the OS, else our record under Updates. */
export function productLevel(image: ImageCore, product: string): number {
  if (isOsProduct(image, product)) return installedServicePack(image);
  return dword(image, `${UPDATES_KEY}\\${product}`, 'ServicePackLevel') ?? 0;
}

/** One installed hotfix, as recorded under `HKLM\SOFTWARE\Microsoft\Updates\<product>\<SPn>\<id>`. */
export interface HotfixRecord {
  id: string;
  key: string;
  /** Install order (higher is newer). */
  sequence: number;
  requires: string[];
}

/** Every installed hotfix with its record. */
export function hotfixRecords(image: ImageCore): HotfixRecord[] {
  const records: HotfixRecord[] = [];
  for (const product of image.registry.listSubkeys(UPDATES_KEY)) {
    const productKey = `${UPDATES_KEY}\\${product}`;
    for (const level of image.registry.listSubkeys(productKey)) {
      const levelKey = `${productKey}\\${level}`;
      for (const id of image.registry.listSubkeys(levelKey)) {
        const key = `${levelKey}\\${id}`;
        const requires = image.registry.getValue(key, 'Requires');
        records.push({
          id,
          key,
          sequence: dword(image, key, 'InstallSequence') ?? 0,
          requires: requires && Array.isArray(requires.data) ? requires.data : [],
        });
      }
    }
  }
  return records.sort((a, b) => a.sequence - b.sequence || (a.id < b.id ? -1 : 1));
}

/** The installed hotfixes (`Q823980`...), oldest first, from `HKLM\SOFTWARE\Microsoft\Updates`. */
export function installedHotfixes(image: ImageCore): string[] {
  return hotfixRecords(image).map((record) => record.id);
}

/** The branch (`qfe`) a hotfix put a file on, by folded target path. */
export function hotfixBranches(image: ImageCore): Map<string, string> {
  const branches = new Map<string, string>();
  for (const record of hotfixRecords(image)) {
    const list = `${record.key}\\Filelist`;
    for (const index of image.registry.listSubkeys(list)) {
      const location = text(image, `${list}\\${index}`, 'Location');
      const branch = text(image, `${list}\\${index}`, 'Branch');
      if (location && branch) branches.set(foldName(location), branch);
    }
  }
  return branches;
}

/** Terminal Server runs in application-server mode (TSEnabled and TSAppCompat both 1). */
export function terminalServerApplicationMode(image: ImageCore): boolean {
  return (
    dword(image, TERMINAL_SERVER_KEY, 'TSEnabled') === 1 &&
    dword(image, TERMINAL_SERVER_KEY, 'TSAppCompat') === 1
  );
}

/** Whether an optional component is installed: OC Manager says so, or else one of its files is present. */
export function componentInstalled(image: ImageCore, component: string, targets: readonly string[]): boolean {
  const flag = dword(image, OC_SUBCOMPONENTS_KEY, component);
  if (flag !== undefined) return flag === 1;
  return targets.some((target) => image.find(target) !== undefined);
}

/** The next hotfix install sequence number. */
export function nextHotfixSequence(image: ImageCore): number {
  return hotfixRecords(image).reduce((max, record) => Math.max(max, record.sequence), 0) + 1;
}

/**
 * A function giving the full display form of a path (`C:\WINNT\x.dll`) after `%VAR%` expansion, without
 * requiring it to exist. The environment is read once, so it is cheap per path.
 */
export function pathFormer(image: ImageCore): (path: string) => string {
  return (path: string): string => formatPath(image.resolve(image.expand(path)));
}

/** Where a path leads, as {@link pathLocator} finds it. */
export interface LocatedPath {
  /** The full display form. */
  path: string;
  entry: Entry | undefined;
  /** The location in its folder, when the folder exists: writes reuse it while it is still current. */
  location?: Location;
}

/** The folder of the last path a {@link pathLocator} found, as written and as expanded. */
interface LocatorRun {
  /** The path up to its last `\`, before expansion. */
  written: string;
  /** The same folder expanded, in normal form. */
  expanded: string;
  /** The registry's change count and the system drive the expansion was made with. */
  registryChanges: number;
  systemDrive: string;
  /** The folder itself, and the structure generation it was found in (it serves until that changes). */
  folder: Folder;
  generation: number;
}

/**
 * Like `pathFormer`, also giving the entry at the path, or undefined (found through the image's folder cache).
 * Paths come in runs from one folder (a manifest lists its targets by folder): while the folder part is
 * written the same and the environment has not changed, the folder's expansion made last serves.
 */
export function pathLocator(image: ImageCore): (path: string) => LocatedPath {
  let run: LocatorRun | undefined;
  return (path: string) => {
    const cut = path.lastIndexOf('\\');
    if (
      run !== undefined &&
      cut === run.written.length &&
      path.startsWith(run.written) &&
      run.registryChanges === image.registry.changeCount &&
      run.systemDrive === image.systemDrive
    ) {
      const name = path.slice(cut + 1);
      const expanded = `${run.expanded}\\${name}`;
      // a name with '%' may expand; the folder serves while no folder has moved or gone
      const location =
        name.includes('%') || expanded.length > MAX_PATH_CHARS || run.generation !== image.structureGeneration
          ? undefined
          : image.locateIn(run.folder, name, expanded);
      if (location) return { path: expanded, entry: location.entry, location };
    }
    const found = locatePath(image, path);
    run = found.location?.parent && cut > 0 ? locatorRun(image, path.slice(0, cut), found.path) : undefined;
    return found;
  };
}

/** The run a found path starts: its folder as written and as expanded, and the folder itself. */
function locatorRun(image: ImageCore, written: string, found: string): LocatorRun | undefined {
  const expanded = found.slice(0, found.lastIndexOf('\\'));
  const folder = expanded.length >= 3 ? image.folder(expanded) : undefined;
  if (!folder) return undefined;
  return {
    written,
    expanded,
    registryChanges: image.registry.changeCount,
    systemDrive: image.systemDrive,
    folder,
    generation: image.structureGeneration,
  };
}

function locatePath(image: ImageCore, path: string): LocatedPath {
  const expanded = image.expand(path);
  const first = expanded.charCodeAt(0);
  // A normal-form path with an upper-case drive letter is its own display form.
  const direct = first >= 0x41 && first <= 0x5a ? locationOf(image, expanded) : undefined;
  if (direct) return { path: expanded, entry: direct.entry, location: direct };
  const full = formatPath(image.resolve(expanded));
  const location = locationOf(image, full);
  return location ? { path: full, entry: location.entry, location } : { path: full, entry: image.find(full) };
}

/**
 * Where a normal-form path leads, found through the image's folder cache; undefined when it is not in
 * normal form (a path past MAX_PATH included) or its folder is missing.
 */
export function locationOf(image: ImageCore, path: string): Location | undefined {
  const cut = path.lastIndexOf('\\');
  if (cut < 3 || path.length > MAX_PATH_CHARS) return undefined;
  const folder = image.folder(path.slice(0, cut));
  return folder && image.locateIn(folder, path.slice(cut + 1), path);
}
