/** Registry key paths: root names and their abbreviations, and splitting a path into names. */

import { foldKeyName } from './fold.js';

/** The predefined root keys the store holds, by their full names. */
export const ROOT_NAMES = [
  'HKEY_CLASSES_ROOT',
  'HKEY_CURRENT_CONFIG',
  'HKEY_CURRENT_USER',
  'HKEY_LOCAL_MACHINE',
  'HKEY_USERS',
] as const;

/** A root key's full name. */
export type RootName = (typeof ROOT_NAMES)[number];

const ROOTS_BY_FOLDED = new Map<string, RootName>([
  ['HKEY_CLASSES_ROOT', 'HKEY_CLASSES_ROOT'],
  ['HKCR', 'HKEY_CLASSES_ROOT'],
  ['HKEY_CURRENT_CONFIG', 'HKEY_CURRENT_CONFIG'],
  ['HKCC', 'HKEY_CURRENT_CONFIG'],
  ['HKEY_CURRENT_USER', 'HKEY_CURRENT_USER'],
  ['HKCU', 'HKEY_CURRENT_USER'],
  ['HKEY_LOCAL_MACHINE', 'HKEY_LOCAL_MACHINE'],
  ['HKLM', 'HKEY_LOCAL_MACHINE'],
  ['HKEY_USERS', 'HKEY_USERS'],
  ['HKU', 'HKEY_USERS'],
]);

/** The longest key name Windows accepts, in UTF-16 units. */
export const MAX_KEY_NAME = 255;
/** The longest value name Windows accepts, in UTF-16 units. */
export const MAX_VALUE_NAME = 16383;
/** The deepest key Windows accepts: names below the root. */
export const MAX_KEY_DEPTH = 512;

/** A key path split into its root and the names below it. */
export interface KeyPath {
  root: RootName;
  names: string[];
}

/** Why a key path is not usable. */
export type KeyPathProblem = 'unknown root' | 'empty key name' | 'key name too long' | 'key nested too deep';

/**
 * Splits `'HKLM\\SOFTWARE\\X'` (root by full name or abbreviation, any case)
 * into its root and names. One trailing backslash is tolerated; an empty name
 * elsewhere is not, nor a name over {@link MAX_KEY_NAME} units or more than
 * {@link MAX_KEY_DEPTH} names (R2).
 */
export function parseKeyPath(key: string): KeyPath | KeyPathProblem {
  const parts = key.split('\\');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  const root = ROOTS_BY_FOLDED.get(foldKeyName(parts[0]));
  if (root === undefined) return 'unknown root';
  const names = parts.slice(1);
  if (names.length > MAX_KEY_DEPTH) return 'key nested too deep';
  for (const name of names) {
    if (name === '') return 'empty key name';
    if (name.length > MAX_KEY_NAME) return 'key name too long';
  }
  return { root, names };
}
