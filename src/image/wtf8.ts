/**
 * WTF-8: UTF-8 that also encodes a lone surrogate, as the three bytes its code point would take
 * (`ED A0 80` to `ED BF BF`). NTFS names are sequences of UTF-16 units and need not be valid UTF-16;
 * plain UTF-8 would turn every lone surrogate into U+FFFD and merge names that differ (R3). Valid
 * UTF-16 gives the same bytes as UTF-8, so only names with a lone surrogate take the slow path.
 */

// with the u flag a surrogate pair is one code point, so this matches only lone surrogates
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Writes `text` at `at` (its length is `Buffer.byteLength(text, 'utf8')`, which counts a lone surrogate as 3); returns the end. */
export function writeWtf8(bytes: Buffer, at: number, text: string): number {
  if (!LONE_SURROGATE.test(text)) return at + bytes.write(text, at, 'utf8');
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
      i++;
    }
    at = writeCodePoint(bytes, at, code);
  }
  return at;
}

function writeCodePoint(bytes: Buffer, at: number, code: number): number {
  if (code < 0x80) {
    bytes[at] = code;
    return at + 1;
  }
  if (code < 0x800) {
    bytes[at] = 0xc0 | (code >> 6);
    bytes[at + 1] = 0x80 | (code & 0x3f);
    return at + 2;
  }
  if (code < 0x10000) {
    bytes[at] = 0xe0 | (code >> 12);
    bytes[at + 1] = 0x80 | ((code >> 6) & 0x3f);
    bytes[at + 2] = 0x80 | (code & 0x3f);
    return at + 3;
  }
  bytes[at] = 0xf0 | (code >> 18);
  bytes[at + 1] = 0x80 | ((code >> 12) & 0x3f);
  bytes[at + 2] = 0x80 | ((code >> 6) & 0x3f);
  bytes[at + 3] = 0x80 | (code & 0x3f);
  return at + 4;
}

/**
 * Buffer's own decoder, called without `toString`'s encoding lookup and range checks (more than the
 * decoding itself for the short names of an entry table, read once per entry at load).
 */
const utf8Slice = (Buffer.prototype as { utf8Slice?: (start: number, end: number) => string }).utf8Slice;

/**
 * Reads `bytes[start, end)` as WTF-8 exactly as {@link writeWtf8} writes it, or returns undefined for
 * anything else (invalid UTF-8, an overlong form, or a surrogate pair written as two lone surrogates).
 */
export function readWtf8(bytes: Buffer, start: number, end: number): string | undefined {
  const text = utf8Slice ? utf8Slice.call(bytes, start, end) : bytes.toString('utf8', start, end);
  // U+FFFD is where the decoder met something it could not read, or a real U+FFFD: check by hand
  return text.includes('\ufffd') ? readStrict(bytes, start, end) : text;
}

function readStrict(bytes: Buffer, start: number, end: number): string | undefined {
  const units: number[] = [];
  let at = start;
  while (at < end) {
    const decoded = codePointAt(bytes, at, end);
    if (decoded === undefined) return undefined;
    const [code, length] = decoded;
    if (code >= 0x10000) {
      units.push(0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff));
    } else {
      // a high surrogate last came from three bytes of its own: a pair written as two is not the writer's
      const previous = units[units.length - 1];
      if (code >= 0xdc00 && code <= 0xdfff && previous >= 0xd800 && previous <= 0xdbff) return undefined;
      units.push(code);
    }
    at += length;
  }
  let text = '';
  for (let i = 0; i < units.length; i += 4096) text += String.fromCharCode(...units.slice(i, i + 4096));
  return text;
}

/** The code point at `at` and its length in bytes, or undefined if the bytes there are not shortest-form (W)UTF-8. */
function codePointAt(bytes: Buffer, at: number, end: number): [number, number] | undefined {
  const lead = bytes[at];
  if (lead < 0x80) return [lead, 1];
  const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
  if (length === 0 || lead > 0xf4 || at + length > end) return undefined;
  let code = lead & (0xff >> (length + 1));
  for (let i = 1; i < length; i++) {
    const byte = bytes[at + i];
    if ((byte & 0xc0) !== 0x80) return undefined;
    code = (code << 6) | (byte & 0x3f);
  }
  const shortest = length === 2 ? 0x80 : length === 3 ? 0x800 : 0x10000;
  if (code < shortest || code > 0x10ffff) return undefined;
  return [code, length];
}
