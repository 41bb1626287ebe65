/**
 * The open handles and delete-pending entries (N3) of an image, as image files save them (format 7).
 * A saved image is a snapshot of a running machine, as a fork is: its processes and services run
 * again after the load, so each keeps the handles it held, and a file deleted while others held it
 * open stays delete-pending until its last handle closes (a process stopped, a reboot).
 */
import { InputError } from '../errors/index.js';
import { literalPath } from '../path/index.js';
import { ACCESS_BITS, type Entry } from './entry.js';
import type { ImageCore } from './image-core.js';
import { serviceDefinition } from './processes.js';
import type { Header } from './format-check.js';
import type { Access } from './types.js';

/** The first image file format that saves open handles and delete-pending files. */
export const HANDLES_FORMAT = 7;

/** One open handle in an image file: what it opens, with which access and share mode. */
export interface SavedHandle {
  path: string;
  access: Access[];
  share: Access[];
}

const ACCESS_NAMES = Object.keys(ACCESS_BITS) as Access[];

/** The access names of access or share bits. */
function accessNames(bits: number): Access[] {
  return ACCESS_NAMES.filter((name) => (bits & ACCESS_BITS[name]) !== 0);
}

/** The handles each process holds (by pid), and the full paths of the delete-pending entries. */
export function runtimeOf(image: ImageCore): {
  handles: Map<number, SavedHandle[]>;
  deletePending: string[];
} {
  const handles = new Map<number, SavedHandle[]>();
  const pending = new Set<Entry>();
  for (const { record, entry } of image.handleTable.all()) {
    const saved = {
      path: literalPath(image.pathOf(entry)),
      access: accessNames(record.access),
      share: accessNames(record.share),
    };
    let list = handles.get(record.pid);
    if (!list) handles.set(record.pid, (list = []));
    list.push(saved);
    if (entry.deletePending) pending.add(entry);
  }
  return { handles, deletePending: [...pending].map((entry) => literalPath(image.pathOf(entry))) };
}

/** Holds the saved handles of a process again (see HandleTable.restore). */
export function restoreHandles(
  image: ImageCore,
  pid: number,
  handles: readonly SavedHandle[] | undefined,
): void {
  for (const h of handles ?? [])
    image.handleTable.restore(image.require(h.path), pid, accessBits(h.access), accessBits(h.share), h.path);
}

function accessBits(names: readonly Access[]): number {
  return names.reduce((bits, name) => bits | ACCESS_BITS[name], 0);
}

/** Marks the saved delete-pending entries again; each must exist and be held open. */
export function restoreDeletePending(image: ImageCore, paths: readonly string[], source: string): void {
  paths.forEach((path, i) => {
    const entry = image.find(path);
    if (!entry?.handles)
      throw new InputError(
        source,
        `'${path}' is listed as delete-pending but ${entry ? 'no handle holds it' : 'does not exist'}`,
        `header /deletePending/${i}`,
      );
    entry.deletePending = true;
  });
}

/**
 * The header's services and processes; from format 7 with the handles each holds and the
 * delete-pending files. An older format cannot say a file is delete-pending: it refuses to save one
 * rather than turn it into an ordinary file.
 */
export function runtimeHeader(
  image: ImageCore,
  formatVersion: number,
): Pick<Header, 'services' | 'processes' | 'deletePending'> {
  const runtime = formatVersion >= HANDLES_FORMAT ? runtimeOf(image) : undefined;
  if (!runtime) {
    const pending = runtimeOf(image).deletePending;
    if (pending.length > 0)
      throw new RangeError(
        `format ${formatVersion} cannot hold delete-pending '${pending[0]}': write format 7`,
      );
  }
  const handlesOf = (pid: number | undefined) => {
    const handles = pid === undefined ? undefined : runtime?.handles.get(pid);
    return handles ? { handles } : {};
  };
  return {
    services: image.services().map((s) => ({
      ...serviceDefinition(s),
      running: s.state === 'running',
      ...handlesOf(s.pid),
    })),
    processes: image
      .processes()
      .filter((p) => p.service === undefined)
      .map((p) => ({ name: p.name, session: p.session, holds: p.holds, ...handlesOf(p.pid) })),
    ...(runtime && runtime.deletePending.length > 0 ? { deletePending: runtime.deletePending } : {}),
  };
}
