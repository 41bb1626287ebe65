import { WinError } from '../errors/index.js';
import { MAX_NAME } from './limits.js';

const RESERVED_DEVICE_NAMES = new Set([
  'CON',
  'PRN',
  'AUX',
  'NUL',
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`COM${n}`, `LPT${n}`]),
]);

/** True for a character a Win32 name may not contain: 0 to 31 and `< > : " / \ | ? *`. */
export function isInvalidNameUnit(unit: number): boolean {
  if (unit < 32) return true;
  switch (unit) {
    case 0x3c: // <
    case 0x3e: // >
    case 0x3a: // :
    case 0x22: // "
    case 0x2f: // /
    case 0x5c: // \
    case 0x7c: // |
    case 0x3f: // ?
    case 0x2a: // *
      return true;
    default:
      return false;
  }
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
  if (name.length < 3) return false;
  const dot = name.indexOf('.');
  const base = dot < 0 ? name : name.slice(0, dot);
  let end = base.length;
  while (end > 0 && base.charCodeAt(end - 1) === 0x20) end--;
  if (end !== 3 && end !== 4) return false;
  return RESERVED_DEVICE_NAMES.has(base.slice(0, end).toUpperCase());
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
export function checkName(name: string, where: string, options: NameCheckOptions = {}): void {
  if (name === '' || name === '.' || name === '..') {
    throw new WinError('ERROR_INVALID_NAME', where, `'${name}' is not a valid name`);
  }
  for (let i = 0; i < name.length; i++) {
    const unit = name.charCodeAt(i);
    if (isInvalidNameUnit(unit)) {
      const shown = unit < 32 ? `\\x${unit.toString(16).padStart(2, '0')}` : name[i];
      throw new WinError('ERROR_INVALID_NAME', where, `invalid character '${shown}' in '${name}'`);
    }
  }
  if (!options.allowDeviceNames && isReservedDeviceName(name)) {
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
