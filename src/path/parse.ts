import { WinError } from '../errors/index.js';
import { MAX_VERBATIM_PATH } from './limits.js';
import { checkName, fileOfStreamName, trimSegment } from './names.js';
import type { ParsedPath } from './types.js';

const SEPARATORS = /[\\/]/;
const ONLY_SPACES = /^ +$/;

function isSeparator(unit: number): boolean {
  return unit === 0x5c || unit === 0x2f;
}

function isDriveLetter(unit: number): boolean {
  return (unit >= 0x41 && unit <= 0x5a) || (unit >= 0x61 && unit <= 0x7a);
}

function hasDrivePrefix(text: string): boolean {
  return text.length >= 2 && isDriveLetter(text.charCodeAt(0)) && text.charCodeAt(1) === 0x3a;
}

function invalid(original: string, detail: string): WinError {
  return new WinError('ERROR_INVALID_NAME', original, detail);
}

/**
 * Splits a Win32 (normalised) path tail on both separators, dropping empty segments, and checks
 * each as rule P1 will trim it: only the last segment may not be a device name (P4), and only the
 * last may name a data stream (P5).
 */
function win32Segments(tail: string, original: string): string[] {
  const segments: string[] = [];
  let start = 0;
  for (let i = 0; i <= tail.length; i++) {
    if (i < tail.length && !isSeparator(tail.charCodeAt(i))) continue;
    if (i > start) segments.push(tail.slice(start, i));
    start = i + 1;
  }
  const endsWithSeparator = tail.length > 0 && isSeparator(tail.charCodeAt(tail.length - 1));
  segments.forEach((segment, index) => {
    if (segment === '.' || segment === '..') return;
    const last = index === segments.length - 1;
    const trimmed = trimSegment(segment, last && !endsWithSeparator);
    const name = last ? fileOfStreamName(trimmed, original) : trimmed;
    if (name !== '') checkName(name, original, { allowDeviceNames: !last });
  });
  return segments;
}

/** Splits a verbatim path tail on `\` only; `/` is part of a name (and then invalid on NTFS). */
function verbatimSegments(tail: string, original: string): string[] {
  if (tail === '') return [];
  const segments = tail.split('\\');
  if (segments[segments.length - 1] === '') segments.pop();
  segments.forEach((segment, index) => {
    const name = index === segments.length - 1 ? fileOfStreamName(segment, original) : segment;
    checkName(name, original, { allowDeviceNames: true });
  });
  return segments;
}

/** Rule P2: `\\.\C:` and `\\?\C:` name the volume, not its root folder; file operations refuse them. */
function volumeItself(original: string, drive: string): WinError {
  return new WinError(
    'ERROR_ACCESS_DENIED',
    original,
    `'${original}' is the volume ${drive}: itself, not its root folder ${drive}:\\`,
  );
}

function uncParts(parts: string[], original: string): { server: string; share: string } {
  const [server, share] = parts;
  if (!server || !share) throw invalid(original, 'a UNC path needs \\\\server\\share');
  checkName(server, original, { allowDeviceNames: true });
  checkName(share, original, { allowDeviceNames: true });
  return { server, share };
}

function parseVerbatim(original: string, tail: string, kind: 'verbatim' | 'ntObject'): ParsedPath {
  if (hasDrivePrefix(tail) && (tail.length === 2 || tail.charCodeAt(2) === 0x5c)) {
    const drive = tail[0].toUpperCase();
    if (tail.length === 2) throw volumeItself(original, drive);
    return { kind, drive, segments: verbatimSegments(tail.slice(3), original), original };
  }
  if (tail.length > 4 && tail.slice(0, 4).toUpperCase() === 'UNC\\') {
    const parts = tail.slice(4).split('\\');
    const { server, share } = uncParts(parts, original);
    return { kind, server, share, segments: verbatimSegments(parts.slice(2).join('\\'), original), original };
  }
  throw invalid(original, 'only drive and UNC verbatim paths are supported');
}

/**
 * A Win32 device path (`\\.\` or `//?/`), normalised under its root `\\.\` (rule P2): `.` and
 * `..` collapse first, so `\\.\C:\..\x` is the device `x`. What remains must be a drive's folder
 * (`\\.\C:\...`) or a share (`\\.\UNC\server\share\...`).
 */
