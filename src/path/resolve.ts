import { WinError } from '../errors/index.js';
import { expandEnvironmentStrings } from './env.js';
import { toVerbatimPath } from './format.js';
import { MAX_DIR_PATH_CHARS, MAX_PATH_CHARS, MAX_VERBATIM_PATH } from './limits.js';
import { fileOfStreamName, isReservedDeviceName, trimSegment } from './names.js';
import { parsePath } from './parse.js';
import type { ParsedPath, PathContext, ResolvedPath } from './types.js';

function currentDriveOf(ctx: PathContext): string {
  const letter = ctx.currentDrive?.[0]?.toUpperCase();
  if (letter === undefined || letter < 'A' || letter > 'Z') {
    throw new WinError('ERROR_INVALID_DRIVE', ctx.currentDrive, 'the current drive is not a drive letter');
  }
  return letter;
}

function cwdOf(ctx: PathContext, drive: string): readonly string[] {
  const table = ctx.cwdByDrive;
  if (table === undefined) return [];
  return table[drive] ?? table[drive.toLowerCase()] ?? table[`${drive}:`] ?? [];
}

/**
 * Appends `segments` to `base`, collapsing `.` and `..` (never above the root) and trimming trailing
 * periods and spaces as rule P1 says (the last segment, unless the path ends in a separator, loses
 * them all; another loses one period). `name::$DATA`, the file's own stream, is the file (P5).
 */
function normalise(
  base: readonly string[],
  segments: readonly string[],
  endsWithSeparator: boolean,
): string[] {
  const out = base.slice();
  segments.forEach((segment, index) => {
    if (segment === '.') return;
    if (segment === '..') {
      out.pop();
      return;
    }
    const last = index === segments.length - 1;
    const trimmed = trimSegment(segment, last && !endsWithSeparator);
    const name = last ? fileOfStreamName(trimmed, segment) : trimmed;
    if (name !== '') out.push(name);
  });
  return out;
}

function rootAndBase(
  parsed: ParsedPath,
  ctx: PathContext,
): { resolved: ResolvedPath; base: readonly string[] } {
  switch (parsed.kind) {
    case 'unc':
      return {
        resolved: { server: parsed.server, share: parsed.share, segments: [], verbatim: false },
        base: [],
      };
    case 'driveAbsolute':
      return { resolved: { drive: parsed.drive, segments: [], verbatim: false }, base: [] };
    case 'driveRelative': {
      const drive = parsed.drive as string;
      return { resolved: { drive, segments: [], verbatim: false }, base: cwdOf(ctx, drive) };
    }
    case 'rooted':
      return { resolved: { drive: currentDriveOf(ctx), segments: [], verbatim: false }, base: [] };
    default: {
      const drive = currentDriveOf(ctx);
      return { resolved: { drive, segments: [], verbatim: false }, base: cwdOf(ctx, drive) };
    }
  }
}

/** The length of {@link formatPath}'s result, without building it. */
function win32Length(p: ResolvedPath): number {
  let length = p.drive !== undefined ? 3 : 4 + (p.server?.length ?? 0) + (p.share?.length ?? 0);
  for (const segment of p.segments) length += segment.length + 1;
  return p.segments.length > 0 ? length - 1 : length;
}

function verbatimResolution(parsed: ParsedPath): ResolvedPath {
  const segments = parsed.segments.slice();
  // rule P5: `\\?\C:\a.txt::$DATA` is the file a.txt (a named stream was refused by parsePath)
  if (segments.length > 0) segments.push(fileOfStreamName(segments.pop()!, parsed.original));
  const resolved: ResolvedPath =
    parsed.drive !== undefined
      ? { drive: parsed.drive, segments, verbatim: true }
      : { server: parsed.server, share: parsed.share, segments, verbatim: true };
  if (toVerbatimPath(resolved).length > MAX_VERBATIM_PATH) {
    throw new WinError(
      'ERROR_FILENAME_EXCED_RANGE',
      parsed.original,
      `longer than ${MAX_VERBATIM_PATH} characters`,
    );
  }
  return resolved;
}

/**
 * Full resolution of a path as Win32 does it: `%VAR%` expansion when `ctx.env` is given (before
 * parsing), parsing, the current drive and each drive's current folder, `.` and `..` collapsed
 * (clamped at the drive root or `\\server\share`), trailing periods and spaces trimmed as rule P1
 * says, `name::$DATA` taken as the file (P5), every segment validated, and the length checked: at most 259 characters (247 with
 * `options.directory`, CreateDirectory's limit), one name at most 255. Verbatim (`\\?\`) and NT
 * object (`\??\`) paths are taken as written and may reach 32,767.
 *
 * Throws `WinError` ERROR_INVALID_NAME (123), ERROR_FILENAME_EXCED_RANGE (206), ERROR_PATH_NOT_FOUND (3)
 * for an empty path, ERROR_INVALID_DRIVE (15) when `ctx.currentDrive` is needed and is not a letter.
 */
export function resolvePath(
  input: string,
  ctx: PathContext,
  options: { directory?: boolean } = {},
): ResolvedPath {
  const text = ctx.env === undefined ? input : expandEnvironmentStrings(input, ctx.env);
  const parsed = parsePath(text);
  if (parsed.kind === 'verbatim' || parsed.kind === 'ntObject') return verbatimResolution(parsed);
  const { resolved, base } = rootAndBase(parsed, ctx);
  const endsWithSeparator = text.endsWith('\\') || text.endsWith('/');
  resolved.segments = normalise(base, parsed.segments, endsWithSeparator);
  // P4: the device check is on the last name of the normalised path (`C:\\x\\nul\\.` is NUL too)
  const last = resolved.segments[resolved.segments.length - 1];
  if (last !== undefined && isReservedDeviceName(last)) {
    throw new WinError('ERROR_INVALID_NAME', text, `'${last}' is a reserved device name`);
  }
  const limit = options.directory ? MAX_DIR_PATH_CHARS : MAX_PATH_CHARS;
  if (win32Length(resolved) > limit) {
    throw new WinError('ERROR_FILENAME_EXCED_RANGE', text, `longer than ${limit} characters`);
  }
  return resolved;
}
