/**
 * The install floor's plan: each file decided as the engine decides a service pack's files under the
 * default REINSTALLMODE (`omus`), from the floor's maps. Left out, because the benchmark's package and
 * image do not need them: hotfix branches and languages, the times that tell a user-modified
 * unversioned file (an unversioned file is replaced when its content differs), other REINSTALLMODEs,
 * the refusals and the costing's verdict (the sizes are tallied, not compared).
 */
import { hashHex, xxh64 } from '../src/image/index.js';
import { compareVersions, type Manifest, type ManifestFile } from '../src/package/index.js';
import type { FloorMachine } from './install-floor-machine.js';

/** A file the floor writes at its target or keeps under ServicePackFiles. */
export interface FloorPlanned {
  file: ManifestFile;
  index: number;
  /** The full path. */
  target: string;
  action: 'add' | 'replace' | 'inUse';
  protected: boolean;
  /** The dllcache copy to refresh. */
  dllcache: string | undefined;
}

const OC_SUBCOMPONENTS =
  'HKLM\\SOFTWARE\\MICROSOFT\\WINDOWS\\CURRENTVERSION\\SETUP\\OC MANAGER\\SUBCOMPONENTS';

/** Whether the file replaces what is at its target (none: undefined), under `omus`. */
function replaces(machine: FloorMachine, file: ManifestFile, key: string): boolean {
  const current = machine.files.get(key);
  if (current === undefined) return true;
  const installed = machine.versions.get(key);
  if (file.version !== undefined && installed !== undefined)
    return compareVersions(file.version, installed) > 0;
  if (file.version !== undefined || installed !== undefined) return file.version !== undefined;
  return hashHex(xxh64(current)) !== file.xxh64;
}

/** Whether an optional component is installed: its Setup flag, or else one of its files is there. */
function componentPresent(machine: FloorMachine, component: string, keys: readonly string[]): boolean {
  const flag = machine.registry.get(`${OC_SUBCOMPONENTS}\0${component.toUpperCase()}`);
  if (flag !== undefined) return flag.bytes.length === 4 && Buffer.from(flag.bytes).readUInt32LE(0) === 1;
  return keys.some((key) => machine.files.has(key));
}

/** The files written at their targets, and those kept under ServicePackFiles, in manifest order. */
export function floorPlan(
  machine: FloorMachine,
  manifest: Manifest,
  expand: (path: string) => string,
): { changing: FloorPlanned[]; copies: FloorPlanned[]; bytesNeeded: Map<string, number> } {
  const files = manifest.files;
  const targets = new Array<string>(files.length);
  const keys = new Array<string>(files.length);
  const components = new Map<string, string[]>();
  for (let i = 0; i < files.length; i++) {
    targets[i] = expand(files[i].target);
    keys[i] = targets[i].toUpperCase();
    const component = files[i].optionalComponent;
    if (component !== undefined) components.set(component, [...(components.get(component) ?? []), keys[i]]);
  }
  const present = new Map(
    [...components].map(([name, list]) => [name, componentPresent(machine, name, list)]),
  );
  const dllcache = `${expand('%SystemRoot%')}\\system32\\dllcache`;
  const changing: FloorPlanned[] = [];
  const copies: FloorPlanned[] = [];
  const bytesNeeded = new Map<string, number>();
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    const key = keys[i];
    const isProtected = file.protected === true || machine.protectedFiles.has(key);
    const planned: FloorPlanned = {
      file,
      index: i,
      target: targets[i],
      action: 'add',
      protected: isProtected,
      dllcache: undefined,
    };
    if (file.optionalComponent !== undefined) copies.push(planned);
    if (file.optionalComponent !== undefined && !present.get(file.optionalComponent)) continue;
    if (!replaces(machine, file, key)) continue;
    const exists = machine.files.has(key);
    if (exists && (file.oem === true || machine.oemFiles.has(key))) continue;
    planned.action = !exists ? 'add' : machine.inUse.has(key) ? 'inUse' : 'replace';
    if (exists && isProtected) {
      const name = targets[i].slice(targets[i].lastIndexOf('\\') + 1);
      const cached = `${dllcache}\\${name}`;
      if (machine.files.has(cached.toUpperCase())) planned.dllcache = cached;
    }
    changing.push(planned);
    const drive = key.slice(0, 1);
    bytesNeeded.set(drive, (bytesNeeded.get(drive) ?? 0) + file.size - (machine.files.get(key)?.length ?? 0));
  }
  return { changing, copies, bytesNeeded };
}
