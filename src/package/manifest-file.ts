/**
 * The one check of a manifest's file entry: it accepts an entry and gives back its copy (keys in field
 * order), or words every problem with the path of where it is. Every file entry goes through it; a
 * service pack lists tens of thousands, which is why it is written by hand and not in zod (a zod
 * object per entry cost a package read about a tenth of its CPU: docs/performance.md). Its wording
 * is zod's, so that a file entry's problems read like those of the rest of the manifest.
 */
import type { ManifestFile } from './manifest-types.js';
import { payloadNameProblem, targetProblem } from './names.js';
import { versionProblem } from './version.js';

export const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const SHA256 = /^[0-9a-f]{64}$/;
const XXH64 = /^[0-9a-f]{16}$/;
const MAX_SIZE = 0xffffffff;
const BRANCHES: readonly unknown[] = ['gdr', 'qfe'];

/** A problem of one entry: where inside the entry (empty for the entry itself) and what. */
export interface FileEntryProblem {
  path: Array<string | number>;
  message: string;
}

/** What a value is, in the words zod uses ("received null", "received array", "received NaN"). */
function received(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : String(value);
  if (typeof value !== 'object') return typeof value;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const constructor = (value as { constructor?: { name: string } }).constructor;
  return Object.getPrototypeOf(value) !== Object.prototype && 'constructor' in value && constructor
    ? constructor.name
    : 'object';
}

const expected = (type: string, value: unknown) =>
  `Invalid input: expected ${type}, received ${received(value)}`;

/**
 * One value's problems: a message about the value, or several, each about an item of a list value or
 * (item -1) about the value itself.
 */
type ValueProblem = string | Array<[item: number, message: string]> | undefined;

// each field has its own function, not one made by a shared maker: a call site that sees one check
// stays quick, and there are tens of thousands of entries
const prefixed = (prefix: string, problem: string | undefined) =>
  problem === undefined ? undefined : `${prefix}${problem}`;
const sourceProblem = (value: unknown): ValueProblem =>
  typeof value === 'string'
    ? prefixed('payload name ', payloadNameProblem(value))
    : expected('string', value);
const targetProblemOf = (value: unknown): ValueProblem =>
  typeof value === 'string' ? prefixed('target ', targetProblem(value)) : expected('string', value);
const versionProblemOf = (value: unknown): ValueProblem =>
  typeof value === 'string' ? versionProblem(value) : expected('string', value);
const sha256Problem = (value: unknown): ValueProblem =>
  typeof value !== 'string'
    ? expected('string', value)
    : SHA256.test(value)
      ? undefined
      : 'must be 64 lower-case hex digits';
const xxh64Problem = (value: unknown): ValueProblem =>
  typeof value !== 'string'
    ? expected('string', value)
    : XXH64.test(value)
      ? undefined
      : 'must be 16 lower-case hex digits';
const flag = (value: unknown): ValueProblem =>
  typeof value === 'boolean' ? undefined : expected('boolean', value);

function sizeProblem(value: unknown): ValueProblem {
  if (typeof value !== 'number' || !Number.isFinite(value)) return expected('number', value);
  if (!Number.isInteger(value)) return 'must be a whole number';
  // the size of almost every entry: no list of problems made for it
  if (value >= 0 && value <= MAX_SIZE) return undefined;
  const problems: string[] = Number.isSafeInteger(value) ? [] : ['must be a whole number'];
  if (value < 0) problems.push('Too small: expected number to be >=0');
  if (value > MAX_SIZE) problems.push(`Too big: expected number to be <=${MAX_SIZE}`);
  return problems.length === 0
    ? undefined
    : problems.length === 1
      ? problems[0]
      : problems.map((p) => [-1, p]);
}

/**
 * What zod adds to a wrong type when its schema has a minimum length: it measures anything with a
 * `length` (`""` for a list is "too small" too), so that its problems read as they did.
 */
function alsoTooShort(
  typeProblem: string,
  value: unknown,
  tooShort: (origin: string) => string,
): ValueProblem {
  const length = value === null || value === undefined ? undefined : (value as { length?: unknown }).length;
  if (length === undefined || (length as number) >= 1) return typeProblem;
  const origin = Array.isArray(value) ? 'array' : typeof value === 'string' ? 'string' : 'unknown';
  return [
    [-1, typeProblem],
    [-1, tooShort(origin)],
  ];
}

