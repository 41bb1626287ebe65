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
