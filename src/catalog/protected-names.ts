/**
 * Which of many paths a boot touched can lead to a file Windows File Protection guards, without
 * resolving each: a path leads to a protected file only if its last name is the long name or the 8.3
 * alias of one, so a path whose last name is neither is left out before the full check.
 */
import type { ImageCore } from '../image/index.js';
import { foldName } from '../path/index.js';

/** Below this many paths, checking each fully is cheaper than listing the protected files' names. */
export const LIST_NAMES_FROM = 64;

/** A name that Win32 normalisation could turn into another one (or a path that ends in a folder): check fully. */
const UNSURE_NAME = /^\.{0,2}$|[:*?"<>|]/;

/** The folded long names and 8.3 aliases of the protected files. */
function protectedNames(image: ImageCore): Set<string> {
  const names = new Set<string>();
  for (const path of image.protectedPaths) {
    names.add(path.slice(path.lastIndexOf('\\') + 1));
    const shortName = image.find(path)?.shortName;
    if (shortName !== undefined) names.add(foldName(shortName));
  }
  return names;
}

/**
 * A test of whether a path (Win32 or NT, with a drive) may lead to a protected file, by its last name;
 * a path it rejects cannot. Lists the protected files' names once: worth it from `LIST_NAMES_FROM` paths.
 */
export function protectedNameTest(image: ImageCore): (path: string) => boolean {
  const names = protectedNames(image);
  return (path) => {
    const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
    let name = path.slice(cut + 1);
    const last = name.charCodeAt(name.length - 1);
    if (last === 0x2e || last === 0x20) name = name.replace(/[. ]+$/, '');
    return UNSURE_NAME.test(name) || names.has(foldName(name));
  };
}

/** The paths among `paths` (Win32, with a drive) that may lead to a protected file; the others cannot. */
export function mayBeProtected(image: ImageCore, paths: readonly string[]): readonly string[] {
  if (image.protectedPaths.size === 0) return [];
  if (paths.length < LIST_NAMES_FROM) return paths;
  return paths.filter(protectedNameTest(image));
}

/** Protected paths at or below a path (for folder moves and deletes). */
export function protectedPathsBelow(image: ImageCore, path: string): string[] {
  if (image.protectedPaths.size === 0) return [];
  const prefix = foldName(image.displayPath(path));
  return [...image.protectedPaths].filter((p) => p === prefix || p.startsWith(`${prefix}\\`));
}
