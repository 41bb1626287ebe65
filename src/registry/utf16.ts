/**
 * UTF-16LE by code unit. TextDecoder would replace lone surrogates, and the
 * registry keeps whatever units it was given, so the conversion is done by hand.
 */

const CHUNK = 8192;

/** Encodes every UTF-16 unit of `text` little-endian, followed by `nulUnits` NUL units. */
export function encodeUtf16le(text: string, nulUnits = 0): Uint8Array {
  const bytes = new Uint8Array((text.length + nulUnits) * 2);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes[2 * i] = unit & 0xff;
    bytes[2 * i + 1] = unit >>> 8;
  }
  return bytes;
}

/** Decodes whole UTF-16LE units of `bytes[start, end)`; an odd last byte is dropped. */
export function decodeUtf16le(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const units = (end - start) >>> 1;
  let text = '';
  const chunk = new Array<number>(Math.min(units, CHUNK));
  for (let done = 0; done < units; done += CHUNK) {
    const count = Math.min(CHUNK, units - done);
    chunk.length = count;
    for (let i = 0; i < count; i++) {
      const at = start + 2 * (done + i);
      chunk[i] = bytes[at] | (bytes[at + 1] << 8);
    }
    text += String.fromCharCode(...chunk);
  }
  return text;
}

/** Encodes text whose units are all below 0x100 one byte per unit (ISO-8859-1). Returns undefined if a unit does not fit. */
export function encodeLatin1(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit > 0xff) return undefined;
    bytes[i] = unit;
  }
  return bytes;
}

/** Decodes ISO-8859-1 bytes, one unit per byte. */
export function decodeLatin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let text = '';
  for (let done = start; done < end; done += CHUNK) {
    text += String.fromCharCode(...bytes.subarray(done, Math.min(end, done + CHUNK)));
  }
  return text;
}
