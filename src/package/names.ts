/**
 * Rules for the two kinds of names a manifest holds: payload member names (relative, `/`-separated,
 * as on a CD or a distribution share) and install targets (Windows paths such as
 * `%SystemRoot%\system32\ntoskrnl.exe`).
 */

import { MAX_NAME, MAX_PATH_CHARS, foldName as foldNtfsName, isReservedDeviceName } from '../path/index.js';

/** Characters Windows refuses in a file name, plus control characters. */
// eslint-disable-next-line no-control-regex
const BAD_CHARS = /[<>:"|?*\u0000-\u001f]/;
const MAX_NAME_BYTES = 1024;

/**
 * Why one path segment is not a valid Windows file name, or `undefined` when it is. Only the last
 * segment may not be a device name (rule P4: `C:\nul\x.txt` is an ordinary path).
 */
function segmentProblem(segment: string, last: boolean): string | undefined {
  if (segment === '') return 'has an empty path segment';
  if (segment === '.' || segment === '..') return `has a '${segment}' segment`;
  if (BAD_CHARS.test(segment))
    return `segment '${segment}' holds a character Windows refuses (< > : " | ? * or a control character)`;
  if (/[. ]$/.test(segment)) return `segment '${segment}' ends with a dot or a space`;
  if (segment.length > MAX_NAME)
    return `segment '${segment.slice(0, 20)}...' is longer than ${MAX_NAME} characters`;
  if (last && isReservedDeviceName(segment)) return `segment '${segment}' is a reserved device name`;
  return undefined;
}

/**
 * Segments made of letters, digits and `_ $ ~ # -`, with single dots or spaces between runs of them,
 * and not a reserved device name: always valid. A package holds tens of thousands of names, so these
 * are accepted by one regular-expression test; anything else takes the checks below, which word the problem.
 */
const DEVICE_AHEAD = String.raw`(?!(?:CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(?:[. /\\]|$))`;
const PLAIN_FOLDER = String.raw`[\w$~#-]+(?:[. ][\w$~#-]+)*`;
const PLAIN_SEGMENT = `${DEVICE_AHEAD}${PLAIN_FOLDER}`;
const PLAIN_PAYLOAD_NAME = new RegExp(`^(?:${PLAIN_FOLDER}/)*${PLAIN_SEGMENT}$`, 'i');
const TARGET_ROOT = String.raw`(?:%[A-Za-z_][A-Za-z0-9_()]*%|[A-Za-z]:)`;
const PLAIN_TARGET = new RegExp(`^${TARGET_ROOT}(?:\\\\${PLAIN_FOLDER})*\\\\${PLAIN_SEGMENT}$`, 'i');
/** A segment longer than NTFS's 255 (rule P7): the shortcut cannot see it, so such names take the checks. */
const LONG_SEGMENT = /[^/\\]{256}/;

/**
 * Why `name` is not a safe payload member name, or `undefined` when it is.
 * A member name is relative, uses `/` between segments and never leaves its folder (`..`, absolute, drive letters).
 */
export function payloadNameProblem(name: string): string | undefined {
  if (
    typeof name === 'string' &&
    name.length <= MAX_NAME_BYTES &&
    PLAIN_PAYLOAD_NAME.test(name) &&
    (name.length <= MAX_NAME || !LONG_SEGMENT.test(name))
  )
    return undefined;
  return describePayloadNameProblem(name);
}

/** {@link payloadNameProblem} without the shortcut for plain names (exported for the test that compares them). */
export function describePayloadNameProblem(name: string): string | undefined {
  if (typeof name !== 'string' || name === '') return 'is empty';
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) return `is longer than ${MAX_NAME_BYTES} bytes`;
  if (name.includes('\\')) return "uses '\\': payload names separate folders with '/'";
  if (name.startsWith('/')) return 'is absolute: payload names are relative';
  if (/^[A-Za-z]:/.test(name)) return 'starts with a drive letter: payload names are relative';
  const segments = name.split('/');
  for (let i = 0; i < segments.length; i++) {
    const problem = segmentProblem(segments[i], i === segments.length - 1);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Why `target` is not an install target, or `undefined` when it is.
 * A target is a Windows path rooted at an environment string (`%SystemRoot%\...`) or a drive (`C:\...`),
 * with `\` between segments and no `.` or `..` segments.
 */
export function targetProblem(target: string): string | undefined {
  // a target of at most 258 characters has no segment over 255 after its root (`C:\` at least)
  if (typeof target === 'string' && target.length < MAX_PATH_CHARS && PLAIN_TARGET.test(target))
    return undefined;
  return describeTargetProblem(target);
}

/** {@link targetProblem} without the shortcut for plain targets (exported for the test that compares them). */
export function describeTargetProblem(target: string): string | undefined {
  if (typeof target !== 'string' || target === '') return 'is empty';
  if (target.length > MAX_PATH_CHARS) return `is longer than ${MAX_PATH_CHARS} characters (MAX_PATH)`;
  if (target.includes('/')) return "uses '/': targets are Windows paths with '\\'";
  const root = /^(%[A-Za-z_][A-Za-z0-9_()]*%|[A-Za-z]:)\\/.exec(target);
  if (!root) return 'must start with an environment string such as %SystemRoot%\\ or a drive such as C:\\';
  const rest = target.slice(root[0].length);
  if (rest === '') return 'names a root, not a file';
  const segments = rest.split('\\');
  for (let i = 0; i < segments.length; i++) {
    const problem = segmentProblem(segments[i], i === segments.length - 1);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Folds a name for case-insensitive comparison the way a Windows 2000 volume's `$UpCase` table does
 * (rule P6): one unit to one unit (so `ß` and `µ` stay as they are, unlike `toUpperCase`).
 */
export function foldName(name: string): string {
  return foldNtfsName(name);
}
