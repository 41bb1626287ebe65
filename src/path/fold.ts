/**
 * NTFS-style case folding: each UTF-16 unit maps to one unit through an upcase table,
 * unlike `toUpperCase()`, which expands `ß` to `SS` and folds `ı` onto `I`.
 */

let upcaseTable: Uint16Array | undefined;

function buildUpcaseTable(): Uint16Array {
  const table = new Uint16Array(65536);
  for (let unit = 0; unit < 65536; unit++) {
    const upper = String.fromCharCode(unit).toUpperCase();
    const mapped = upper.length === 1 ? upper.charCodeAt(0) : unit;
    // A non-ASCII unit never folds onto ASCII (NTFS keeps ı and ſ apart from I and S).
    table[unit] = unit >= 0x80 && mapped < 0x80 ? unit : mapped;
  }
  // Make the table idempotent so that folding a folded name changes nothing.
  for (let unit = 0; unit < 65536; unit++) {
    let target = table[unit];
    while (table[target] !== target) target = table[target];
    table[unit] = target;
  }
  return table;
}

function upcase(): Uint16Array {
  upcaseTable ??= buildUpcaseTable();
  return upcaseTable;
}

/** Upper-cases one UTF-16 unit the NTFS way. */
export function foldUnit(unit: number): number {
  if (unit < 0x80) return unit >= 0x61 && unit <= 0x7a ? unit - 0x20 : unit;
  return upcase()[unit];
}

const CHUNK = 4096;

/**
 * NTFS upcase: a one-to-one uppercase of each UTF-16 unit. The result has the input's length;
 * `'ß'`, `'ı'` and `'ſ'` stay as they are. Returns the input itself when nothing changes.
 */
export function foldName(name: string): string {
  const length = name.length;
  let first = 0;
  for (; first < length; first++) {
    const unit = name.charCodeAt(first);
    if (unit < 0x80 ? unit >= 0x61 && unit <= 0x7a : upcase()[unit] !== unit) break;
  }
  if (first === length) return name;
  const table = upcase();
  let out = name.slice(0, first);
  const units: number[] = [];
  for (let i = first; i < length; i++) {
    const unit = name.charCodeAt(i);
    units.push(unit < 0x80 ? (unit >= 0x61 && unit <= 0x7a ? unit - 0x20 : unit) : table[unit]);
    if (units.length === CHUNK) {
      out += String.fromCharCode(...units);
      units.length = 0;
    }
  }
  return out + String.fromCharCode(...units);
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
