/**
 * Registry name folding. The configuration manager compares key and value
 * names by upcasing each UTF-16 unit on its own, so a character whose upper
 * case is longer than one unit (such as `ß`) stays as it is.
 */

let unitTable: Uint16Array | undefined;

function buildUnitTable(): Uint16Array {
  const table = new Uint16Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) {
    const upper = String.fromCharCode(unit).toUpperCase();
    table[unit] = upper.length === 1 ? upper.charCodeAt(0) : unit;
  }
  return table;
}

// eslint-disable-next-line no-control-regex
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Folds a registry key or value name for case-insensitive comparison. */
export function foldKeyName(name: string): string {
  if (ASCII_ONLY.test(name)) return name.toUpperCase();
  unitTable ??= buildUnitTable();
  let folded = '';
  for (let i = 0; i < name.length; i++) folded += String.fromCharCode(unitTable[name.charCodeAt(i)]);
  return folded;
}

/** Orders folded names by UTF-16 units, the order in which registry hives keep subkeys. */
export function compareFolded(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
