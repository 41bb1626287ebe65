/**
 * Registry name folding. The configuration manager compares key and value
 * names by upcasing each UTF-16 unit on its own through the system's upcase
 * table, the one Windows 2000 also writes as an NTFS volume's `$UpCase`: so a
 * character whose upper case is longer than one unit (such as `ß`) stays as
 * it is, and `µ`, `ı`, `ſ` are not `Μ`, `I`, `S`. The host's `toUpperCase()`
 * folds those together, and what it folds changes with the host's Unicode.
 */

import { foldName } from '../path/index.js';

/** Folds a registry key or value name for case-insensitive comparison. */
export function foldKeyName(name: string): string {
  return foldName(name);
}

/** Orders folded names by UTF-16 units, the order in which registry hives keep subkeys. */
export function compareFolded(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
