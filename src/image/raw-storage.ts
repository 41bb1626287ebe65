import { WinError } from '../errors/index.js';
import { isShortName } from '../path/index.js';
import { asBuffer } from './byte-store.js';
import { filled } from './lazy-file.js';
import { ChildIndex, type Entry } from './entry.js';
import type { HandleTable } from './handles.js';
import type { Namespace } from './namespace.js';
import { attach, detach, newEntry } from './tree.js';
import type { VolumeTable } from './volume-table.js';
import type { DriveVolume } from './volume.js';

const EMPTY = Buffer.alloc(0);

/** Metadata of an adopted entry (fork, load). */
export interface AdoptMeta {
  attributes: number;
  version: string | undefined;
  created: number;
  modified: number;
  /** 100 ns units past `created`'s and `modified`'s millisecond (0 when absent). */
  createdFraction?: number;
  modifiedFraction?: number;
  shortName?: string | undefined;
  contentHash?: bigint | undefined;
  /** The name, and the 8.3 alias, folded by the parent's table, when the caller has folded them. */
  folded?: string | undefined;
  foldedShortName?: string | undefined;
}

/** Metadata of a new file. */
export type CreateMeta = Omit<AdoptMeta, 'shortName' | 'contentHash'>;

/**
 * The entry trees and their bytes: content reads, and the raw changes only src/ops makes (through
 * `ImageCore`'s `raw*` methods). Files keep their bytes on their entries, outside memfs (docs/performance.md).
 */
export class RawStorage {
  constructor(
    private readonly volumes: VolumeTable,
    private readonly namespace: Namespace,
    private readonly handles: HandleTable,
  ) {}

  /** The content of a file entry (a view of the stored bytes: do not modify). */
  content(entry: Entry): Buffer {
    return filled(this.storedContent(entry));
  }

  /**
   * The content as stored: a view that may not be filled yet when the image was loaded lazily
   * (lazy-file.ts). For giving the same bytes to another entry or an undo record, or for a save that
   * finds them in the file; anything that reads the bytes uses `content`.
   */
  storedContent(entry: Entry): Buffer {
    if (!entry.link) return entry.pending ?? EMPTY;
    return this.volumes.of(entry).store.content(entry.link, entry.size);
  }

  /**
   * The memfs link of an entry, created on first need (with its parents'): entries of a forked or
   * loaded image keep their bytes in shared buffers until they are changed.
   */
  private linkOf(volume: DriveVolume, entry: Entry): NonNullable<Entry['link']> {
    if (entry.link) return entry.link;
    const parentLink = this.linkOf(volume, entry.parent!);
    entry.link = entry.isDir
      ? volume.store.createDirectory(parentLink, entry.name)
      : volume.store.createFile(parentLink, entry.name, filled(entry.pending ?? EMPTY));
    entry.pending = undefined;
    return entry.link;
  }

  /** Creates a folder entry under `parent`; its memfs folder is made when a file in it first needs one. */
  mkdir(parent: Entry, name: string, time: number, attributes = 0): Entry {
    const entry = newEntry(name, parent, true, undefined, attributes, time);
    entry.children = new ChildIndex(parent.children!.upcase);
    entry.shortChildren = new Map();
    attach(parent, entry);
    return entry;
  }

  /**
   * Creates a file entry under `parent` holding `data` (shared, not copied); ERROR_DISK_FULL if the
   * volume lacks room. Like a forked or loaded file, it keeps its bytes on its entry.
   */
  createFile(
    volume: DriveVolume,
    parent: Entry,
    name: string,
    data: Uint8Array,
    meta: CreateMeta,
    /** `name` folded by its volume's table, when the caller has it. */
    folded?: string,
  ): Entry {
    const need = volume.allocation(data.byteLength);
    if (need > volume.free) throw diskFull(volume, need, this.namespace.folderPath(parent) + name);
    const entry = newEntry(name, parent, false, undefined, meta.attributes, meta.created);
    entry.pending = asBuffer(data);
    setTimes(entry, meta);
    entry.version = meta.version;
    entry.size = data.byteLength;
    volume.used += need;
    attach(parent, entry, folded);
    return entry;
  }

