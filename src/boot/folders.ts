/**
 * The folders a boot's paths name, in front of the image's folder cache. That cache is keyed by the
 * folder's path, so each lookup cuts the folder's part out of the NT path and hashes all of it, two
 * per entry. Here a folder is found by a key of a few of its path's units and then checked against
 * the NT path in place; a path whose key leads to another folder asks the image's cache.
 */
import type { Folder, ImageCore } from '../image/index.js';

/** A key of the folder path `ntPath` holds from unit 4 to `cut`: its length and its last units. */
function keyOf(ntPath: string, cut: number): number {
  const units =
    ntPath.charCodeAt(cut - 1) ^ (ntPath.charCodeAt(cut - 2) << 5) ^ (ntPath.charCodeAt(cut - 3) << 10);
  // a small integer: V8 hashes it without a heap number
  return (units ^ (cut << 20)) & 0x3fffffff;
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
    if (known !== undefined && known.path.length === cut - 4 && ntPath.startsWith(known.path, 4))
      return known;
    const folder = image.folder(ntPath.slice(4, cut));
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
