import {
  DEFAULT_UPCASE_TABLE,
  UpcaseTable,
  upcaseTable,
  upcaseTableFrom,
  type UpcaseTableId,
} from '../path/index.js';
import { ByteStore } from './byte-store.js';
import { ChildIndex, type Entry } from './entry.js';
import { newEntry } from './tree.js';
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
  /** The `$UpCase` table the volume was formatted with: how its names fold (rule P6). */
  readonly upcase: UpcaseTable;
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
    this.upcase = tableOf(options.upcase);
    // built as every other folder is (newEntry, then its indexes), so that the root has the same
    // object shape: a spread copy gave it another, and lookups in it deoptimized ("wrong map")
    const root = newEntry('', undefined, true, this.store.root, 0, time);
    root.children = new ChildIndex(this.upcase);
    root.shortChildren = new Map();
    this.root = root;
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
  options(): Required<Omit<VolumeOptions, 'unc' | 'upcase'>> &
    Pick<VolumeOptions, 'unc'> & { upcase?: UpcaseTable } {
    return {
      letter: this.letter,
      type: this.type,
      label: this.label,
      capacity: this.capacity,
      clusterSize: this.clusterSize,
      ...(this.unc ? { unc: this.unc } : {}),
      ...(this.upcase.id !== DEFAULT_UPCASE_TABLE ? { upcase: this.upcase } : {}),
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
    if (this.upcase.id !== DEFAULT_UPCASE_TABLE) info.upcase = this.upcase.id;
    return info;
  }
}

/** A volume's table from its options: a shipped id, a table, or the 131,072 bytes of an `$UpCase` file. */
function tableOf(upcase: VolumeOptions['upcase']): UpcaseTable {
  if (upcase === undefined || typeof upcase === 'string') return upcaseTable(upcase);
  return upcase instanceof UpcaseTable ? upcase : upcaseTableFrom(upcase);
}

/** How an image file's header records a volume's table: a shipped id, or a custom `$UpCase` in base64. */
export type UpcaseSpec = UpcaseTableId | { custom: string };

/** A volume's options as an image file's header holds them (no key for Windows 2000's table). */
export function volumeSpec(
  volume: DriveVolume,
): Omit<ReturnType<DriveVolume['options']>, 'upcase'> & { upcase?: UpcaseSpec } {
  const { upcase, ...options } = volume.options();
  if (!upcase) return options;
  return {
    ...options,
    upcase: upcase.id === 'custom' ? { custom: upcase.bytes().toString('base64') } : upcase.id,
  };
}

/** The table a header's volume names (old images name none: Windows 2000's). */
export function upcaseOfSpec(spec: UpcaseSpec | undefined): UpcaseTableId | Uint8Array | undefined {
  return spec === undefined || typeof spec === 'string' ? spec : Buffer.from(spec.custom, 'base64');
}