  /** Replaces a file's content; ERROR_DISK_FULL (nothing changed) if the volume lacks room. */
  replaceContent(entry: Entry, data: Uint8Array): void {
    const volume = this.volumes.of(entry);
    const delta = volume.allocation(data.byteLength) - volume.allocation(entry.size);
    if (delta > volume.free) throw diskFull(volume, delta, this.namespace.pathOf(entry));
    if (entry.link) volume.store.setContent(entry.link, data);
    // one without a memfs node keeps its new bytes on its entry, as a created file does
    else entry.pending = asBuffer(data);
    volume.used += delta;
    entry.size = data.byteLength;
    entry.contentHash = undefined;
  }

  /** Removes a file or an empty folder. */
  remove(entry: Entry, folded?: string): void {
    if (entry.isDir) this.namespace.structureGeneration++;
    const volume = this.volumes.of(entry);
    if (!entry.parent)
      throw new WinError('ERROR_ACCESS_DENIED', volume.displayRoot, 'a volume root cannot be removed');
    if (entry.isDir && entry.children && entry.children.size > 0) {
      throw new WinError('ERROR_DIR_NOT_EMPTY', this.namespace.pathOf(entry));
    }
    if (!entry.isDir) volume.used -= volume.allocation(entry.size);
    this.handles.dropAll(entry);
    detach(entry.parent, entry, folded);
    if (entry.link) volume.store.remove(entry.link);
    entry.link = undefined;
    entry.pending = undefined;
    entry.parent = undefined;
  }

  /** Moves an entry (and its subtree) to a new parent and name on the same volume. The target must be free. */
  move(entry: Entry, newParent: Entry, newName: string, folded?: string, newFolded?: string): void {
    if (entry.isDir) this.namespace.structureGeneration++;
    const volume = this.volumes.of(entry);
    if (!entry.parent) throw new WinError('ERROR_ACCESS_DENIED', volume.displayRoot);
    detach(entry.parent, entry, folded);
    if (entry.link) volume.store.move(entry.link, this.linkOf(volume, newParent), newName);
    entry.name = newName;
    entry.shortName = undefined;
    entry.parent = newParent;
    attach(newParent, entry, newFolded);
  }

  /**
   * Adds an entry that keeps its bytes shared (a fork or a load): `data` is the file's
   * bytes, shared, or undefined for a folder. The caller accounts the volume's space.
   */
  adopt(parent: Entry, name: string, data: Buffer | undefined, meta: AdoptMeta): Entry {
    const entry = newEntry(name, parent, data === undefined, undefined, meta.attributes, meta.created);
    setTimes(entry, meta);
    entry.version = meta.version;
    if (data === undefined) {
      entry.children = new ChildIndex(parent.children!.upcase);
      entry.shortChildren = new Map();
    } else {
      entry.pending = data;
      entry.size = data.byteLength;
      entry.contentHash = meta.contentHash;
    }
    const folded = meta.folded ?? parent.children!.fold(name);
    if (meta.shortName) {
      parent.children!.set(folded, entry);
      entry.shortName = meta.shortName;
      parent.shortChildren!.set(meta.foldedShortName ?? parent.children!.fold(meta.shortName), entry);
    } else if (!isShortName(name)) {
      attach(parent, entry, folded);
    } else {
      parent.children!.set(folded, entry);
    }
    return entry;
  }
}

function diskFull(volume: DriveVolume, need: number, path: string): WinError {
  return new WinError(
    'ERROR_DISK_FULL',
    path,
    `drive ${volume.letter}: needs ${need} more bytes but has ${volume.free} free of ${volume.capacity}`,
  );
}

/** An entry's times from the metadata it is created with (fractions default to 0). */
function setTimes(entry: Entry, meta: CreateMeta): void {
  entry.created = meta.created;
  entry.createdFraction = meta.createdFraction ?? 0;
  entry.modified = meta.modified;
  entry.modifiedFraction = meta.modifiedFraction ?? 0;
}
