/**
 * A file entry the manifest's zod schema would pass unchanged, told without zod: a service pack lists
 * tens of thousands of files, and zod's checks of each entry (issue lists, refinements, a parse per
 * field) cost a package read about a tenth of its CPU. An entry this test does not accept goes through
 * the schema, which words its problems; one it accepts is copied as the schema would give it back,
 * field for field and in the same key order (docs/performance.md, "Performance Notes").
 */
import { FILE_RULES, LANGUAGE } from './manifest-schema.js';
import { payloadNameProblem, targetProblem } from './names.js';
import { versionProblem } from './version.js';

/** The file schema's fields, in its order (the order zod gives an entry's keys back in). */
export const FILE_FIELDS = [
  'source',
  'target',
  'version',
  'size',
  'sha256',
  'xxh64',
  'protected',
  'optionalComponent',
  'oem',
  'branch',
  'languages',
  'driver',
] as const;
const FIELD_ORDER = new Map<string, number>(FILE_FIELDS.map((field, i) => [field, i]));

function isLanguageList(value: unknown): boolean {
  if (!Array.isArray(value) || value.length === 0) return false;
  for (const item of value) if (typeof item !== 'string' || !LANGUAGE.test(item)) return false;
  return true;
}

/** Whether one field's value is one the file schema accepts as it is. */
function fieldPasses(field: string, value: unknown): boolean {
  switch (field) {
    case 'source':
      return typeof value === 'string' && payloadNameProblem(value) === undefined;
    case 'target':
      return typeof value === 'string' && targetProblem(value) === undefined;
    case 'version':
      return typeof value === 'string' && versionProblem(value) === undefined;
    case 'size':
      return (
        typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= FILE_RULES.maxSize
      );
    case 'sha256':
      return typeof value === 'string' && FILE_RULES.sha256.test(value);
    case 'xxh64':
      return typeof value === 'string' && FILE_RULES.xxh64.test(value);
    case 'protected':
    case 'oem':
    case 'driver':
      return typeof value === 'boolean';
    case 'optionalComponent':
      return typeof value === 'string' && value.length > 0;
    case 'branch':
      return FILE_RULES.branches.includes(value as 'gdr');
    case 'languages':
      return isLanguageList(value);
    default:
      return false;
  }
}

/**
 * Whether a parsed JSON value is a file entry the schema accepts and would give back equal, keys in
 * the same order: a plain object whose keys are schema fields in schema order, every required one
 * there, every value accepted as it is (the schema transforms no file field).
 */
export function isPlainValidFile(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const entry = value as Record<string, unknown>;
  let last = -1;
  let required = 0;
  for (const key in entry) {
    const order = FIELD_ORDER.get(key);
    if (order === undefined || order <= last || !Object.hasOwn(entry, key)) return false;
    if (!fieldPasses(key, entry[key])) return false;
    last = order;
    if (key !== 'version' && order <= 5) required++;
  }
  // source, target, size, sha256 and xxh64
  return required === 5;
}

/** A fresh copy of an entry {@link isPlainValidFile} accepted, built as the schema builds its output. */
function copyOf(entry: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key in entry) {
    const value = entry[key];
    copy[key] = Array.isArray(value) ? [...(value as unknown[])] : value;
  }
  return copy;
}

/**
 * Copies of a list's file entries when {@link isPlainValidFile} accepts every one: what the schema
 * would give back for them (new objects, keys in its order), or undefined.
 */
export function plainValidFiles(files: unknown): Array<Record<string, unknown>> | undefined {
  if (!Array.isArray(files)) return undefined;
  // pushed, not set into a sized array: a packed array is quicker to walk, and installs walk it often
  const copies: Array<Record<string, unknown>> = [];
  for (let i = 0; i < files.length; i++) {
    const file: unknown = files[i];
    if (!isPlainValidFile(file)) return undefined;
    copies.push(copyOf(file as Record<string, unknown>));
  }
  return copies;
}
