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
  // rule P3: the superscript digits ¹ ² ³ name ports too
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, '\u00b9', '\u00b2', '\u00b3'].flatMap((n) => [`COM${n}`, `LPT${n}`]),
]);

const INVALID_UNITS = new Uint8Array(128);
for (let unit = 0; unit < 32; unit++) INVALID_UNITS[unit] = 1;
for (const character of '<>:"/\\|?*') INVALID_UNITS[character.charCodeAt(0)] = 1;

/** True for a character a Win32 name may not contain: 0 to 31 and `< > : " / \ | ? *`. */
export function isInvalidNameUnit(unit: number): boolean {
  return unit < 128 && INVALID_UNITS[unit] === 1;
}

/** True for a segment of three or more periods only: a name, never trimmed (rule P1). */
function isPeriodsName(segment: string): boolean {
  if (segment.length < 3) return false;
  for (let i = 0; i < segment.length; i++) if (segment.charCodeAt(i) !== 0x2e) return false;
  return true;
}

/**
 * Rule P1 for one segment of a Win32 path: the last segment (of a path that does not end in a
 * separator) loses every trailing period and space (`'foo.txt. .'` is `'foo.txt'`); any other segment
 * loses one trailing period and keeps its trailing spaces (`'test..'` is `'test.'`, `'dir '` stays).
 * A segment of three or more periods is a name and stays. `.` and `..` are the caller's.
 */
export function trimSegment(segment: string, last: boolean): string {
  if (isPeriodsName(segment)) return segment;
  if (last) return stripTrailingDotsAndSpaces(segment);
  return segment.charCodeAt(segment.length - 1) === 0x2e ? segment.slice(0, -1) : segment;
}

/** Removes every trailing dot and space (`'foo.txt. '` is `'foo.txt'`): what rule P1 does to a last segment. */
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
 * True when `name` is a DOS device name (`CON PRN AUX NUL COM1-9 LPT1-9`, `COM¹-³ LPT¹-³`), in any case,
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
    // rule P7: a component too long is a bad name (123); only a whole path too long is 206
    throw new WinError('ERROR_INVALID_NAME', where, `name longer than ${MAX_NAME} characters`);
  }
}

/** The suffix that names a file's unnamed data stream: the file itself (rule P5). */
const DATA_STREAM = '::$DATA';

/**
 * Rule P5 for the last segment: `name::$DATA` is the file `name` itself (the suffix goes, any case);
 * `name:stream` or `name:stream:$DATA` names a data stream of `name`, which the image does not hold:
 * WinError ERROR_NOT_SUPPORTED (50). Any other segment is returned as it is.
 */
export function fileOfStreamName(segment: string, where: string): string {
  const colon = segment.indexOf(':');
  if (colon <= 0) return segment;
  const suffix = segment.slice(colon);
  if (suffix.length === DATA_STREAM.length && suffix.toUpperCase() === DATA_STREAM)
    return segment.slice(0, colon);
  const [stream, type, ...more] = suffix.slice(1).split(':');
  const isStream =
    stream !== '' && more.length === 0 && (type === undefined || type.toUpperCase() === '$DATA');
  if (isStream && !hasInvalidUnit(stream)) {
    throw new WinError(
      'ERROR_NOT_SUPPORTED',
      where,
      `'${segment}' names the data stream '${stream}' of '${segment.slice(0, colon)}': named streams are not modelled`,
    );
  }
  return segment;
}

function hasInvalidUnit(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isInvalidNameUnit(text.charCodeAt(i))) return true;
  return false;
}

/**
 * Throws `WinError` ERROR_INVALID_NAME (123) when `name` is empty, `.` or `..`, holds a character
 * 0-31 or `< > : " / \ | ? *`, is a reserved device name (with or without extension, any case), or
 * is longer than 255 units (rule P7). `where` is the path reported
 * in the error (default: the name).
 */
export function validateName(name: string, where?: string): void {
  checkName(name, where ?? name);
}
