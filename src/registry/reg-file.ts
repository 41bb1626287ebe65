/** The bytes of a `.reg` file: Version 5.00 files are UTF-16LE with a BOM, REGEDIT4 files are ANSI. */

import { InputError } from '../errors/index.js';
import { ansiByte, decodeAnsi, encodeAnsi } from './ansi.js';
import { decodeUtf16le, encodeUtf16le } from './utf16.js';

const BOM = '\ufeff';

/**
 * Encodes `.reg` text as regedit writes the file: text starting with `REGEDIT4`
 * in the ANSI code page (Windows-1252, a Western Windows 2000's; a character outside it is an
 * InputError with its line:column), anything else UTF-16LE with a BOM.
 */
export function encodeRegFile(text: string): Uint8Array {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  if (!body.startsWith('REGEDIT4')) return encodeUtf16le(BOM + body);
  const bytes = encodeAnsi(body);
  if (bytes !== undefined) return bytes;
  const problems = [];
  const lines = body.split(/\r\n|\r|\n/);
  for (let line = 0; line < lines.length; line++) {
    for (let column = 0; column < lines[line].length; column++) {
      if (ansiByte(lines[line].charCodeAt(column)) === undefined) {
        problems.push({
          where: `${line + 1}:${column + 1}`,
          message: `character U+${lines[line].charCodeAt(column).toString(16).toUpperCase().padStart(4, '0')} is not in the ANSI code page (Windows-1252) of a REGEDIT4 file`,
        });
      }
    }
  }
  throw new InputError('REGEDIT4 file', problems);
}

/**
 * Decodes the bytes of a `.reg` file to text: a UTF-16LE BOM (as regedit 5
 * writes) or UTF-16BE BOM or UTF-8 BOM selects that encoding; otherwise the
 * file is ANSI (Windows-1252), as regedit reads it. The BOM is not part of the text. A UTF-16 file
 * with an odd number of bytes is an InputError (`source` names it): its last unit is cut.
 */
export function decodeRegFile(bytes: Uint8Array, source = '.reg file'): string {
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf16 && bytes.length % 2 !== 0) {
    throw new InputError(source, [
      {
        where: `byte ${bytes.length - 1}`,
        message: `a UTF-16 file has an even number of bytes; this one has ${bytes.length} (truncated or damaged)`,
      },
    ]);
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16le(bytes, 2);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = new Uint8Array(bytes.length - 2);
    for (let i = 2; i + 1 < bytes.length; i += 2) {
      swapped[i - 2] = bytes[i + 1];
      swapped[i - 1] = bytes[i];
    }
    return decodeUtf16le(swapped);
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  return decodeAnsi(bytes);
}
