import { foldName } from './fold.js';
import { MAX_DIR_PATH_CHARS, MAX_PATH_CHARS } from './limits.js';
import { isReservedDeviceName } from './names.js';
import type { ResolvedPath } from './types.js';
import type { UpcaseTable } from './upcase.js';

// eslint-disable-next-line no-control-regex -- Win32 forbids characters 0 to 31 in names
const PLAIN_DRIVE_PATH = /^[A-Za-z]:(?:\\[^\\/\x00-\x1f<>:"|?*]+)*\\?$/;

/**
 * The resolution of a drive-absolute path that is already in normal form (`C:\WINNT\x.dll`: only
 * backslashes, no `.` or `..`, no trailing dots or spaces, no bad characters or device names), or
 * undefined when the path needs the full `resolvePath`. Gives exactly what `resolvePath` gives for
 * the paths it accepts; it exists because the engine resolves its own stored paths very often.
 */
export function resolveNormalDrivePath(input: string, directory = false): ResolvedPath | undefined {
  if (input.length > (directory ? MAX_DIR_PATH_CHARS : MAX_PATH_CHARS) || !PLAIN_DRIVE_PATH.test(input))
    return undefined;
  const body = input.endsWith('\\') ? input.slice(3, -1) : input.slice(3);
  const segments = body === '' ? [] : body.split('\\');
  for (const segment of segments) {
    const last = segment.charCodeAt(segment.length - 1);
    if (segment.length > 255 || last === 0x2e || last === 0x20 || isReservedDeviceName(segment))
      return undefined;
  }
  return { drive: input[0].toUpperCase(), segments, verbatim: false };
}

/**
 * Whether one name, the last segment of a path whose folders are known to be in normal form, keeps
 * the path in normal form (what `resolveNormalDrivePath` accepts for each segment).
 */
export function isNormalName(name: string): boolean {
  return normalNameKind(name) !== NOT_NORMAL;
}

/**
 * The folded form (see `foldName`) of a name that {@link isNormalName} accepts, or undefined for one
 * it refuses: both in one pass over the name, as the engine does for every path in a known folder.
 */
export function foldNormalName(name: string, table?: UpcaseTable): string | undefined {
  const kind = normalNameKind(name);
  if (kind === NOT_NORMAL) return undefined;
  return kind === NORMAL_ASCII ? name.toUpperCase() : foldName(name, table);
}

const NOT_NORMAL = 0;
const NORMAL_ASCII = 1;
const NORMAL_OTHER = 2;

/** Whether a name is in normal form, and if so whether it is all ASCII (folded by `toUpperCase`). */
function normalNameKind(name: string): number {
  const length = name.length;
  if (length === 0 || length > 255) return NOT_NORMAL;
  let ascii = true;
  for (let i = 0; i < length; i++) {
    const unit = name.charCodeAt(i);
    if (unit >= 0x80) ascii = false;
    else if (BAD_ASCII[unit] === 1) return NOT_NORMAL;
  }
  const last = name.charCodeAt(length - 1);
  if (last === 0x2e || last === 0x20 || isReservedDeviceName(name)) return NOT_NORMAL;
  return ascii ? NORMAL_ASCII : NORMAL_OTHER;
}

/** 1 for the ASCII units a name may not hold: controls and `\ / < > : " | ? *`. */
const BAD_ASCII = new Uint8Array(0x80);
BAD_ASCII.fill(1, 0, 0x20);
for (const c of '\\/<>:"|?*') BAD_ASCII[c.charCodeAt(0)] = 1;