function parseDevicePath(original: string): ParsedPath {
  const names: string[] = [];
  for (const part of original.slice(4).split(SEPARATORS)) {
    if (part === '' || part === '.') continue;
    if (part === '..') names.pop();
    else names.push(part);
  }
  const device = names[0];
  if (device === undefined) throw invalid(original, 'a device path names no device');
  const endsWithSeparator = isSeparator(original.charCodeAt(original.length - 1));
  const rest = (from: number): string => names.slice(from).join('\\') + (endsWithSeparator ? '\\' : '');
  if (device.length === 2 && hasDrivePrefix(device)) {
    const drive = device[0].toUpperCase();
    if (names.length === 1 && !endsWithSeparator) throw volumeItself(original, drive);
    return { kind: 'driveAbsolute', drive, segments: win32Segments(rest(1), original), original };
  }
  if (device.toUpperCase() === 'UNC') {
    const { server, share } = uncParts(names.slice(1), original);
    return { kind: 'unc', server, share, segments: win32Segments(rest(3), original), original };
  }
  throw invalid(original, `device '${device}' is not a file system path`);
}

/** `\\server\share\...`, or a Win32 device path `\\.\C:\...` / `\\.\UNC\...`. */
function parseDoubleSeparator(original: string): ParsedPath {
  const parts = original.slice(2).split(SEPARATORS);
  if ((parts[0] === '.' || parts[0] === '?') && parts.length > 1) return parseDevicePath(original);
  const { server, share } = uncParts(parts, original);
  return {
    kind: 'unc',
    server,
    share,
    segments: win32Segments(parts.slice(2).join('\\'), original),
    original,
  };
}

/**
 * Parses any Windows path form: drive absolute (`C:\x`), drive relative (`C:x`), rooted (`\x`),
 * relative (`x\y`), UNC (`\\server\share\x`), verbatim (`\\?\C:\x`, `\\?\UNC\server\share\x`) and
 * NT object (`\??\C:\x`). `\` and `/` both separate, except after `\\?\` and `\??\`, where only `\`
 * does and nothing is normalised. Segments are returned as written (empty ones dropped).
 *
 * Throws `WinError` ERROR_PATH_NOT_FOUND (3) for an empty path or one of spaces only,
 * ERROR_INVALID_NAME (123) for a bad character, a device name or a malformed form,
 * ERROR_FILENAME_EXCED_RANGE (206) for a name over 255 units or a path over 32,767.
 */
export function parsePath(input: string): ParsedPath {
  const original = input;
  if (original.length === 0) throw new WinError('ERROR_PATH_NOT_FOUND', original, 'empty path');
  // Windows refuses a path of spaces as it refuses an empty one (RtlDosPathNameToNtPathName_U)
  if (ONLY_SPACES.test(original))
    throw new WinError('ERROR_PATH_NOT_FOUND', original, 'a path of spaces only names nothing');
  if (original.length > MAX_VERBATIM_PATH) {
    throw new WinError(
      'ERROR_FILENAME_EXCED_RANGE',
      original,
      `path longer than ${MAX_VERBATIM_PATH} characters`,
    );
  }
  if (original.startsWith('\\\\?\\')) return parseVerbatim(original, original.slice(4), 'verbatim');
  if (original.startsWith('\\??\\')) return parseVerbatim(original, original.slice(4), 'ntObject');

  const first = original.charCodeAt(0);
  if (isSeparator(first)) {
    if (original.length > 1 && isSeparator(original.charCodeAt(1))) return parseDoubleSeparator(original);
    return { kind: 'rooted', segments: win32Segments(original.slice(1), original), original };
  }
  if (hasDrivePrefix(original)) {
    const drive = original[0].toUpperCase();
    const absolute = original.length > 2 && isSeparator(original.charCodeAt(2));
    const kind = absolute ? 'driveAbsolute' : 'driveRelative';
    return { kind, drive, segments: win32Segments(original.slice(2), original), original };
  }
  return { kind: 'relative', segments: win32Segments(original, original), original };
}
