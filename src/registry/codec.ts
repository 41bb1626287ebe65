/** Typed registry data to the bytes Windows stores, and back. */

import { WinError } from '../errors/index.js';
import { REG_TYPES, regTypeName, type RegData, type RegType, type RegValue } from './types.js';
import { decodeUtf16le, encodeUtf16le } from './utf16.js';

function invalid(detail: string): WinError {
  return new WinError('ERROR_INVALID_PARAMETER', undefined, detail);
}

function requireNulFree(text: string, type: RegType): void {
  if (text.includes('\0')) throw invalid(`${type} string contains a NUL character`);
}

function toDword(data: RegData, type: RegType): number {
  const value = typeof data === 'bigint' ? Number(data) : data;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw invalid(`${type} needs an integer from 0 to 0xFFFFFFFF`);
  }
  return value;
}

function toQword(data: RegData): bigint {
  if (typeof data === 'number' && Number.isSafeInteger(data) && data >= 0) return BigInt(data);
  if (typeof data === 'bigint' && data >= 0n && data <= 0xffffffffffffffffn) return data;
  throw invalid('REG_QWORD needs a bigint from 0 to 2^64-1 or a non-negative safe integer');
}

/**
 * Encodes typed data to the bytes Windows stores: strings UTF-16LE + NUL
 * (REG_LINK without the NUL, as the object manager stores link targets);
 * REG_MULTI_SZ each string + NUL then a final NUL (empty strings inside kept);
 * DWORD 4 bytes LE (number 0..0xFFFFFFFF), DWORD_BIG_ENDIAN 4 bytes BE;
 * QWORD 8 bytes LE (bigint or safe integer number); BINARY, NONE and
 * RESOURCE_LIST bytes as given (copied).
 * Throws WinError ERROR_INVALID_PARAMETER when data does not fit the type
 * (including a NUL inside a string: it could not be read back).
 */
export function encodeRegData(type: RegType, data: RegData): Uint8Array {
  switch (type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
    case 'REG_LINK':
      if (typeof data !== 'string') throw invalid(`${type} needs a string`);
      requireNulFree(data, type);
      return encodeUtf16le(data, type === 'REG_LINK' ? 0 : 1);
    case 'REG_MULTI_SZ': {
      if (!Array.isArray(data) || !data.every((s) => typeof s === 'string'))
        throw invalid('REG_MULTI_SZ needs an array of strings');
      for (const s of data) requireNulFree(s, type);
      return encodeUtf16le(data.map((s) => s + '\0').join(''), 1);
    }
    case 'REG_DWORD':
    case 'REG_DWORD_BIG_ENDIAN': {
      const bytes = new Uint8Array(4);
      new DataView(bytes.buffer).setUint32(0, toDword(data, type), type === 'REG_DWORD');
      return bytes;
    }
    case 'REG_QWORD': {
      const bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setBigUint64(0, toQword(data), true);
      return bytes;
    }
    case 'REG_NONE':
    case 'REG_BINARY':
    case 'REG_RESOURCE_LIST':
      if (!(data instanceof Uint8Array)) throw invalid(`${type} needs a Uint8Array`);
      return new Uint8Array(data);
    default:
      throw invalid(`unknown registry type ${String(type)}`);
  }
}

function firstNul(text: string): string {
  const at = text.indexOf('\0');
  return at < 0 ? text : text.slice(0, at);
}

function decodeMultiSz(bytes: Uint8Array): string[] {
  const text = decodeUtf16le(bytes);
  if (text.endsWith('\0\0')) return text.slice(0, -2).split('\0');
  const body = text.endsWith('\0') ? text.slice(0, -1) : text;
  return body === '' ? [] : body.split('\0');
}

/** Reads up to `width` bytes as an unsigned integer, missing bytes taken as zero. */
function readUnsigned(bytes: Uint8Array, width: number, littleEndian: boolean): bigint {
  let value = 0n;
  for (let i = 0; i < width; i++) {
    const byte = BigInt(bytes[littleEndian ? width - 1 - i : i] ?? 0);
    value = (value << 8n) | byte;
  }
  return value;
}

/**
 * Decodes stored bytes leniently, as programs reading them would: an odd
 * last byte of a string is dropped and missing terminators are tolerated.
 * REG_SZ and REG_EXPAND_SZ stop at the first NUL. REG_MULTI_SZ strips the
 * final terminator pair and splits on NUL, keeping empty strings inside.
 * Integers shorter than their width are zero-extended, longer ones cut.
 * A type number outside {@link RegType} decodes as REG_NONE with its bytes
 * (the raw value keeps the real number).
 */
export function decodeRegData(type: number, bytes: Uint8Array): RegValue {
  const name = regTypeName(type) ?? 'REG_NONE';
  switch (name) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return { type: name, data: firstNul(decodeUtf16le(bytes)) };
    case 'REG_LINK':
      return { type: name, data: decodeUtf16le(bytes) };
    case 'REG_MULTI_SZ':
      return { type: name, data: decodeMultiSz(bytes) };
    case 'REG_DWORD':
      return { type: name, data: Number(readUnsigned(bytes, 4, true)) };
    case 'REG_DWORD_BIG_ENDIAN':
      return { type: name, data: Number(readUnsigned(bytes, 4, false)) };
    case 'REG_QWORD':
      return { type: name, data: readUnsigned(bytes, 8, true) };
    default:
      return { type: name, data: new Uint8Array(bytes) };
  }
}

/** The type number of a named type. */
export function regTypeNumber(type: RegType): number {
  const number = REG_TYPES[type];
  if (number === undefined) throw invalid(`unknown registry type ${String(type)}`);
  return number;
}
