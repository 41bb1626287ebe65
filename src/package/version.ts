import { InputError } from '../errors/index.js';

/** A file version as in VS_FIXEDFILEINFO: four 16-bit parts, most significant first. */
export type FileVersion = [number, number, number, number];

/**
 * Parses `'5.0.2195.6717'` into its four parts, or returns `undefined` when the text is not a version.
 * One to four dot-separated decimal parts, each 0..65535 written in at most five digits; missing parts
 * are 0 (`'5.0'` is 5.0.0.0), as Windows Installer reads versions.
 */
export function tryParseVersion(text: string): FileVersion | undefined {
  if (typeof text !== 'string') return undefined;
  const version: FileVersion = [0, 0, 0, 0];
  let part = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0x2e) {
      if (digits === 0 || part === 3 || value > 0xffff) return undefined;
      version[part++] = value;
      digits = 0;
      value = 0;
    } else if (unit >= 0x30 && unit <= 0x39 && digits < 5) {
      value = value * 10 + (unit - 0x30);
      digits++;
    } else return undefined;
  }
  if (digits === 0 || value > 0xffff) return undefined;
  version[part] = value;
  return version;
}

/** One to four parts of at most four digits: a version whatever the digits (checked without parsing). */
const SMALL_VERSION = /^\d{1,4}(?:\.\d{1,4}){0,3}$/;

/** Why `text` is not a version, or `undefined` when it is one. */
export function versionProblem(text: string): string | undefined {
  if (typeof text === 'string' && SMALL_VERSION.test(text)) return undefined;
  if (tryParseVersion(text) !== undefined) return undefined;
  return `'${text}' is not a file version: expected 1 to 4 dot-separated decimal parts, each 0..65535 (e.g. 5.0.2195.6717)`;
}

/** Like {@link tryParseVersion} but throws an `InputError` (source `'version'`) for bad text. */
export function parseVersion(text: string): FileVersion {
  const version = tryParseVersion(text);
  if (version === undefined)
    throw new InputError('version', versionProblem(String(text)) ?? 'bad version', String(text));
  return version;
}

/** Formats four parts as `a.b.c.d`. */
export function formatVersion(version: readonly number[]): string {
  return [0, 1, 2, 3].map((i) => version[i] ?? 0).join('.');
}

/**
 * Orders two versions part by part: -1 when `a` is lower, 0 when equal (so `'5.0'` equals `'5.0.0.0'`), 1 when higher.
 * Throws an `InputError` naming the bad text when either is not a version.
 */
export function compareVersions(a: string, b: string): -1 | 0 | 1 {
  const left = parseVersion(a);
  const right = parseVersion(b);
  for (let i = 0; i < 4; i++) {
    if (left[i] !== right[i]) return left[i] < right[i] ? -1 : 1;
  }
  return 0;
}
