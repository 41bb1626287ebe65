import { InputError } from '../errors/index.js';
import { foldName } from './fold.js';
import type { ResolvedPath } from './types.js';

function root(p: ResolvedPath): string {
  if (p.drive !== undefined) return `${p.drive}:`;
  if (p.server !== undefined && p.share !== undefined) return `\\\\${p.server}\\${p.share}`;
  throw new InputError('path', 'a resolved path names neither a drive nor a UNC share');
}

/**
 * The Win32 form of a resolved path: `'C:\\A\\b'`, `'C:\\'` for a drive root,
 * `'\\\\server\\share\\x'` (`'\\\\server\\share\\'` for the share's root). No `\\?\` prefix.
 */
export function formatPath(p: ResolvedPath): string {
  return `${root(p)}\\${p.segments.join('\\')}`;
}

/** The NT object path the pending-rename queue stores: `'\\??\\C:\\A\\b'` or `'\\??\\UNC\\server\\share\\x'`. */
export function toNtPath(p: ResolvedPath): string {
  if (p.drive !== undefined) return `\\??\\${formatPath(p)}`;
  return `\\??\\UNC\\${formatPath(p).slice(2)}`;
}

/** The verbatim form: `'\\\\?\\C:\\A\\b'` or `'\\\\?\\UNC\\server\\share\\x'`. */
export function toVerbatimPath(p: ResolvedPath): string {
  if (p.drive !== undefined) return `\\\\?\\${formatPath(p)}`;
  return `\\\\?\\UNC\\${formatPath(p).slice(2)}`;
}

/** A key equal for exactly the paths NTFS treats as the same: the folded Win32 form. */
export function pathKey(p: ResolvedPath): string {
  return foldName(formatPath(p));
}
