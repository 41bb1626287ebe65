/** Builds small images for the boot tests, straight on ImageCore and the ops door. */
import { foldName } from '../../src/path/index.js';
import { ImageCore, copyImage, walkEntries } from '../../src/image/index.js';
import { populate, setRegistryRawValue, setRegistryValue } from '../../src/ops/index.js';
import { SESSION_MANAGER_KEY } from '../../src/boot/index.js';

/** A file to create: its text, or its text with attributes (Win32 bits). */
export type FileSpec = string | { data: string; attributes?: number };

/**
 * An image with volumes C: and D:, the given files (full paths `C:\A\b.txt`) and folders; every
 * missing parent folder is created.
 */
export function makeImage(files: Record<string, FileSpec> = {}, directories: string[] = []): ImageCore {
  const image = new ImageCore();
  image.addVolume({ letter: 'C', capacity: 1 << 30 });
  image.addVolume({ letter: 'D', capacity: 1 << 30 });
  const time = image.clock;
  populate(
    image,
    directories.map((path) => ({ drive: path[0], path: path.slice(3), time })),
    Object.entries(files).map(([path, spec]) => {
      const { data, attributes } = typeof spec === 'string' ? { data: spec, attributes: 0x20 } : spec;
      return {
        drive: path[0],
        path: path.slice(3),
        data: Buffer.from(data),
        attributes: attributes ?? 0x20,
        version: undefined,
        created: time,
        modified: time,
      };
    }),
  );
  return image;
}

/** Every file and folder: full path -> file text, or `<dir>`; read-only files get a `(ro)` suffix. */
export function tree(image: ImageCore): Record<string, string> {
  const out: Record<string, string> = {};
  for (const volume of image.allVolumes()) {
    for (const entry of walkEntries(volume.root)) {
      if (!entry.parent) continue;
      const text = entry.isDir ? '<dir>' : image.content(entry).toString();
      out[image.pathOf(entry)] = text + (entry.attributes & 1 ? ' (ro)' : '');
    }
  }
  return out;
}

/** Sets AllowProtectedRenames (a DWORD) through the door. */
export function allowProtectedRenames(image: ImageCore, value = 1): void {
  setRegistryValue(image, SESSION_MANAGER_KEY, 'AllowProtectedRenames', 'REG_DWORD', value);
}

/** The raw queue value (value 1 by default), or undefined. */
export function queueBytes(image: ImageCore, name = 'PendingFileRenameOperations'): Buffer | undefined {
  const raw = image.registry.getRawValue(SESSION_MANAGER_KEY, name);
  return raw === undefined ? undefined : Buffer.from(raw.bytes);
}

/** UTF-16LE bytes of a string. */
export const utf16 = (text: string): Buffer => Buffer.from(text, 'utf16le');

/** Writes a queue value from its strings (source, destination, ...) as MoveFileEx would lay them out. */
export function setQueue(image: ImageCore, strings: string[], name = 'PendingFileRenameOperations'): void {
  const bytes = utf16(strings.map((s) => `${s}\0`).join('') + '\0');
  setRegistryRawValue(image, SESSION_MANAGER_KEY, name, 7, bytes);
}

/**
 * Puts full paths on Windows File Protection's list. (Straight into the set: `ImageCore.protectPaths`
 * goes through `displayPath`, whose template literal is broken at the time of writing.)
 */
export function protect(image: ImageCore, ...paths: string[]): void {
  for (const path of paths) image.protectedPaths.add(foldName(path));
}

/** An independent copy of an image (files, registry, processes, journal, notes). */
export function fork(image: ImageCore): ImageCore {
  const copy = new ImageCore({ time: image.clock, registry: image.registry.clone() });
  copyImage(image, copy);
  return copy;
}
