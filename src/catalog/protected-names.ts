/**
 * Which of many paths a boot touched can lead to a file Windows File Protection guards, without
 * resolving each: a path leads to a protected file only if its last name is the long name or the 8.3
 * alias of one, so a path whose last name is neither is left out before the full check.
 */
import { findChild, type ImageCore } from '../image/index.js';
import { foldName, foldNormalName } from '../path/index.js';

/** Below this many paths, checking each fully is cheaper than listing the protected files' names. */
export const LIST_NAMES_FROM = 64;

/** A name that Win32 normalisation could turn into another one (or a path that ends in a folder): check fully. */
const UNSURE_NAME = /^\.{0,2}$|[:*?"<>|]/;
/** The ASCII units of `UNSURE_NAME`'s class, as a table: a name holding one is checked fully. */
const UNSURE_UNIT = new Uint8Array(0x80);
for (const unit of ':*?"<>|') UNSURE_UNIT[unit.charCodeAt(0)] = 1;

/**
 * The folded long names and 8.3 aliases of the protected files. Each folder holding protected files
 * is found once and its files looked up in it (a protected list names hundreds of files in a few
 * folders); a path whose folder is not a folder now, or whose name is not plain, is found whole.
 */
export function protectedNames(image: ImageCore): Set<string> {
  const names = new Set<string>();
  const byFolder = new Map<string, string[]>();
  for (const path of image.protectedPaths) {
    const cut = path.lastIndexOf('\\');
    const name = path.slice(cut + 1);
    names.add(name);
    const folder = path.slice(0, cut);
    const inFolder = byFolder.get(folder);
    if (inFolder === undefined) byFolder.set(folder, [path]);
    else inFolder.push(path);
  }
  for (const [folder, paths] of byFolder) {
    const dir = folder.length > 2 ? image.find(folder) : undefined;
    for (const path of paths) {
      const name = path.slice(folder.length + 1);
      const entry = dir?.isDir && foldNormalName(name) === name ? findChild(dir, name) : image.find(path);
      const shortName = entry?.shortName;
      if (shortName !== undefined) names.add(foldName(shortName));
    }
  }
  return names;
}

const BITMAP_MASK = (1 << 11) - 1;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** A 65,536-bit filter of the FNV-1a hashes of the ASCII names in `names` (folded already). */
function nameFilter(names: ReadonlySet<string>): Uint32Array {
  const bits = new Uint32Array(BITMAP_MASK + 1);
  for (const name of names) {
    let hash = FNV_OFFSET;
    let ascii = true;
    for (let i = 0; i < name.length && ascii; i++) {
      const unit = name.charCodeAt(i);
      ascii = unit < 0x80;
      hash = Math.imul(hash ^ unit, FNV_PRIME);
    }
    if (ascii) bits[(hash >>> 5) & BITMAP_MASK] |= 1 << (hash & 31);
  }
  return bits;
}

function isSeparator(unit: number): boolean {
  return unit === 0x5c || unit === 0x2f;
}

function isDotOrSpace(unit: number): boolean {
  return unit === 0x2e || unit === 0x20;
}

/**
 * The test of one path: a path leads to a protected file only if its last name, once Win32 has cut
 * its trailing dots and spaces, is the folded name of one. An ASCII name is hashed as it would fold
 * (a-z upper-cased) without building the folded string, and only a name whose hash is in the filter
 * is folded and looked up; a name with another unit is folded and looked up at once.
 */
function testName(names: ReadonlySet<string>, bits: Uint32Array, path: string): boolean {
  // one scan back to the last separator (two `lastIndexOf` calls cost more than the whole test)
  let start = path.length;
  while (start > 0 && !isSeparator(path.charCodeAt(start - 1))) start--;
  let end = path.length;
  while (end > start && isDotOrSpace(path.charCodeAt(end - 1))) end--;
  if (end === start) return true;
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) {
    let unit = path.charCodeAt(i);
    if (unit >= 0x80) {
      const name = path.slice(start, end);
      return UNSURE_NAME.test(name) || names.has(foldName(name));
    }
    if (UNSURE_UNIT[unit] === 1) return true;
    if (unit >= 0x61 && unit <= 0x7a) unit -= 0x20;
    hash = Math.imul(hash ^ unit, FNV_PRIME);
  }
  if (((bits[(hash >>> 5) & BITMAP_MASK] >>> (hash & 31)) & 1) === 0) return false;
  return names.has(foldName(path.slice(start, end)));
}

/**
 * A test of whether a path (Win32 or NT, with a drive) may lead to a protected file, by its last name;
 * a path it rejects cannot. Lists the protected files' names once: worth it from `LIST_NAMES_FROM` paths.
 */
export function protectedNameTest(image: ImageCore): (path: string) => boolean {
  const names = protectedNames(image);
  const bits = nameFilter(names);
  return (path) => testName(names, bits, path);
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
