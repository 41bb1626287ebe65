/**
 * The ANSI code page of a Western Windows 2000, Windows-1252, in which REGEDIT4 files are
 * written. It is ISO-8859-1 but for bytes 0x80-0x9F, which hold € ‚ ƒ „ … and the like; the
 * five of them that hold nothing (0x81 0x8D 0x8F 0x90 0x9D) map to U+0081 etc., as
 * MultiByteToWideChar maps them. Node's TextDecoder('windows-1252') is not used: Node 20.18.3
 * and later decode it as ISO-8859-1 (nodejs/node#56542).
 */

const CHUNK = 8192;

/** The characters of bytes 0x80-0x9F. */
const BYTES_80_TO_9F = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152,
  0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122,
  0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

/** Each byte's UTF-16 unit. */
const UNIT_OF_BYTE = Uint16Array.from({ length: 256 }, (_, byte) =>
  byte >= 0x80 && byte < 0xa0 ? BYTES_80_TO_9F[byte - 0x80] : byte,
);

/** Each encodable unit's byte. */
const BYTE_OF_UNIT = new Map<number, number>([...UNIT_OF_BYTE].map((unit, byte) => [unit, byte]));

/** The byte Windows-1252 writes for a UTF-16 unit, or undefined if it has none. */
export function ansiByte(unit: number): number | undefined {
  return BYTE_OF_UNIT.get(unit);
}

/** Decodes Windows-1252 bytes, one unit per byte. */
export function decodeAnsi(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let text = '';
  for (let done = start; done < end; done += CHUNK) {
    const units = Array.from(bytes.subarray(done, Math.min(end, done + CHUNK)), (byte) => UNIT_OF_BYTE[byte]);
    text += String.fromCharCode(...units);
  }
  return text;
}

/** Encodes text in Windows-1252, one byte per unit. Returns undefined if a unit has no byte. */
export function encodeAnsi(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const byte = BYTE_OF_UNIT.get(text.charCodeAt(i));
    if (byte === undefined) return undefined;
    bytes[i] = byte;
  }
  return bytes;
}

/** The text with every unit Windows-1252 lacks replaced by `?`, as WideCharToMultiByte replaces it. */
export function toAnsiText(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (unit) => (BYTE_OF_UNIT.has(unit.charCodeAt(0)) ? unit : '?'));
}
