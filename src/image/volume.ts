import { ByteStore } from './byte-store.js';
import type { Entry } from './entry.js';
import type { VolumeInfo, VolumeOptions, VolumeType } from './types.js';

/** The default NTFS cluster size. */
export const DEFAULT_CLUSTER_SIZE = 4096;

/** One drive: its byte store, its entry tree and its space accounting. */
export class DriveVolume {
  readonly letter: string;
  readonly type: VolumeType;
  readonly label: string;
  readonly capacity: number;
  readonly clusterSize: number;
  readonly unc: string | undefined;
  readonly store: ByteStore;
  readonly root: Entry;
  /** Bytes allocated to files, in whole clusters. */
  used = 0;

  constructor(options: VolumeOptions, time: number) {
    this.letter = options.letter.toUpperCase();
    this.type = options.type ?? 'fixed';
    this.label = options.label ?? '';
    this.capacity = options.capacity;
    this.clusterSize = options.clusterSize ?? DEFAULT_CLUSTER_SIZE;
    this.unc = options.unc;
    this.store = new ByteStore();
    this.root = {
      name: '',
      shortName: undefined,
      parent: undefined,
      isDir: true,
      children: new Map(),
      shortChildren: new Map(),
      link: this.store.root,
      pending: undefined,
      attributes: 0,
      version: undefined,
      created: time,
      createdFraction: 0,
      modified: time,
      modifiedFraction: 0,
      size: 0,
      contentHash: undefined,
      mappedBy: 0,
      handles: undefined,
      deletePending: undefined,
    };
  }

  /** Bytes a file of `size` bytes occupies: whole clusters. */
  allocation(size: number): number {
    return Math.ceil(size / this.clusterSize) * this.clusterSize;
  }

  get free(): number {
    return this.capacity - this.used;
  }

  /** The drive's display root: `C:\` or `\\server\share\`. */
  get displayRoot(): string {
    return this.letter ? `${this.letter}:\\` : `${this.unc}\\`;
  }

  /** The options that make an empty volume like this one (a copy, a loaded image). */
  options(): Required<Omit<VolumeOptions, 'unc'>> & Pick<VolumeOptions, 'unc'> {
    return {
      letter: this.letter,
      type: this.type,
      label: this.label,
      capacity: this.capacity,
      clusterSize: this.clusterSize,
      ...(this.unc ? { unc: this.unc } : {}),
    };
  }

  info(): VolumeInfo {
    const info: VolumeInfo = {
      letter: this.letter,
      type: this.type,
      label: this.label,
      capacity: this.capacity,
      free: this.free,
      clusterSize: this.clusterSize,
    };
    if (this.unc) info.unc = this.unc;
    return info;
  }
}
