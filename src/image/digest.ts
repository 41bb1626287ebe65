import { sortedChildren } from './tree.js';
import type { ImageCore } from './image-core.js';
import type { Entry } from './entry.js';
import { createXxh64, hashHex, xxh64 } from './hash.js';

/** xxh64 of an entry's content, computed once and cached until the content changes. */
export function contentHash(image: ImageCore, entry: Entry): bigint {
  entry.contentHash ??= xxh64(image.content(entry));
  return entry.contentHash;
}

/**
 * One hash of every name (as stored), content, attribute, version and registry value. Times, the
 * event log, processes and handles are left out: two images with the same files and registry have
 * the same digest.
 */
export function digestImage(image: ImageCore, options: { exclude?: (path: string) => boolean } = {}): string {
  const hasher = createXxh64();
  const word = new DataView(new ArrayBuffer(16));
  const bytes = new Uint8Array(word.buffer);
  const visit = (entry: Entry, path: string): void => {
    if (options.exclude?.(path)) return;
    hasher.update(`${path}\0${entry.isDir ? 'd' : 'f'}\0${entry.version ?? ''}\0`);
    word.setUint32(0, entry.attributes);
    word.setUint32(4, entry.isDir ? 0 : entry.size);
    word.setBigUint64(8, entry.isDir ? 0n : contentHash(image, entry));
    hasher.update(bytes);
    if (entry.children) for (const child of sortedChildren(entry)) visit(child, `${path}\\${child.name}`);
  };
  for (const volume of image.allVolumes()) visit(volume.root, `${volume.letter}:`);
  for (const { key, name, value } of image.registry.entries()) {
    hasher.update(`${key}\0${name}\0${value.type}\0`);
    word.setUint32(0, value.bytes.byteLength);
    hasher.update(bytes.subarray(0, 4));
    hasher.update(value.bytes);
  }
  for (const key of image.registry.allKeys()) hasher.update(`${key}\0k`);
  return hashHex(hasher.digest());
}
