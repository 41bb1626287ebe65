/**
 * Which of many paths a boot touched can lead to a file Windows File Protection guards, without
 * resolving each: a path leads to a protected file only if its last name is the long name or the 8.3
 * alias of one, so a path whose last name is neither is left out before the full check.
 */
import type { ImageCore } from '../image/index.js';
import { foldName } from '../path/index.js';

/** Below this many paths, checking each fully is cheaper than listing the protected files' names. */
const LIST_NAMES_FROM = 64;

/** A name that Win32 normalisation could turn into another one (or a path that ends in a folder): check fully. */
const UNSURE_NAME = /^\.{0,2}$|[:*?"<>|]/;

/** The paths among `paths` (Win32, with a drive) that may lead to a protected file; the others cannot. */
export function mayBeProtected(image: ImageCore, paths: readonly string[]): readonly string[] {
  if (image.protectedPaths.size === 0) return [];
  if (paths.length < LIST_NAMES_FROM) return paths;
  const names = new Set<string>();
  for (const path of image.protectedPaths) {
    names.add(path.slice(path.lastIndexOf('\\') + 1));
    const shortName = image.find(path)?.shortName;
    if (shortName !== undefined) names.add(foldName(shortName));
  }
  return paths.filter((path) => {
    const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
    const name = path.slice(cut + 1).replace(/[. ]+$/, '');
    return UNSURE_NAME.test(name) || names.has(foldName(name));
  });
}

/** Protected paths at or below a path (for folder moves and deletes). */
export function protectedPathsBelow(image: ImageCore, path: string): string[] {
  if (image.protectedPaths.size === 0) return [];
  const prefix = foldName(image.displayPath(path));
  return [...image.protectedPaths].filter((p) => p === prefix || p.startsWith(`${prefix}\\`));
}