const UNITS: Record<string, string> = { array: 'items', string: 'characters' };
const listTooShort = (origin: string) =>
  UNITS[origin]
    ? `Too small: expected ${origin} to have >=1 ${UNITS[origin]}`
    : `Too small: expected ${origin} to be >=1`;

function optionalComponentProblem(value: unknown): ValueProblem {
  if (typeof value !== 'string')
    return alsoTooShort(expected('string', value), value, () => 'must not be empty');
  return value.length > 0 ? undefined : 'must not be empty';
}

function languagesProblem(value: unknown): ValueProblem {
  if (!Array.isArray(value)) return alsoTooShort(expected('array', value), value, listTooShort);
  if (value.length === 0) return listTooShort('array');
  let problems: Array<[number, string]> | undefined;
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (typeof item === 'string' && LANGUAGE.test(item)) continue;
    const message =
      typeof item === 'string' ? 'must be a language tag such as en-US' : expected('string', item);
    (problems ??= []).push([i, message]);
  }
  return problems;
}

interface Field {
  name: keyof ManifestFile;
  required: boolean;
  problem: (value: unknown) => ValueProblem;
  /** Its JSON Schema, for `svcpack package schema`. */
  json: Record<string, unknown>;
}

const TEXT = { type: 'string' };
const BOOLEAN = { type: 'boolean' };

/** A file entry's fields, in the order its copy gives them back. */
const FIELDS: readonly Field[] = [
  { name: 'source', required: true, problem: sourceProblem, json: TEXT },
  { name: 'target', required: true, problem: targetProblemOf, json: TEXT },
  { name: 'version', required: false, problem: versionProblemOf, json: TEXT },
  {
    name: 'size',
    required: true,
    problem: sizeProblem,
    json: { type: 'integer', minimum: 0, maximum: MAX_SIZE },
  },
  { name: 'sha256', required: true, problem: sha256Problem, json: { ...TEXT, pattern: SHA256.source } },
  { name: 'xxh64', required: true, problem: xxh64Problem, json: { ...TEXT, pattern: XXH64.source } },
  { name: 'protected', required: false, problem: flag, json: BOOLEAN },
  {
    name: 'optionalComponent',
    required: false,
    problem: optionalComponentProblem,
    json: { ...TEXT, minLength: 1 },
  },
  { name: 'oem', required: false, problem: flag, json: BOOLEAN },
  {
    name: 'branch',
    required: false,
    problem: (value) =>
      BRANCHES.includes(value) ? undefined : 'Invalid option: expected one of "gdr"|"qfe"',
    json: { ...TEXT, enum: BRANCHES },
  },
  {
    name: 'languages',
    required: false,
    problem: languagesProblem,
    json: { minItems: 1, type: 'array', items: { ...TEXT, pattern: LANGUAGE.source } },
  },
  { name: 'driver', required: false, problem: flag, json: BOOLEAN },
];
/** Each field's place in {@link FIELDS}, by name. */
const FIELD_INDEX = new Map<string, number>(FIELDS.map((field, i) => [field.name, i]));

/**
 * Set while a reader validates JSON it parsed itself and shares with no one: a valid entry whose keys
 * already come in field order is then taken as it is, not copied (a service pack has tens of
 * thousands of entries, and each copy lives as long as the package).
 */
let ownedEntries = false;

/** Runs `validate` on JSON that only it will hold, so that valid file entries need no copy. */
export function withOwnedFileEntries<T>(validate: () => T): T {
  ownedEntries = true;
  try {
    return validate();
  } finally {
    ownedEntries = false;
  }
}

/** The values of the entry being checked, refilled for each (a new list per entry was garbage per entry). */
const entryValues: unknown[] = FIELDS.map(() => undefined);

/**
 * An entry's values in {@link FIELDS} order, read by name into {@link entryValues}: each read sees
 * entries of one shape and stays quick, where `entry[field.name]` over the fields cost the check
 * about a fifth more.
 */
function valuesOf(entry: Partial<Record<keyof ManifestFile, unknown>>): unknown[] {
  const values = entryValues;
  values[0] = entry.source;
  values[1] = entry.target;
  values[2] = entry.version;
  values[3] = entry.size;
  values[4] = entry.sha256;
  values[5] = entry.xxh64;
  values[6] = entry.protected;
  values[7] = entry.optionalComponent;
  values[8] = entry.oem;
  values[9] = entry.branch;
  values[10] = entry.languages;
  values[11] = entry.driver;
  return values;
}

