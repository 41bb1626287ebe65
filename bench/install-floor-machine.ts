/**
 * The install floor's machine: plain JavaScript maps of an image's files (bytes and versions by
 * upper-cased full path), folders and registry values, made from an image outside the timing, and
 * the same view of an image after the engine's install, for the check that both end alike.
 */
import type { Entry } from '../src/image/index.js';
import type { WinImage } from '../src/machine/index.js';
import { coreOf } from '../src/machine/internal.js';

/** A registry value: its type and bytes. */
export interface FloorValue {
  type: number;
  bytes: Uint8Array;
}

/** What the floor knows of a machine. Every key is the upper-cased full path (`C:\WINNT\X.DLL`). */
export interface FloorMachine {
  /** Every file's bytes. */
  files: Map<string, Uint8Array>;
  /** The file versions. */
  versions: Map<string, string>;
  /** Every folder, drive roots included (`C:`). */
  folders: Set<string>;
  /** Files a process maps or holds open. */
  inUse: Set<string>;
  /** Files on Windows File Protection's list. */
  protectedFiles: Set<string>;
  /** Files an OEM supplied. */
  oemFiles: Set<string>;
  /** Registry values by `KEY\0NAME`, upper-cased, CurrentControlSet written as the control set it names. */
  registry: Map<string, FloorValue>;
  /** The control set CurrentControlSet names, upper-cased (`CONTROLSET001`), or undefined. */
  currentControlSet: string | undefined;
  systemRoot: string;
  systemDrive: string;
  /** The volumes a working folder may go on (not CD-ROMs), with their free bytes. */
  drives: Array<{ letter: string; free: number }>;
}

const REGISTRY_ROOTS = ['HKLM', 'HKCU', 'HKU', 'HKCR', 'HKCC'];

/** Every registry value of an image, keyed as the floor keys them. */
export function registryOf(image: WinImage): Map<string, FloorValue> {
  const registry = coreOf(image).registry;
  const values = new Map<string, FloorValue>();
  const visit = (key: string): void => {
    for (const name of registry.listValues(key)) {
      const raw = registry.getRawValue(key, name)!;
      values.set(`${key.toUpperCase()}\0${name.toUpperCase()}`, { type: raw.type, bytes: raw.bytes });
    }
    for (const sub of registry.listSubkeys(key)) visit(`${key}\\${sub}`);
  };
  for (const root of REGISTRY_ROOTS) visit(root);
  return values;
}

/** Each file's bytes and version, and each folder, of every drive of an image. */
export function filesOf(image: WinImage): Pick<FloorMachine, 'files' | 'versions' | 'folders'> & {
  entries: Map<string, Entry>;
} {
  const core = coreOf(image);
  const files = new Map<string, Uint8Array>();
  const versions = new Map<string, string>();
  const folders = new Set<string>();
  const entries = new Map<string, Entry>();
  const visit = (dir: Entry, key: string): void => {
    folders.add(key);
    for (const child of dir.children?.values() ?? []) {
      const childKey = `${key}\\${child.name.toUpperCase()}`;
      if (child.isDir) {
        visit(child, childKey);
        continue;
      }
      files.set(childKey, core.content(child));
      if (child.version !== undefined) versions.set(childKey, child.version);
      entries.set(childKey, child);
    }
  };
  for (const volume of core.allVolumes()) visit(volume.root, `${volume.letter}:`);
  return { files, versions, folders, entries };
}

/** The floor's machine for an image (setup, not timed). */
export function floorMachineOf(image: WinImage): FloorMachine {
  const core = coreOf(image);
  const { files, versions, folders, entries } = filesOf(image);
  const inUse = new Set<string>();
  const protectedFiles = new Set<string>();
  const oemFiles = new Set<string>();
  for (const [key, entry] of entries) {
    if (entry.mappedBy > 0 || (entry.handles?.length ?? 0) > 0) inUse.add(key);
    if (core.isProtectedEntry(entry)) protectedFiles.add(key);
    if (core.isOemEntry(entry)) oemFiles.add(key);
  }
  const current = core.registry.getRawValue('HKLM\\SYSTEM\\Select', 'Current');
  const controlSet =
    current && current.bytes.length === 4
      ? `CONTROLSET${String(Buffer.from(current.bytes).readUInt32LE(0)).padStart(3, '0')}`
      : undefined;
  return {
    files,
    versions,
    folders,
    inUse,
    protectedFiles,
    oemFiles,
    registry: registryOf(image),
    currentControlSet: controlSet,
    systemRoot: image.expand('%SystemRoot%'),
    systemDrive: image.expand('%SystemDrive%'),
    drives: core
      .allVolumes()
      .filter((volume) => volume.type !== 'cdrom')
      .map((volume) => ({ letter: volume.letter, free: volume.free })),
  };
}
