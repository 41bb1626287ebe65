import { WinError } from '../errors/index.js';
import { MAX_NAME } from './limits.js';

/** 1 at the ASCII codes a device name can start with: C, P, A, N, L in either case. */
const DEVICE_INITIAL = new Uint8Array(0x80);
for (const initial of 'CPANLcpanl') DEVICE_INITIAL[initial.charCodeAt(0)] = 1;

const RESERVED_DEVICE_NAMES = new Set([
  'CON',
  'PRN',
  'AUX',
  'NUL',
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`COM${n}`, `LPT${n}`]),
]);

const INVALID_UNITS = new Uint8Array(128);
for (let unit = 0; unit < 32; unit++) INVALID_UNITS[unit] = 1;
for (const character of '<>:"/\\|?*') INVALID_UNITS[character.charCodeAt(0)] = 1;

/** True for a character a Win32 name may not contain: 0 to 31 and `< > : " / \ | ? *`. */
export function isInvalidNameUnit(unit: number): boolean {
  return unit < 128 && INVALID_UNITS[unit] === 1;
}

/** Removes the trailing dots and spaces Win32 drops from every path segment (`'foo.txt. '` is `'foo.txt'`). */
export function stripTrailingDotsAndSpaces(name: string): string {
  let end = name.length;
  while (end > 0) {
    const unit = name.charCodeAt(end - 1);
    if (unit !== 0x2e && unit !== 0x20) break;
    end--;
  }
  return end === name.length ? name : name.slice(0, end);
}

/**
 * True when `name` is a DOS device name (`CON PRN AUX NUL COM1-9 LPT1-9`), in any case,
 * with or without an extension (`nul.txt` is the NUL device, and so is `nul .txt`).
 */
export function isReservedDeviceName(name: string): boolean {
  const initial = name.charCodeAt(0);
  if (name.length < 3 || initial >= 0x80 || DEVICE_INITIAL[initial] !== 1) return false;
  let end = name.indexOf('.');
  if (end < 0) end = name.length;
  while (end > 0 && name.charCodeAt(end - 1) === 0x20) end--;
  if (end !== 3 && end !== 4) return false;
  return RESERVED_DEVICE_NAMES.has(name.slice(0, end).toUpperCase());
}

/** Options of {@link checkName}. */
export interface NameCheckOptions {
  /** Allow device names (verbatim paths reach the file system without the Win32 device check). */
  allowDeviceNames?: boolean;
}

/**
 * Throws unless `name` can be one segment of a path: non-empty, no invalid character,
 * not `.` or `..`, not a device name, at most 255 units. `where` is the path reported.
 */
export function checkName(name: string, where: string, options?: NameCheckOptions): void {
  if (name === '' || name === '.' || name === '..') {
    throw new WinError('ERROR_INVALID_NAME', where, `'${name}' is not a valid name`);
  }
  for (let i = 0; i < name.length; i++) {
    const unit = name.charCodeAt(i);
    if (unit < 128 && INVALID_UNITS[unit] === 1) {
      const shown = unit < 32 ? `\\x${unit.toString(16).padStart(2, '0')}` : name[i];
      throw new WinError('ERROR_INVALID_NAME', where, `invalid character '${shown}' in '${name}'`);
    }
  }
  if (!options?.allowDeviceNames && isReservedDeviceName(name)) {
    throw new WinError('ERROR_INVALID_NAME', where, `'${name}' is a reserved device name`);
  }
  if (name.length > MAX_NAME) {
    throw new WinError('ERROR_FILENAME_EXCED_RANGE', where, `name longer than ${MAX_NAME} characters`);
  }
}

/**
 * Throws `WinError` ERROR_INVALID_NAME (123) when `name` is empty, `.` or `..`, holds a character
 * 0-31 or `< > : " / \ | ? *`, or is a reserved device name (with or without extension, any case);
 * ERROR_FILENAME_EXCED_RANGE (206) when it is longer than 255 units. `where` is the path reported
 * in the error (default: the name).
 */
export function validateName(name: string, where?: string): void {
  checkName(name, where ?? name);
}
