import { WinError } from '../errors/index.js';
import { foldName, type ResolvedPath } from '../path/index.js';
import type { Entry } from './entry.js';
import type { VolumeOptions } from './types.js';
import { DriveVolume } from './volume.js';

/** The mounted volumes of an image, by drive letter, by UNC share and by root entry. */
export class VolumeTable {
  private readonly byLetter = new Map<string, DriveVolume>();
  private readonly byUnc = new Map<string, DriveVolume>();
  private readonly byRoot = new Map<Entry, DriveVolume>();

  /** Mounts an empty volume; ERROR_INVALID_DRIVE or ERROR_ALREADY_EXISTS for a bad or taken letter. */
  add(options: VolumeOptions, time: number): DriveVolume {
    const volume = new DriveVolume(options, time);
    if (!/^[A-Z]$/.test(volume.letter)) {
      throw new WinError('ERROR_INVALID_DRIVE', options.letter, 'a drive letter is one letter A-Z');
    }
    if (this.byLetter.has(volume.letter)) {
      throw new WinError('ERROR_ALREADY_EXISTS', `${volume.letter}:`, 'the drive letter is in use');
    }
    this.byLetter.set(volume.letter, volume);
    if (volume.unc) this.byUnc.set(foldName(volume.unc), volume);
    this.byRoot.set(volume.root, volume);
    return volume;
  }

  /** Unmounts the volume of a drive letter; ERROR_INVALID_DRIVE if there is none. */
  remove(letter: string): void {
    const volume = this.get(letter);
    this.byLetter.delete(volume.letter);
    if (volume.unc) this.byUnc.delete(foldName(volume.unc));
    this.byRoot.delete(volume.root);
  }

  /** The volume of a drive letter (`C`, `c` or `C:`); ERROR_INVALID_DRIVE if there is none. */
  get(letter: string): DriveVolume {
    const volume = this.byLetter.get((letter.length === 1 ? letter : letter.replace(/:$/, '')).toUpperCase());
    if (!volume) throw new WinError('ERROR_INVALID_DRIVE', letter);
    return volume;
  }

  /** The volume of a drive letter, or undefined. */
  find(letter: string): DriveVolume | undefined {
    return this.byLetter.get(letter.toUpperCase());
  }

  /** Whether `volume` is the one mounted at its letter (not a volume of another image). */
  holds(volume: DriveVolume): boolean {
    return this.byLetter.get(volume.letter) === volume;
  }

  /** Every volume, in drive-letter order. */
  all(): DriveVolume[] {
    return [...this.byLetter.values()].sort((a, b) => (a.letter < b.letter ? -1 : 1));
  }

  /** The volume an entry belongs to; ERROR_FILE_NOT_FOUND for an entry no longer in the image. */
  of(entry: Entry): DriveVolume {
    let root = entry;
    while (root.parent) root = root.parent;
    const volume = this.byRoot.get(root);
    if (!volume)
      throw new WinError('ERROR_FILE_NOT_FOUND', entry.name, 'the entry is no longer in the image');
    return volume;
  }

  /** The volume a resolved path names; ERROR_PATH_NOT_FOUND or ERROR_BAD_NETPATH if none is mounted. */
  forPath(resolved: ResolvedPath, given: string): DriveVolume {
    if (resolved.drive) {
      const volume = this.byLetter.get(resolved.drive.toUpperCase());
      if (!volume) throw new WinError('ERROR_PATH_NOT_FOUND', given, `there is no drive ${resolved.drive}:`);
      return volume;
    }
    const unc = `\\\\${resolved.server ?? ''}\\${resolved.share ?? ''}`;
    const volume = this.byUnc.get(foldName(unc));
    if (!volume) throw new WinError('ERROR_BAD_NETPATH', given, `no share ${unc} is mounted`);
    return volume;
  }
}
