/**
 * Rules for the two kinds of names a manifest holds: payload member names (relative, `/`-separated,
 * as on a CD or a distribution share) and install targets (Windows paths such as
 * `%SystemRoot%\system32\ntoskrnl.exe`).
 */

import { MAX_PATH_CHARS } from '../path/index.js';

/** Characters Windows refuses in a file name, plus control characters. */
// eslint-disable-next-line no-control-regex
const BAD_CHARS = /[<>:"|?*\u0000-\u001f]/;
const RESERVED_DEVICE = /^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\..*)?$/i;
const MAX_NAME_BYTES = 1024;

/** Why one path segment is not a valid Windows file name, or `undefined` when it is. */
function segmentProblem(segment: string): string | undefined {
  if (segment === '') return 'has an empty path segment';
  if (segment === '.' || segment === '..') return `has a '${segment}' segment`;
  if (BAD_CHARS.test(segment))
    return `segment '${segment}' holds a character Windows refuses (< > : " | ? * or a control character)`;
  if (/[. ]$/.test(segment)) return `segment '${segment}' ends with a dot or a space`;
  if (RESERVED_DEVICE.test(segment)) return `segment '${segment}' is a reserved device name`;
  return undefined;
}

/**
 * Segments made of letters, digits and `_ $ ~ # -`, with single dots or spaces between runs of them,
 * and not a reserved device name: always valid. A package holds tens of thousands of names, so these
 * are accepted by one regular-expression test; anything else takes the checks below, which word the problem.
 */
const DEVICE_AHEAD = String.raw`(?!(?:CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(?:[. /\\]|$))`;
const PLAIN_SEGMENT = String.raw`${DEVICE_AHEAD}[\w$~#-]+(?:[. ][\w$~#-]+)*`;
const PLAIN_PAYLOAD_NAME = new RegExp(`^${PLAIN_SEGMENT}(?:/${PLAIN_SEGMENT})*$`, 'i');
const TARGET_ROOT = String.raw`(?:%[A-Za-z_][A-Za-z0-9_()]*%|[A-Za-z]:)`;
const PLAIN_TARGET = new RegExp(`^${TARGET_ROOT}(?:\\\\${PLAIN_SEGMENT})+$`, 'i');

/**
 * Why `name` is not a safe payload member name, or `undefined` when it is.
 * A member name is relative, uses `/` between segments and never leaves its folder (`..`, absolute, drive letters).
 */
export function payloadNameProblem(name: string): string | undefined {
  if (typeof name === 'string' && name.length <= MAX_NAME_BYTES && PLAIN_PAYLOAD_NAME.test(name))
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
  for (const segment of name.split('/')) {
    const problem = segmentProblem(segment);
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
  if (typeof target === 'string' && target.length <= MAX_PATH_CHARS && PLAIN_TARGET.test(target))
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
  for (const segment of rest.split('\\')) {
    const problem = segmentProblem(segment);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Folds a name for case-insensitive comparison the way NTFS's upcase table does: one character to one
 * character (so `ß` stays `ß`, unlike `toUpperCase`, which would make it `SS`).
 */
export function foldName(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u007f]*$/.test(name)) return name.toUpperCase();
  let folded = '';
  for (const char of name) {
    const upper = char.toUpperCase();
    folded += upper.length === char.length ? upper : char;
  }
  return folded;
}
