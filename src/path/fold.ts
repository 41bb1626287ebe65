/**
 * NTFS case folding: each UTF-16 unit maps to one unit through the volume's `$UpCase` table
 * (see upcase.ts), unlike `toUpperCase()`, which expands `ß` to `SS`, folds `ı` onto `I` and folds
 * hundreds of units a Windows 2000 volume keeps apart (`µ` and `Μ`). Without a table, the default
 * (`nt5`, Windows 2000's) is used.
 */
import { upcaseTable, type UpcaseTable } from './upcase.js';

let defaultTable: UpcaseTable | undefined;

function tableOr(table: UpcaseTable | undefined): UpcaseTable {
  return table ?? (defaultTable ??= upcaseTable());
}

/** Upper-cases one UTF-16 unit the NTFS way. */
export function foldUnit(unit: number, table?: UpcaseTable): number {
  if (unit < 0x80) return unit >= 0x61 && unit <= 0x7a ? unit - 0x20 : unit;
  return tableOr(table).foldUnit(unit);
}

/**
 * NTFS upcase: a one-to-one uppercase of each UTF-16 unit. The result has the input's length;
 * `'ß'`, `'ı'`, `'ſ'` and `'µ'` stay as they are, and surrogates are left alone.
 */
export function foldName(name: string, table?: UpcaseTable): string {
  return tableOr(table).fold(name);
}

/** True when two names are the same name on NTFS (compared unit by unit through the upcase table). */
export function namesEqual(a: string, b: string, table?: UpcaseTable): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  const upcase = tableOr(table);
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y && upcase.foldUnit(x) !== upcase.foldUnit(y)) return false;
  }
  return true;
}
