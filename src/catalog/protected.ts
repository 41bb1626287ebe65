/**
 * The files Windows File Protection guards, as the image lists them (`ImageCore.protectedPaths`).
 */
import type { Entry, ImageCore } from '../image/index.js';
import { foldName } from '../path/index.js';
import { restoreSources } from './sources.js';

/** One protected file: where it is (or should be) and what is there now. */
export interface ProtectedFile {
  /** Full path, as stored when the file exists (the folded form of the missing part otherwise). */
  path: string;
  /** The file name alone, used to find its copies (dllcache and the install sources). */
  name: string;
  /** The name a catalog lists it under: relative to `%SystemRoot%` when inside it (`system32\ntdll.dll`). */
  member: string;
  /** The file now, or undefined when it is missing (deleted, or a folder in its place). */
  entry: Entry | undefined;
}

/** The file name after the last backslash. */
export function leafName(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}

/** The name as a restore source stores it (the protected list keeps names folded), else as given. */
function storedName(image: ImageCore, name: string): string {
  for (const folder of restoreSources(image)) {
    const copy = image.find(`${folder}\\${name}`);
    if (copy) return copy.name;
  }
  return name;
}

function displayOf(image: ImageCore, foldedPath: string): { path: string; entry: Entry | undefined } {
  const found = image.find(foldedPath);
  if (found) return { path: image.pathOf(found), entry: found.isDir ? undefined : found };
  const cut = foldedPath.lastIndexOf('\\');
  const name = storedName(image, foldedPath.slice(cut + 1));
  const parent = image.find(foldedPath.slice(0, cut));
  const path = parent ? `${image.pathOf(parent)}\\${name}` : `${foldedPath.slice(0, cut)}\\${name}`;
  return { path, entry: undefined };
}

function systemRootPrefix(image: ImageCore): string {
  return foldName(image.expand('%SystemRoot%')) + '\\';
}

/** Describes one protected path (given in any form) as a `ProtectedFile`. */
export function describeProtected(
  image: ImageCore,
  path: string,
  systemRoot = systemRootPrefix(image),
): ProtectedFile {
  const display = displayOf(image, path);
  const folded = foldName(display.path);
  const member = folded.startsWith(systemRoot)
    ? display.path.slice(systemRoot.length)
    : display.path.replace(/^[A-Za-z]:\\/, '');
  return { path: display.path, name: leafName(display.path), member, entry: display.entry };
}

/** Every protected file of the image, sorted by folded path. */
export function protectedFiles(image: ImageCore): ProtectedFile[] {
  const systemRoot = systemRootPrefix(image);
  return [...image.protectedPaths].sort().map((path) => describeProtected(image, path, systemRoot));
}
