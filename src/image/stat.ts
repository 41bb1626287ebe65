import { attributeNames } from './attributes.js';
import type { Entry } from './entry.js';
import { fileTimeOf } from './file-time.js';
import type { FileStat } from './types.js';
import type { DriveVolume } from './volume.js';

/** GetFileAttributesEx plus the version resource of `entry`, on `volume` at `path`. */
export function statOf(entry: Entry, volume: DriveVolume, path: string): FileStat {
  const stat: FileStat = {
    name: entry.parent ? entry.name : volume.displayRoot,
    path,
    size: entry.isDir ? 0 : entry.size,
    allocated: entry.isDir ? 0 : volume.allocation(entry.size),
    isDirectory: entry.isDir,
    attributes: attributeNames(entry.attributes, entry.isDir),
    created: entry.created,
    modified: entry.modified,
    createdFileTime: fileTimeOf(entry.created, entry.createdFraction),
    modifiedFileTime: fileTimeOf(entry.modified, entry.modifiedFraction),
  };
  if (entry.shortName) stat.shortName = entry.shortName;
  if (entry.version) stat.version = entry.version;
  return stat;
}
