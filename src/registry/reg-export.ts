/**
 * `.reg` export, written the way regedit writes it: header, blank line, then
 * each key as `[path]`, its values, a blank line; subkeys follow depth first.
 * Lines end in CRLF. Hex data wraps like regedit: a line is broken after the
 * comma that takes it to column 77 or more, with `\` and two spaces of indent,
 * so lines stay within 80 columns.
 */

import { WinError } from '../errors/index.js';
import { ansiByte, toAnsiText } from './ansi.js';
import type { RegistryStore } from './store.js';
import { REG_TYPES, type RawRegValue } from './types.js';
import { decodeUtf16le } from './utf16.js';

/** The two text formats regedit reads and writes. */
export type RegFormat = '5.00' | 'REGEDIT4';

/** The first line of each format. */
export const REG_HEADERS: Readonly<Record<RegFormat, string>> = {
  '5.00': 'Windows Registry Editor Version 5.00',
  REGEDIT4: 'REGEDIT4',
};

const { REG_SZ, REG_EXPAND_SZ, REG_BINARY, REG_DWORD, REG_MULTI_SZ } = REG_TYPES;
const WRAP_COLUMN = 77;
const CRLF = '\r\n';

/** Quotes a name or string: backslash and quote escaped; CR and LF as `\r` `\n` (the multi-line form regedit reads). */
export function quoteRegString(text: string): string {
  return `"${text.replace(/[\\"\r\n]/g, (c) => (c === '\r' ? '\\r' : c === '\n' ? '\\n' : `\\${c}`))}"`;
}

/** The string a REG_SZ holds if its bytes are exactly that string plus one NUL and it can be written in quotes. */
function quotableString(bytes: Uint8Array, format: RegFormat): string | undefined {
  if (bytes.length < 2 || bytes.length % 2 !== 0) return undefined;
  if (bytes[bytes.length - 1] !== 0 || bytes[bytes.length - 2] !== 0) return undefined;
  const text = decodeUtf16le(bytes, 0, bytes.length - 2);
  if (/[\0\r\n]/.test(text)) return undefined;
  if (format === 'REGEDIT4' && toAnsiText(text) !== text) return undefined;
  return text;
}

/** REGEDIT4 holds REG_EXPAND_SZ and REG_MULTI_SZ as ANSI bytes: each UTF-16 unit's Windows-1252 byte, `?` where it has none (WideCharToMultiByte). */
function ansiBytes(bytes: Uint8Array): Uint8Array {
  const ansi = new Uint8Array(bytes.length >>> 1);
  for (let i = 0; i < ansi.length; i++) ansi[i] = ansiByte(bytes[2 * i] | (bytes[2 * i + 1] << 8)) ?? 0x3f;
  return ansi;
}

function hexData(prefix: string, bytes: Uint8Array): string {
  let text = prefix;
  let column = prefix.length;
  for (let i = 0; i < bytes.length; i++) {
    text += bytes[i].toString(16).padStart(2, '0');
    if (i === bytes.length - 1) break;
    text += ',';
    column += 3;
    if (column >= WRAP_COLUMN) {
      text += `\\${CRLF}  `;
      column = 2;
    }
  }
  return text;
}

/** One value as regedit writes it (possibly several lines, without the final line break). */
export function formatRegValue(name: string, value: RawRegValue, format: RegFormat = '5.00'): string {
  const quotedName = name === '' ? '@' : quoteRegString(format === 'REGEDIT4' ? toAnsiText(name) : name);
  const lead = `${quotedName}=`;
  const { type, bytes } = value;
  if (type === REG_SZ) {
    const text = quotableString(bytes, format);
    if (text !== undefined) return lead + quoteRegString(text);
  }
  if (type === REG_DWORD && bytes.length === 4) {
    const dword = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
    return `${lead}dword:${dword.toString(16).padStart(8, '0')}`;
  }
  const hexType = type === REG_BINARY ? 'hex:' : `hex(${type.toString(16)}):`;
  const data =
    format === 'REGEDIT4' && (type === REG_EXPAND_SZ || type === REG_MULTI_SZ) ? ansiBytes(bytes) : bytes;
  return hexData(lead + hexType, data);
}

/**
 * `.reg` export of a key and its subtree: `'Windows Registry Editor Version 5.00'`
 * (default) or `'REGEDIT4'`. Keys are written under their canonical paths (the
 * control set itself, not the CurrentControlSet alias). In REGEDIT4, names and
 * strings are ANSI, Windows-1252 (a REG_SZ that it cannot hold exactly is written as
 * `hex(1):` so nothing is lost; a name or key gets `?`), and REG_EXPAND_SZ / REG_MULTI_SZ
 * are Windows-1252 bytes as regedit writes them (a character outside it becomes `?`). In 5.00 every value
 * imports back to the same bytes: a REG_SZ that is not exactly one string plus
 * NUL (or holds CR/LF) is written as `hex(1):`, a DWORD not 4 bytes long as `hex(4):`.
 * Throws WinError ERROR_FILE_NOT_FOUND if the key does not exist, ERROR_INVALID_DATA if a key
 * name in the subtree holds a CR or LF (regedit would write a file that imports as other keys).
 */
export function exportReg(store: RegistryStore, key: string, options: { format?: RegFormat } = {}): string {
  const format = options.format ?? '5.00';
  const top = store.resolveKey(key);
  if (top === undefined) throw new WinError('ERROR_FILE_NOT_FOUND', key, 'no such registry key');
  const lines: string[] = [REG_HEADERS[format], ''];
  for (const { key: path, values } of store.subtree(top)) {
    if (/[\r\n]/.test(path)) {
      // A `[KEY]` line cannot hold a line break: written as is, the rest would import as other keys.
      throw new WinError(
        'ERROR_INVALID_DATA',
        path,
        'a key name with a line break cannot be written to a .reg file',
      );
    }
    lines.push(`[${format === 'REGEDIT4' ? toAnsiText(path) : path}]`);
    for (const { name, value } of values) lines.push(formatRegValue(name, value, format));
    lines.push('');
  }
  return lines.join(CRLF) + CRLF;
}
