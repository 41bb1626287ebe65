import { WinError } from '../errors/index.js';

/**
 * 8.3 aliases as Windows 2000 NTFS makes them (RtlGenerate8dot3Name without extended characters):
 * `Program Files` -> `PROGRA~1`..`PROGRA~4`, then two characters, a 4-digit checksum and `~1`..
 */

/** Characters a DOS name may not hold, beyond controls and spaces: `* ? < > | " + = , ; [ ] : / \`. */
const SHORT_ILLEGAL = new Set('*?<>|"+=,;[]:/\\');
/** 1 for the ASCII units a short name may hold (not the dot, which only separates the extension). */
const SHORT_UNIT = new Uint8Array(0x80);
for (let unit = 0x21; unit < 0x7f; unit++)
  if (unit !== 0x2e && !SHORT_ILLEGAL.has(String.fromCharCode(unit))) SHORT_UNIT[unit] = 1;

function isShortNameUnit(unit: number): boolean {
  return unit < 0x80 && SHORT_UNIT[unit] === 1;
}

/**
 * True if `name` is already a valid 8.3 name (Windows then gives it no separate alias): ASCII,
 * 1-8 characters, optionally a dot and 1-3 more, no spaces, none of `* ? < > | " + = , ; [ ] : / \`.
 * Case does not matter (NTFS records a lower-case 8.3 name as is).
 */
export function isShortName(name: string): boolean {
  const dot = name.indexOf('.');
  const baseLength = dot < 0 ? name.length : dot;
  const extensionLength = dot < 0 ? 0 : name.length - dot - 1;
  if (baseLength < 1 || baseLength > 8) return false;
  if (dot >= 0 && (extensionLength < 1 || extensionLength > 3)) return false;
  for (let i = 0; i < name.length; i++) {
    if (i !== dot && !isShortNameUnit(name.charCodeAt(i))) return false;
  }
  return true;
}

/** Keeps the characters an alias can hold: upper-cases a-z, maps the 8.3-illegal ones to `_`, drops spaces, dots and non-ASCII. */
function aliasCharacters(text: string, limit: number): string {
  const end = Math.min(text.length, limit);
  let plain = true;
  for (let i = 0; i < end && plain; i++) plain = isShortNameUnit(text.charCodeAt(i));
  if (plain) return text.slice(0, end).toUpperCase();
  let out = '';
  for (let i = 0; i < text.length && out.length < limit; i++) {
    const unit = text.charCodeAt(i);
    if (unit <= 0x20 || unit === 0x2e || unit >= 0x7f) continue;
    if (SHORT_ILLEGAL.has(text[i])) out += '_';
    else out += unit >= 0x61 && unit <= 0x7a ? String.fromCharCode(unit - 0x20) : text[i];
  }
  return out;
}

/** Windows 2000's 16-bit checksum of a long name, as the four hex digits it inserts (low nibble first). */
export function shortNameChecksum(name: string): string {
  let sum: number;
  if (name.length === 0) sum = 0;
  else if (name.length === 1) sum = name.charCodeAt(0);
  else {
    sum = ((name.charCodeAt(0) << 8) + name.charCodeAt(1)) & 0xffff;
    for (let i = 2; i < name.length; i += 2) {
      sum = ((sum & 1 ? 0x8000 : 0) + (sum >> 1) + (name.charCodeAt(i) << 8)) & 0xffff;
      if (i + 1 < name.length) sum = (sum + name.charCodeAt(i + 1)) & 0xffff;
    }
  }
  return String.fromCharCode(
    HEX_DIGITS[sum & 0xf],
    HEX_DIGITS[(sum >> 4) & 0xf],
    HEX_DIGITS[(sum >> 8) & 0xf],
    HEX_DIGITS[(sum >> 12) & 0xf],
  );
}

/** The character codes of `0`-`9` and `A`-`F`. */
const HEX_DIGITS = Uint8Array.from('0123456789ABCDEF', (digit) => digit.charCodeAt(0));

/** `BASE~N.EXT`, the base cut so that it and `~N` fit in 8 characters; `dotExtension` is `.EXT` or ''. */
function candidate(base: string, index: number, dotExtension: string): string {
  const tail = index < 10 ? 2 : String(index).length + 1;
  const cut = base.length > 8 - tail ? base.slice(0, 8 - tail) : base;
  return `${cut}~${index}${dotExtension}`;
}

/**
 * Windows 2000's 8.3 alias for a long name, given the aliases already used in its folder:
 * `Program Files` -> `PROGRA~1`, then `~2`..`~4`, then the hashed form (first two characters, four hex
 * digits of the name's checksum, `~1`, `~2`, ...). Spaces, extra dots and non-ASCII characters are
 * dropped, `+ , ; = [ ]` become `_`, leading dots are skipped. Only `taken.has(candidate)` is called,
 * with upper-case candidates (their own folded form), so hold folded names in `taken`. A name that is
 * already a valid short name is returned upper-cased.
 */
export function shortNameFor(longName: string, taken: Pick<ReadonlySet<string>, 'has'>): string {
  if (isShortName(longName)) return longName.toUpperCase();
  let leadingDots = 0;
  while (longName.charCodeAt(leadingDots) === 0x2e) leadingDots++;
  const name = leadingDots === 0 ? longName : longName.slice(leadingDots);
  const dot = name.lastIndexOf('.');
  const base = aliasCharacters(dot < 0 ? name : name.slice(0, dot), 6);
  const extension = dot < 0 ? '' : aliasCharacters(name.slice(dot + 1), 3);
  const dotExtension = extension ? `.${extension}` : '';
  if (base.length > 2) {
    for (let index = 1; index <= 4; index++) {
      const alias = candidate(base, index, dotExtension);
      if (!taken.has(alias)) return alias;
    }
  }
  const hashed = `${base.slice(0, 2)}${shortNameChecksum(longName)}`;
  for (let index = 1; index <= 999_999; index++) {
    const alias = candidate(hashed, index, dotExtension);
    if (!taken.has(alias)) return alias;
  }
  throw new WinError('ERROR_FILE_EXISTS', longName, 'no free 8.3 alias left');
}
