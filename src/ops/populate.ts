import { WinError } from '../errors/index.js';
import type { CreateMeta, DriveVolume, Entry, ImageCore } from '../image/index.js';
import { asBuffer, fileVersionProblem, findChild } from '../image/index.js';
import type { RawRegValue } from '../registry/index.js';
import { opLog } from './log.js';

/** A file to create at birth. */
export interface BirthFile extends CreateMeta {
  drive: string;
  /** Relative to the drive root, backslashes. */
  path: string;
  data: Uint8Array;
}

/** A folder to create at birth; `timeFraction` as a BirthFile's fractions. */
export interface BirthFolder {
  drive: string;
  path: string;
  attributes?: number;
  time: number;
  timeFraction?: number;
}

/**
 * The image's birth: creates folders and files in bulk, without log, journal or Windows checks
 * (there is nothing to undo and nothing is in use yet). The only other way bytes enter an image.
 * Creates each parent folder as needed, with the given time. Like a fork or a load, the entries
 * keep the given bytes (shared, not copied).
 */
export function populate(
  image: ImageCore,
  directories: Iterable<BirthFolder>,
  files: Iterable<BirthFile>,
): void {
  const log = opLog(image);
  const cache = new Map<string, Entry>();
  const folder = (
    volume: DriveVolume,
    relative: string,
    time: number,
    attributes = 0,
    fraction = 0,
  ): Entry => {
    if (relative === '') return volume.root;
    const key = `${volume.letter}:${relative}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const cut = relative.lastIndexOf('\\');
    const parent = folder(volume, cut < 0 ? '' : relative.slice(0, cut), time);
    const name = relative.slice(cut + 1);
    let entry = findChild(parent, name);
    if (entry && !entry.isDir)
      throw new WinError('ERROR_ALREADY_EXISTS', `${volume.letter}:\\${relative}`, 'a file has that name');
    entry ??= image.rawAdopt(parent, name, undefined, {
      attributes,
      version: undefined,
      created: time,
      modified: time,
      createdFraction: fraction,
      modifiedFraction: fraction,
    });
    cache.set(key, entry);
    return entry;
  };
  const wasEnabled = log.enabled;
  log.enabled = false;
  try {
    for (const d of directories) {
      const entry = folder(image.volume(d.drive), d.path, d.time, d.attributes, d.timeFraction);
      if (d.attributes !== undefined) entry.attributes = d.attributes;
    }
    for (const f of files) {
      const volume = image.volume(f.drive);
      const cut = f.path.lastIndexOf('\\');
      const parent = folder(volume, cut < 0 ? '' : f.path.slice(0, cut), f.created);
      const name = f.path.slice(cut + 1);
      if (findChild(parent, name)) throw new WinError('ERROR_ALREADY_EXISTS', `${volume.letter}:\\${f.path}`);
      const versionProblem = fileVersionProblem(f.version);
      if (versionProblem)
        throw new WinError('ERROR_INVALID_PARAMETER', `${volume.letter}:\\${f.path}`, versionProblem);
      const need = volume.allocation(f.data.byteLength);
      if (need > volume.free) {
        throw new WinError(
          'ERROR_DISK_FULL',
          `${volume.letter}:\\${f.path}`,
          `drive ${volume.letter}: is full`,
        );
      }
      image.rawAdopt(parent, name, asBuffer(f.data), f);
      volume.used += need;
    }
  } finally {
    log.enabled = wasEnabled;
  }
}

/** The registry's birth: keys and values in bulk, without log or journal. */
export function populateRegistry(
  image: ImageCore,
  keys: Iterable<string>,
  values: Iterable<{ key: string; name: string; value: RawRegValue }>,
): void {
  for (const key of keys) image.registry.rawCreateKey(key);
  for (const { key, name, value } of values) image.registry.rawSetValue(key, name, value);
}
