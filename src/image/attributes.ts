import { WinError } from '../errors/index.js';
import type { AttributeName } from './types.js';

/** Win32 FILE_ATTRIBUTE_* bits. */
export const FILE_ATTRIBUTE = {
  readonly: 0x1,
  hidden: 0x2,
  system: 0x4,
  directory: 0x10,
  archive: 0x20,
  normal: 0x80,
  temporary: 0x100,
  offline: 0x1000,
  notcontentindexed: 0x2000,
} as const satisfies Record<AttributeName, number>;

const NAMES = Object.keys(FILE_ATTRIBUTE) as AttributeName[];
const SETTABLE =
  FILE_ATTRIBUTE.readonly |
  FILE_ATTRIBUTE.hidden |
  FILE_ATTRIBUTE.system |
  FILE_ATTRIBUTE.archive |
  FILE_ATTRIBUTE.temporary |
  FILE_ATTRIBUTE.offline |
  FILE_ATTRIBUTE.notcontentindexed;

/** Attribute bits to the names `stat` shows. A file with no bits shows `normal`. */
export function attributeNames(bits: number, isDirectory: boolean): AttributeName[] {
  const all = isDirectory ? bits | FILE_ATTRIBUTE.directory : bits;
  const names = NAMES.filter((name) => name !== 'normal' && (all & FILE_ATTRIBUTE[name]) !== 0);
  return names.length === 0 ? ['normal'] : names;
}

/**
 * Names to the bits SetFileAttributes stores. `normal` alone clears everything; `directory` is
 * ignored as SetFileAttributes ignores it. An unknown name is ERROR_INVALID_PARAMETER.
 */
export function attributeBits(names: readonly string[], path?: string): number {
  let bits = 0;
  for (const name of names) {
    const bit = (FILE_ATTRIBUTE as Record<string, number>)[name.toLowerCase()];
    if (bit === undefined) throw new WinError('ERROR_INVALID_PARAMETER', path, `unknown attribute '${name}'`);
    bits |= bit;
  }
  return bits & SETTABLE;
}

/** Keeps only the bits a file can carry. */
export function settableBits(bits: number): number {
  return bits & SETTABLE;
}