/** The names of a file entry's fields, in order. */
export const FILE_FIELDS: readonly string[] = FIELDS.map((field) => field.name);

/** The JSON Schema of a file entry (draft 2020-12), as `svcpack package schema` prints it. */
export const FILE_ENTRY_JSON_SCHEMA = {
  type: 'object',
  properties: Object.fromEntries(FIELDS.map((field) => [field.name, field.json])),
  required: FIELDS.filter((field) => field.required).map((field) => field.name),
  additionalProperties: false,
};

function report(problems: FileEntryProblem[], name: string, problem: ValueProblem): void {
  if (typeof problem === 'string') problems.push({ path: [name], message: problem });
  else if (problem)
    for (const [item, message] of problem) problems.push({ path: item < 0 ? [name] : [name, item], message });
}

/**
 * Checks one file entry. Gives back its copy (a new object, fields in {@link FILE_FIELDS} order, a
 * new `languages` list) when it has no problem, or the entry itself when it is owned (see
 * {@link withOwnedFileEntries}) and already in that order; otherwise pushes every problem onto
 * `problems`: the fields' in field order, then one per unknown field.
 */
export function checkFileEntry(value: unknown, problems: FileEntryProblem[]): ManifestFile | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push({ path: [], message: expected('object', value) });
    return undefined;
  }
  const entry = value as Record<string, unknown>;
  const before = problems.length;
  const values = valuesOf(entry);
  let fieldKeys = 0;
  let unknown: string[] | undefined;
  let lastField = -1;
  let inFieldOrder = true;
  for (const key in entry) {
    const index = FIELD_INDEX.get(key);
    if (index === undefined) {
      (unknown ??= []).push(key);
      continue;
    }
    fieldKeys++;
    if (index < lastField) inFieldOrder = false;
    lastField = index;
  }
  // the entry itself is its copy when it is owned and its keys are in field order
  const copy: Record<string, unknown> | undefined = ownedEntries && inFieldOrder ? undefined : {};
  // a field given as undefined is kept as undefined; only then is each absent value's key looked for
  let given = 0;
  for (const fieldValue of values) if (fieldValue !== undefined) given++;
  const undefinedGiven = given !== fieldKeys;
  for (let i = 0; i < FIELDS.length; i++) {
    const field = FIELDS[i];
    const fieldValue = values[i];
    if (fieldValue === undefined) {
      // each field's check words a missing value as zod does ("expected string, received undefined")
      if (field.required) report(problems, field.name, field.problem(undefined));
      else if (copy && undefinedGiven && field.name in entry) copy[field.name] = undefined;
      continue;
    }
    const problem = field.problem(fieldValue);
    if (problem !== undefined) report(problems, field.name, problem);
    else if (copy) copy[field.name] = Array.isArray(fieldValue) ? [...(fieldValue as unknown[])] : fieldValue;
  }
  if (unknown) for (const key of unknown) problems.push({ path: [key], message: `unknown field '${key}'` });
  return problems.length === before ? ((copy ?? entry) as unknown as ManifestFile) : undefined;
}

/**
 * Checks a manifest's file entries: their copies when none has a problem, and every problem with its
 * path from the list (`[12, 'version']`).
 */
export function checkFileEntries(files: readonly unknown[]): {
  files?: ManifestFile[];
  problems: FileEntryProblem[];
} {
  // pushed, not set into a sized array: a packed array is quicker to walk, and installs walk it often
  const copies: ManifestFile[] = [];
  const problems: FileEntryProblem[] = [];
  const entryProblems: FileEntryProblem[] = [];
  for (let i = 0; i < files.length; i++) {
    const copy = checkFileEntry(files[i], entryProblems);
    if (copy) {
      copies.push(copy);
      continue;
    }
    for (const problem of entryProblems)
      problems.push({ path: [i, ...problem.path], message: problem.message });
    entryProblems.length = 0;
  }
  // the last entry's values are not kept alive by the refilled list
  entryValues.fill(undefined);
  return problems.length === 0 ? { files: copies, problems } : { problems };
}

/**
 * {@link checkFileEntries} of a value that should be the file list: its problem, worded as zod words
 * it ("expected array, received ..."), when it is no list.
 */
export function checkFileList(value: unknown): { files?: ManifestFile[]; problems: FileEntryProblem[] } {
  if (!Array.isArray(value)) return { problems: [{ path: [], message: expected('array', value) }] };
  return checkFileEntries(value);
}
