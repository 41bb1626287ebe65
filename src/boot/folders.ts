/**
 * The folders a boot's paths name, in front of the image's folder cache. That cache is keyed by the
 * folder's path, so each lookup cuts the folder's part out of the NT path and hashes all of it, two
 * per entry. Here a folder is found by a key of a few of its path's units and then compared with
 * the path; a path whose key leads to another folder asks the image's cache.
 */
import type { Folder, ImageCore } from '../image/index.js';

/** A key of the folder path `ntPath` holds from unit 4 to `cut`: its length, its last units and its middle one. */
function keyOf(ntPath: string, cut: number): number {
  let key = cut;
  key = (key * 31 + ntPath.charCodeAt(cut - 1)) | 0;
  key = (key * 31 + ntPath.charCodeAt(cut - 2)) | 0;
  key = (key * 31 + ntPath.charCodeAt(cut - 3)) | 0;
  key = (key * 31 + ntPath.charCodeAt(cut - 5)) | 0;
  key = (key * 31 + ntPath.charCodeAt((cut + 4) >>> 1)) | 0;
  // a small integer: V8 hashes it without a heap number
  return key & 0x3fffffff;
}

export class BootFolders {
  private readonly byKey = new Map<number, Folder>();
  private image: ImageCore | undefined;
  private generation = -1;

  /**
   * `image.folder` of the path `ntPath` holds from unit 4 to `cut` (`C:\WINNT\system32` in
   * `\??\C:\WINNT\system32\x.dll`), `cut` being at least 7.
   */
  find(image: ImageCore, ntPath: string, cut: number): Folder | undefined {
    // what the image's cache gave stays right until a folder moves or goes (or another image boots)
    if (image !== this.image || image.structureGeneration !== this.generation) {
      this.byKey.clear();
      this.image = image;
      this.generation = image.structureGeneration;
    }
    const key = keyOf(ntPath, cut);
    const known = this.byKey.get(key);
    // a slice and a comparison: quicker than `startsWith` at an offset, or than hashing the slice
    const path = ntPath.slice(4, cut);
    if (known !== undefined && known.path === path) return known;
    const folder = image.folder(path);
    if (folder !== undefined) this.byKey.set(key, folder);
    return folder;
  }

  /** Lets go of the folders (and so of their image). */
  forget(): void {
    this.byKey.clear();
    this.image = undefined;
    this.generation = -1;
  }
}
