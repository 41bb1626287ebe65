/**
 * NTFS-style case folding: each UTF-16 unit maps to one unit through an upcase table,
 * unlike `toUpperCase()`, which expands `ß` to `SS` and folds `ı` onto `I`.
 *
 * The fast path uses the native `toUpperCase()`, which agrees with the table on every unit
 * except a few hundred (multi-unit uppercases, non-ASCII folding onto ASCII, surrogates);
 * a name holding one of those goes through the table unit by unit.
 */

interface Upcase {
  table: Uint16Array;
  /** Matches a unit where `toUpperCase()` and the NTFS table disagree. */
  special: RegExp;
}

let upcase: Upcase | undefined;

const BLOCK = 256;

function isSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdfff;
}

/**
 * Builds the NTFS table and the set of units where the native `toUpperCase()` disagrees with it:
 * the native uppercase is longer than one unit, lands on ASCII from outside it, or is not idempotent.
 */
function build(): Upcase {
  const table = new Uint16Array(65536);
  const native = new Int32Array(65536);
  const units = new Uint16Array(BLOCK);
  for (let start = 0; start < 65536; start += BLOCK) {
    for (let i = 0; i < BLOCK; i++) units[i] = start + i;
    const upper = isSurrogate(start) ? '' : String.fromCharCode(...units).toUpperCase();
    for (let i = 0; i < BLOCK; i++) {
      const unit = start + i;
      // Blocks whose uppercase changed length are mapped one unit at a time.
      const single = upper.length === BLOCK ? upper[i] : String.fromCharCode(unit).toUpperCase();
      native[unit] = isSurrogate(unit) ? -1 : single.length === 1 ? single.charCodeAt(0) : -1;
      const mapped = native[unit] < 0 ? unit : native[unit];
      table[unit] = unit >= 0x80 && mapped < 0x80 ? unit : mapped;
    }
  }
  // Make the table idempotent so that folding a folded name changes nothing.
  for (let unit = 0; unit < 65536; unit++) {
    let target = table[unit];
    while (table[target] !== target) target = table[target];
    table[unit] = target;
  }
  const ranges: string[] = [];
  let rangeStart = -1;
  for (let unit = 0x80; unit <= 65536; unit++) {
    const differs = unit < 65536 && native[unit] !== table[unit];
    if (differs && rangeStart < 0) rangeStart = unit;
    if (!differs && rangeStart >= 0) {
      ranges.push(rangeStart === unit - 1 ? hex(rangeStart) : `${hex(rangeStart)}-${hex(unit - 1)}`);
      rangeStart = -1;
    }
  }
  return { table, special: new RegExp(`[${ranges.join('')}]`) };
}

function hex(unit: number): string {
  return `\\u${unit.toString(16).padStart(4, '0')}`;
}

function getUpcase(): Upcase {
  upcase ??= build();
  return upcase;
}

/** Upper-cases one UTF-16 unit the NTFS way. */
export function foldUnit(unit: number): number {
  if (unit < 0x80) return unit >= 0x61 && unit <= 0x7a ? unit - 0x20 : unit;
  return getUpcase().table[unit];
}

const CHUNK = 4096;

function foldThroughTable(name: string, table: Uint16Array): string {
  let out = '';
  const units: number[] = [];
  for (let i = 0; i < name.length; i++) {
    units.push(table[name.charCodeAt(i)]);
    if (units.length === CHUNK) {
      out += String.fromCharCode(...units);
      units.length = 0;
    }
  }
  return out + String.fromCharCode(...units);
}

/**
 * NTFS upcase: a one-to-one uppercase of each UTF-16 unit. The result has the input's length;
 * `'ß'`, `'ı'` and `'ſ'` stay as they are, and surrogates are left alone.
 */
export function foldName(name: string): string {
  if (isAscii(name)) return name.toUpperCase();
  const { table, special } = getUpcase();
  return special.test(name) ? foldThroughTable(name, table) : name.toUpperCase();
}

/** True for a name of ASCII units only, whose upper case is NTFS's (checked faster than by `special`). */
function isAscii(name: string): boolean {
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** True when two names are the same name on NTFS (compared unit by unit through the upcase table). */
export function namesEqual(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y && foldUnit(x) !== foldUnit(y)) return false;
  }
  return true;
}
