/**
 * Format 1 of the image file: each volume's entries as JSON rows in the header (a full relative
 * path per entry). Still read; written only when asked for (`formatVersion: 1`).
 */
import { InputError } from '../errors/index.js';
import { isShortName } from '../path/index.js';
import type { Entry } from './entry.js';
import { hasFractions } from './entry-table.js';
import { adoptChecked, setRootMeta, type EntryRow, type Header } from './format-check.js';
import type { ImageCore } from './image-core.js';
import type { ContentReader } from './same-content.js';
import { upcaseOfSpec } from './volume.js';

/** Format 1: a volume's entries as JSON rows (root first), each file's content pushed to `blobs`. */
export function formatOneRows(image: ImageCore, root: Entry, blobs: Uint8Array[]): EntryRow[] {
  const entries: EntryRow[] = [['', 1, root.attributes, null, root.created, root.modified, 0, null]];
  // `prefix` is the folder's relative path with its trailing backslash ('' at the root)
  const visit = (dir: Entry, prefix: string): void => {
    for (const child of dir.children!.values()) {
      const path = prefix + child.name;
      if (hasFractions(child))
        throw new RangeError(
          `format 1 cannot hold the 100 ns part of the times of '${path}': write format 5`,
        );
      entries.push([
        path,
        child.isDir ? 1 : 0,
        child.attributes,
        child.version ?? null,
        child.created,
        child.modified,
        child.size,
        child.shortName ?? null,
      ]);
      if (child.isDir) visit(child, `${path}\\`);
      else blobs.push(image.content(child));
    }
  };
  visit(root, '');
  return entries;
}

/** Format 1: the volumes and their entries from the header's rows. */
export function buildFromRows(
  image: ImageCore,
  header: Header,
  contents: ContentReader,
  source: string,
): void {
  header.volumes.forEach((spec, v) => {
    if (!Array.isArray(spec.entries) || spec.entries.length === 0)
      throw new InputError(source, 'a volume lists no entries', `/volumes/${v}`);
    const volume = image.addVolume({ ...spec, upcase: upcaseOfSpec(spec.upcase) });
    const byPath = new Map<string, Entry>([['', volume.root]]);
    const [, , attributes, , created, modified] = spec.entries[0];
    setRootMeta(volume.root, { attributes, created, modified });
    for (let i = 1; i < spec.entries.length; i++) {
      const [path, isDir, attributes, version, created, modified, size, shortName] = spec.entries[i];
      const cut = path.lastIndexOf('\\');
      const parent = byPath.get(cut < 0 ? '' : path.slice(0, cut));
      const where = `/volumes/${v}/entries/${i}`;
      if (!parent) throw new InputError(source, `entry '${path}' comes before its folder`, where);
      if (shortName != null && !isShortName(shortName))
        throw new InputError(source, `the 8.3 alias '${shortName}' of '${path}' is not an 8.3 name`, where);
      let data: Buffer | undefined;
      if (!isDir) {
        data = contents.take(size, path, () => where);
        volume.used += volume.allocation(size);
      }
      const meta = {
        attributes,
        version: version ?? undefined,
        created,
        modified,
        shortName: shortName ?? undefined,
      };
      const entry = adoptChecked(image, parent, path.slice(cut + 1), data, meta, (message) => {
        throw new InputError(source, message, where);
      });
      // only folders are ever looked up as parents
      if (isDir) byPath.set(path, entry);
    }
  });
}
