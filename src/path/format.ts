import { InputError } from '../errors/index.js';
import { isNormalName } from './fast.js';
import { foldName } from './fold.js';
import { MAX_DIR_PATH_CHARS } from './limits.js';
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

/**
 * A stored path (`C:\d\foo.`, `\\server\share\x`: an entry's path as the image keeps it) in a
 * form that resolves back to those very names: itself, or its verbatim form where Win32 resolution
 * would lead elsewhere or refuse it (a name with a trailing dot or space, or a device name, which
 * only a verbatim path creates; a path longer than a folder's MAX_PATH).
 */
export function literalPath(stored: string): string {
  const unc = stored.startsWith('\\\\');
  // the names below the root: after `C:` or after `\\server\share`
  if (stored.length <= MAX_DIR_PATH_CHARS && namesAreNormal(stored.split('\\'), unc ? 4 : 1)) return stored;
  return unc ? `\\\\?\\UNC\\${stored.slice(2)}` : `\\\\?\\${stored}`;
}

function namesAreNormal(names: readonly string[], first: number): boolean {
  for (let i = first; i < names.length; i++) if (names[i] !== '' && !isNormalName(names[i])) return false;
  return true;
}
