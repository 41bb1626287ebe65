import { WinError } from '../errors/index.js';
import { ACCESS_BITS, type Entry, type HandleRecord } from './entry.js';
import type { ProcessTable } from './processes.js';
import type { Access, OpenOptions } from './types.js';
import type { DriveVolume } from './volume.js';

/** A handle returned by `open`: close it to release the file. */
export interface FileHandle {
  readonly id: number;
  readonly path: string;
  close(): void;
}

interface HandleEntry {
  record: HandleRecord;
  entry: Entry;
}

/** The open handles of an image, each on its entry and in its process's list. */
export class HandleTable {
  private readonly handles = new Map<number, HandleEntry>();
  private nextHandle = 1;

  constructor(
    private readonly processes: ProcessTable,
    /** Runs when the last handle of a delete-pending entry closes: the delete asked for (N3). */
    private readonly onPendingDelete: (entry: Entry) => void,
  ) {}

  /**
   * Opens `entry` (of `volume`, found at `path`) with an access and a share mode.
   * ERROR_SHARING_VIOLATION if the access is not allowed by every open handle's share mode, or the
   * share mode denies an access an open handle has; a mapped image cannot be opened for writing.
   */
  open(entry: Entry, volume: DriveVolume, path: string, options: OpenOptions): HandleRecord {
    const access = accessBits(options.access);
    const share = accessBits(options.share);
    if (entry.deletePending) throw new WinError('ERROR_ACCESS_DENIED', path, 'the file is delete-pending');
    if (access & ACCESS_BITS.write) {
      if (volume.type === 'cdrom') throw new WinError('ERROR_WRITE_PROTECT', path);
      if (entry.attributes & 1) throw new WinError('ERROR_ACCESS_DENIED', path, 'the file is read-only');
      if (entry.mappedBy > 0)
        throw new WinError('ERROR_SHARING_VIOLATION', path, 'the file is a loaded image');
    }
    checkShare(entry, access, share, path);
    const pid = this.processes.pidFor(options.process);
    const record: HandleRecord = { id: this.nextHandle++, pid, access, share };
    (entry.handles ??= []).push(record);
    this.handles.set(record.id, { record, entry });
    this.processes.processes.get(pid)?.handles.add(record.id);
    return record;
  }

  /**
   * Holds a handle again in a fork or a loaded image, for process `pid`. Only the share modes are
   * checked: the rest (read-only, a mapped image, delete-pending) was checked when it was opened,
   * and may have changed since without closing it.
   */
  restore(entry: Entry, pid: number, access: number, share: number, path: string): HandleRecord {
    checkShare(entry, access, share, path);
    const record: HandleRecord = { id: this.nextHandle++, pid, access, share };
    (entry.handles ??= []).push(record);
    this.handles.set(record.id, { record, entry });
    this.processes.processes.get(pid)?.handles.add(record.id);
    return record;
  }

  /** Closes a handle; closing it twice is ERROR_INVALID_HANDLE. */
  close(id: number): void {
    const handle = this.handles.get(id);
    if (!handle) throw new WinError('ERROR_INVALID_HANDLE', undefined, `handle ${id} is not open`);
    this.handles.delete(id);
    const list = handle.entry.handles;
    if (list) {
      const at = list.indexOf(handle.record);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) handle.entry.handles = undefined;
    }
    this.processes.processes.get(handle.record.pid)?.handles.delete(id);
    if (handle.entry.deletePending && handle.entry.handles === undefined) {
      // the last handle of a delete-pending file: the delete asked for happens now (N3)
      handle.entry.deletePending = false;
      this.onPendingDelete(handle.entry);
    }
  }

  /** Forgets the handles open on an entry that is going away. */
  dropAll(entry: Entry): void {
    // most entries have no handles: no empty list and iterator made for them
    if (entry.handles === undefined) return;
    for (const h of entry.handles) {
      this.handles.delete(h.id);
      this.processes.processes.get(h.pid)?.handles.delete(h.id);
    }
    entry.handles = undefined;
  }

  /** Every open handle with the entry it opens, in the order they were opened. */
  all(): IterableIterator<{ record: HandleRecord; entry: Entry }> {
    return this.handles.values();
  }

  /** How many handles are open. */
  get size(): number {
    return this.handles.size;
  }
}

/** Refuses an access that open handles do not share, or a share mode that denies what they hold. */
export function checkShare(entry: Entry, access: number, share: number, path: string): void {
  for (const h of entry.handles ?? []) {
    if ((access & ~h.share) !== 0 || (h.access & ~share) !== 0) {
      throw new WinError('ERROR_SHARING_VIOLATION', path, `handle ${h.id} of process ${h.pid} holds it`);
    }
  }
}

function accessBits(list: readonly Access[]): number {
  let bits = 0;
  for (const a of list) {
    const bit = ACCESS_BITS[a];
    if (bit === undefined)
      throw new WinError('ERROR_INVALID_PARAMETER', undefined, `unknown access '${String(a)}'`);
    bits |= bit;
  }
  return bits;
}
