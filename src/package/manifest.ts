import { z } from 'zod';
import { InputError, type InputProblem } from '../errors/index.js';
import { parseKeyPath } from '../registry/index.js';
import { jsonSyntaxErrorOffset, lineColumn } from './json-syntax.js';
import { foldName, payloadNameProblem, targetProblem } from './names.js';
import { hashHex, xxh64 } from '../image/index.js';
import { sha256Hex } from './hashes.js';
import { addRegProblems, type RegistryInstruction } from './registry.js';
import { versionProblem } from './version.js';

/** What a package installs on: service-pack levels and hotfixes that must (or may) be present first. */
export interface Prerequisites {
  /** The installed service-pack level must be at least this. */
  minLevel?: number;
  /** The installed level must be one of these (SMS 2.0 SP4: `[2, 3]`). */
  anyOfLevels?: number[];
  /** This level must have been installed and may not be skipped (NT 4.0 Enterprise Edition: SP3). */
  requiresLevel?: number;
  /** Hotfixes that must be installed (`'Q823980'`). */
  hotfixes?: string[];
  /** Why, in words, for the refusal message. */
  note?: string;
}

/** One file a package installs. */
export interface ManifestFile {
  /** Its payload member name: relative, `/`-separated (`'i386/ntoskrnl.exe'`). */
  source: string;
  /** Where it goes: a Windows path rooted at an environment string or a drive (`'%SystemRoot%\\system32\\ntoskrnl.exe'`). */
  target: string;
  /** Its file version, `a.b.c.d` with 16-bit parts; absent for unversioned files. */
  version?: string;
  /** Its length in bytes. */
  size: number;
  /** SHA-256 of its bytes: 64 lower-case hex digits. */
  sha256: string;
  /** xxh64 of its bytes (seed 0): 16 lower-case hex digits. */
  xxh64: string;
  /** Protected by Windows File Protection. */
  protected?: boolean;
  /** The optional component it belongs to: installed only when that component is present, else only kept in `ServicePackFiles`. */
  optionalComponent?: string;
  /** An OEM-supplied file: not replaced without asking (update.exe `-o`). */
  oem?: boolean;
  /** The hotfix branch this copy is for; a service pack may carry one copy per branch for the same target. */
  branch?: 'gdr' | 'qfe';
  /** The languages this copy covers (Windows Installer's language rule); absent means language-neutral. */
  languages?: string[];
  /** A driver: also goes into the service pack's driver cabinet (`SpN.cab`). */
  driver?: boolean;
}

/** A post-install task: update.exe runs rundll32 entry points. */
export interface PostInstallTask {
  run: 'rundll32';
  /** The DLL, a file name or a Windows path (`'setupapi.dll'`, `'%SystemRoot%\\system32\\syssetup.dll'`). */
  dll: string;
  /** The exported entry point (`'InstallHinfSection'`). */
  entry: string;
  /** The command-line text passed to it. */
  args?: string;
}

/** A package's description: what it is, what it needs, and everything it changes. */
export interface Manifest {
  /** The manifest schema version. */
  schema: 1;
  /** The package id: `'W2K-SP4'` for a service pack, `'Q823980'` (or `'KB823980'`) for a hotfix. */
  id: string;
  title: string;
  /** `'Windows 2000'`, `'Windows NT 4.0'`, `'SMS 2.0'`... */
  product: string;
  kind: 'servicePack' | 'hotfix';
  /** The service-pack level a service pack brings; for a hotfix, the level it was built on (optional). */
  level?: number;
  /** The editions it applies to: `'Professional'`, `'Server'`, `'Advanced Server'`, `'Datacenter Server'`, `'Enterprise Edition'`. */
  editions: string[];
  /** `'en-US'`. */
  language: string;
  prerequisites: Prerequisites;
  /** Packages it replaces (they need not be installed first). */
  supersedes: string[];
  /** Hotfixes it contains; installed hotfixes not listed here are regressed by a service pack. */
  includesHotfixes: string[];
  files: ManifestFile[];
  registry: RegistryInstruction[];
  tasks: PostInstallTask[];
  /** The catalog it installs (`'sp4.cat'`). */
  catalog?: { name: string };
  /** The driver cabinet it leaves in `Driver Cache\i386` (`'sp4.cab'`) and the payload members that go into it. */
  driverCab?: { name: string; members: string[] };
}

/** Options of {@link validateManifest}. */
export interface ValidateOptions {
  /**
   * The package payload to check the manifest against: every file's source must be a member with the
   * manifest's size and SHA-256, and every member must be described by some file.
   */
  payload?: ReadonlyMap<string, Uint8Array>;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Hotfix ids: Q and six digits (the Windows 2000 era) or KB and six or seven digits. */
const HOTFIX_ID = /^(Q\d{6}|KB\d{6,7})$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const ENTRY_POINT = /^[A-Za-z_][A-Za-z0-9_@]*$/;

function refined(check: (value: string) => string | undefined, prefix = ''): z.ZodType<string> {
  return z.string().superRefine((value, ctx) => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `${prefix}${problem}` });
  });
}

const nonEmpty = z.string().min(1, 'must not be empty');
const level = z.number().int('must be a whole number').min(0).max(99);
const hotfixId = z.string().regex(HOTFIX_ID, 'must be a hotfix id such as Q823980 or KB823980');
/** Lower-case hex of a given length: the schema and the direct file check use the same expressions. */
const SHA256_HEX = /^[0-9a-f]{64}$/;
const XXH64_HEX = /^[0-9a-f]{16}$/;
const hex = (pattern: RegExp, digits: number) =>
  z.string().regex(pattern, `must be ${digits} lower-case hex digits`);
const registryRoot = z.enum(['HKLM', 'HKCU', 'HKCR', 'HKU']);
const registryKey = z
  .string()
  .min(1, 'must not be empty')
  .refine((key) => !key.startsWith('\\') && !key.endsWith('\\') && !key.includes('\\\\'), {
    message: "must be a key path without leading, trailing or doubled '\\'",
  })
  .superRefine((key, ctx) => {
    // R2: the limits the registry refuses at its door, reported before any change
    const parsed = parseKeyPath(`HKLM\\${key}`);
    if (parsed === 'key name too long' || parsed === 'key nested too deep')
      ctx.addIssue({ code: 'custom', message: parsed });
  });

const fileSchema = z.strictObject({
  source: refined((name) => payloadNameProblem(name), 'payload name '),
  target: refined((target) => targetProblem(target), 'target '),
  version: refined((version) => versionProblem(version)).optional(),
  size: z.number().int('must be a whole number').min(0).max(0xffffffff),
  sha256: hex(SHA256_HEX, 64),
  xxh64: hex(XXH64_HEX, 16),
  protected: z.boolean().optional(),
  optionalComponent: nonEmpty.optional(),
  oem: z.boolean().optional(),
  branch: z.enum(['gdr', 'qfe']).optional(),
  languages: z.array(z.string().regex(LANGUAGE, 'must be a language tag such as en-US')).min(1).optional(),
  driver: z.boolean().optional(),
});

const registrySchema = z.discriminatedUnion('op', [
  z.strictObject({
    op: z.literal('AddReg'),
    root: registryRoot,
    key: registryKey,
    name: z.string().optional(),
    flags: z.number().int('must be a whole number').min(0).max(0xffffffff).optional(),
    value: z.union([z.string(), z.array(z.string()), z.number()]).optional(),
  }),
  z.strictObject({
    op: z.literal('DelReg'),
    root: registryRoot,
    key: registryKey,
    name: z.string().optional(),
  }),
]);

const taskSchema = z.strictObject({
  run: z.literal('rundll32'),
  dll: nonEmpty.refine((dll) => !dll.includes('/'), {
    message: "must be a file name or a Windows path with '\\'",
  }),
  entry: z.string().regex(ENTRY_POINT, 'must be an exported function name'),
  args: z.string().optional(),
});

const manifestShape = {
  schema: z.literal(1),
  id: z
    .string()
    .regex(ID, 'must be letters, digits, dots, dashes or underscores (such as W2K-SP4 or Q823980)'),
  title: nonEmpty,
  product: nonEmpty,
  kind: z.enum(['servicePack', 'hotfix']),
  level: level.optional(),
  editions: z.array(nonEmpty).min(1, 'must name at least one edition'),
  language: z.string().regex(LANGUAGE, 'must be a language tag such as en-US'),
  prerequisites: z
    .strictObject({
      minLevel: level.optional(),
      anyOfLevels: z.array(level).min(1).optional(),
      requiresLevel: level.optional(),
      hotfixes: z.array(hotfixId).optional(),
      note: z.string().optional(),
    })
    .default({}),
  supersedes: z.array(z.string().regex(ID, 'must be a package id')).default([]),
  includesHotfixes: z.array(hotfixId).default([]),
  files: z.array(fileSchema),
  registry: z.array(registrySchema).default([]),
  tasks: z.array(taskSchema).default([]),
  catalog: z.strictObject({ name: refined((name) => fileNameProblem(name, '.cat')) }).optional(),
  driverCab: z
    .strictObject({ name: refined((name) => fileNameProblem(name, '.cab')), members: z.array(z.string()) })
    .optional(),
};

/** The zod schema of a manifest (shapes only; {@link validateManifest} adds the checks across fields). */
export const manifestSchema: z.ZodType<Manifest> = z.strictObject(manifestShape);

/** The manifest without its file list, for when every file has passed {@link isPlainValidFile}. */
const manifestWithoutFilesSchema = z.strictObject({ ...manifestShape, files: z.array(z.unknown()) });

/** The fields of a file, in the order of `fileSchema` (and so of a validated file). */
const FILE_FIELDS = Object.keys(fileSchema.shape) as Array<keyof ManifestFile>;
const FILE_FIELD_SET = new Set<string>(FILE_FIELDS);
const optionalBoolean = (value: unknown) => value === undefined || typeof value === 'boolean';

/**
 * Whether a file entry certainly passes `fileSchema`: the same rules, checked directly. A manifest of
 * tens of thousands of files spends most of its validation in zod's per-field machinery; when every
 * file passes here, zod checks the rest of the manifest only. When one does not, zod checks
 * everything and words the problems. (A property test holds the two to the same answers.)
 */
function isPlainValidFile(file: unknown): boolean {
  if (!isObject(file)) return false;
  for (const key in file) if (!FILE_FIELD_SET.has(key)) return false;
  const { source, target, version, size, sha256, xxh64, optionalComponent, branch, languages } = file;
  return (
    typeof source === 'string' &&
    payloadNameProblem(source) === undefined &&
    typeof target === 'string' &&
    targetProblem(target) === undefined &&
    (version === undefined || (typeof version === 'string' && versionProblem(version) === undefined)) &&
    typeof size === 'number' &&
    Number.isInteger(size) &&
    size >= 0 &&
    size <= 0xffffffff &&
    typeof sha256 === 'string' &&
    SHA256_HEX.test(sha256) &&
    typeof xxh64 === 'string' &&
    XXH64_HEX.test(xxh64) &&
    optionalBoolean(file.protected) &&
    (optionalComponent === undefined ||
      (typeof optionalComponent === 'string' && optionalComponent !== '')) &&
    optionalBoolean(file.oem) &&
    (branch === undefined || branch === 'gdr' || branch === 'qfe') &&
    (languages === undefined ||
      (Array.isArray(languages) && languages.length > 0 && allOf(languages, isLanguage))) &&
    optionalBoolean(file.driver)
  );
}

const isLanguage = (tag: unknown) => typeof tag === 'string' && LANGUAGE.test(tag);

/** Whether every element passes, holes included (a hole is `undefined`; `every` would skip it). */
function allOf(list: readonly unknown[], test: (item: unknown) => boolean): boolean {
  for (let i = 0; i < list.length; i++) if (!test(list[i])) return false;
  return true;
}

/** A file that passed {@link isPlainValidFile}, copied as zod would give it back. */
function copyFile(file: Raw): ManifestFile {
  const copy: Raw = {};
  for (const key of FILE_FIELDS) {
    const value = file[key];
    if (value !== undefined) copy[key] = Array.isArray(value) ? [...(value as unknown[])] : value;
  }
  return copy as unknown as ManifestFile;
}

function fileNameProblem(name: string, extension: string): string | undefined {
  if (!name.toLowerCase().endsWith(extension)) return `must be a file name ending in ${extension}`;
  if (name.includes('/') || name.includes('\\')) return 'must be a bare file name';
  return payloadNameProblem(name);
}

/** Escapes one JSON-pointer segment (RFC 6901). */
function pointerSegment(segment: PropertyKey): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The JSON pointer of a path (`['files', 12, 'version']` is `/files/12/version`). */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return path.map((segment) => `/${pointerSegment(segment)}`).join('');
}

type Raw = Record<string, unknown>;
const isObject = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const objects = (value: unknown): Array<[number, Raw]> =>
  Array.isArray(value)
    ? value.flatMap((item, i) => (isObject(item) ? [[i, item] as [number, Raw]] : []))
    : [];

/**
 * What makes a file's target its own: the folded path, and for copies meant for a hotfix branch or for
 * languages, those too (most files have neither). Undefined when the target is not a string.
 */
function targetKey(file: Raw): string | undefined {
  if (typeof file.target !== 'string') return undefined;
  const folded = foldName(file.target);
  const branch = String(file.branch ?? '');
  const languages = Array.isArray(file.languages) ? [...file.languages].map(String).sort().join(',') : '';
  return branch === '' && languages === '' ? folded : `${folded}|${branch}|${languages}`;
}

/** The checks across fields that a schema cannot express, run on the raw input so that they report even when shapes are wrong. */
function semanticProblems(raw: Raw, options: ValidateOptions): InputProblem[] {
  const problems: InputProblem[] = [];
  const add = (where: string, message: string) => problems.push({ where, message });
  const kind = raw.kind;
  const ownLevel = typeof raw.level === 'number' ? raw.level : undefined;

  if (kind === 'servicePack' && raw.level === undefined) add('/level', 'a service pack must give its level');
  if (kind === 'servicePack' && ownLevel === 0) add('/level', 'a service pack level starts at 1');
  if (kind === 'hotfix' && typeof raw.id === 'string' && !HOTFIX_ID.test(raw.id)) {
    add('/id', `a hotfix id must look like Q823980 or KB823980, not '${raw.id}'`);
  }

  duplicates(
    raw.editions,
    (edition) => (typeof edition === 'string' ? edition.toLowerCase() : undefined),
    (i, first) => add(`/editions/${i}`, `duplicate edition (same as /editions/${first})`),
  );
  for (const list of ['supersedes', 'includesHotfixes'] as const) {
    duplicates(
      raw[list],
      (id) => (typeof id === 'string' ? id.toUpperCase() : undefined),
      (i, first) => add(`/${list}/${i}`, `duplicate id (same as /${list}/${first})`),
    );
    if (Array.isArray(raw[list]) && typeof raw.id === 'string') {
      const own = raw.id.toUpperCase();
      raw[list].forEach((id, i) => {
        if (typeof id === 'string' && id.toUpperCase() === own)
          add(`/${list}/${i}`, 'a package cannot list itself');
      });
    }
  }

  if (isObject(raw.prerequisites) && kind === 'servicePack' && ownLevel !== undefined) {
    const prereq = raw.prerequisites;
    const below = (where: string, value: unknown) => {
      if (typeof value === 'number' && value >= ownLevel) {
        add(where, `prerequisite level ${value} is not below the package's own level ${ownLevel}`);
      }
    };
    below('/prerequisites/minLevel', prereq.minLevel);
    below('/prerequisites/requiresLevel', prereq.requiresLevel);
    if (Array.isArray(prereq.anyOfLevels))
      prereq.anyOfLevels.forEach((l, i) => below(`/prerequisites/anyOfLevels/${i}`, l));
  }

  const files = Array.isArray(raw.files) ? (raw.files as unknown[]) : [];
  const targets = new Map<string, number>();
  const foldedSources = new Map<string, number>();
  const otherSpellings = new Map<string, number>();
  // Most manifests repeat no target and no source. Keyed from the last file to the first, each map
  // ends with the first file of every key, and sizes equal to the counts tell that nothing repeats.
  let targetCount = 0;
  let sourceCount = 0;
  for (let i = files.length - 1; i >= 0; i--) {
    const file = files[i];
    if (!isObject(file)) continue;
    const key = targetKey(file);
    if (key !== undefined) {
      targets.set(key, i);
      targetCount++;
    }
    if (typeof file.source === 'string') {
      foldedSources.set(foldName(file.source), i);
      sourceCount++;
    }
  }
  const repeats = targets.size !== targetCount || foldedSources.size !== sourceCount;
  if (repeats) {
    targets.clear();
    foldedSources.clear();
  }
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    if (!isObject(file)) continue;
    if (repeats) {
      const key = targetKey(file);
      if (key !== undefined) targetProblems(key, i);
      if (typeof file.source === 'string') sourceProblems(file.source, i);
    }
    if (file.driver === true && !isObject(raw.driverCab))
      add(`/files/${i}/driver`, 'a driver file needs a driverCab');
  }

  /** A repeated target (its key from {@link targetKey}): reported at every file after the first. */
  function targetProblems(key: string, i: number): void {
    const first = targets.get(key);
    if (first === undefined) targets.set(key, i);
    else
      add(
        `/files/${i}/target`,
        `duplicate target '${(files[i] as Raw).target as string}' (same as /files/${first}, ignoring case)`,
      );
  }

  /** A repeated source: the same member (same size and sha256) or, reported once, another spelling of one. */
  function sourceProblems(source: string, i: number): void {
    const file = files[i] as Raw;
    const folded = foldName(source);
    let first = foldedSources.get(folded);
    if (first === undefined) foldedSources.set(folded, i);
    else if ((files[first] as Raw).source !== source) {
      const same = first;
      first = otherSpellings.get(source);
      if (first === undefined) {
        otherSpellings.set(source, i);
        add(`/files/${i}/source`, `payload name differs only in case from /files/${same}/source`);
      }
    }
    if (first !== undefined) {
      const other = files[first] as Raw;
      if (other.size !== file.size || other.sha256 !== file.sha256) {
        add(`/files/${i}`, `same source as /files/${first} but a different size or sha256`);
      }
    }
  }

  const isSource = (name: string): boolean => {
    const first = foldedSources.get(foldName(name));
    return first !== undefined && ((files[first] as Raw).source === name || otherSpellings.has(name));
  };
  if (isObject(raw.driverCab) && Array.isArray(raw.driverCab.members)) {
    raw.driverCab.members.forEach((member, i) => {
      if (typeof member === 'string' && !isSource(member)) {
        add(`/driverCab/members/${i}`, `'${member}' is not the source of any file`);
      }
    });
    duplicates(
      raw.driverCab.members,
      (m) => (typeof m === 'string' ? foldName(m) : undefined),
      (i, first) => add(`/driverCab/members/${i}`, `duplicate member (same as /driverCab/members/${first})`),
    );
  }

  for (const [i, instruction] of objects(raw.registry)) {
    if (instruction.op !== 'AddReg') continue;
    for (const [field, message] of addRegProblems(instruction)) add(`/registry/${i}/${field}`, message);
  }

  if (options.payload) problems.push(...payloadProblems(objects(raw.files), options.payload));
  return problems;
}

function payloadProblems(
  files: Array<[number, Raw]>,
  payload: ReadonlyMap<string, Uint8Array>,
): InputProblem[] {
  const problems: InputProblem[] = [];
  const described = new Set<string>();
  for (const [i, file] of files) {
    if (typeof file.source !== 'string') continue;
    described.add(file.source);
    const bytes = payload.get(file.source);
    if (!bytes) {
      problems.push({ where: `/files/${i}/source`, message: `'${file.source}' is not in the payload` });
      continue;
    }
    if (typeof file.size === 'number' && file.size !== bytes.length) {
      problems.push({
        where: `/files/${i}/size`,
        message: `is ${file.size} but payload member '${file.source}' has ${bytes.length} bytes`,
      });
    }
    if (typeof file.sha256 === 'string' && file.sha256 !== sha256Hex(bytes)) {
      problems.push({
        where: `/files/${i}/sha256`,
        message: `does not match payload member '${file.source}'`,
      });
    }
    if (typeof file.xxh64 === 'string' && file.xxh64 !== hashHex(xxh64(bytes))) {
      problems.push({
        where: `/files/${i}/xxh64`,
        message: `does not match payload member '${file.source}'`,
      });
    }
  }
  for (const name of payload.keys()) {
    const problem = payloadNameProblem(name);
    if (problem) problems.push({ where: `payload:${name}`, message: `unsafe member name: ${problem}` });
    else if (!described.has(name))
      problems.push({
        where: `payload:${name}`,
        message: 'member is not described by any file in the manifest',
      });
  }
  return problems;
}

function duplicates(
  list: unknown,
  keyOf: (item: unknown) => string | undefined,
  report: (index: number, first: number) => void,
) {
  if (!Array.isArray(list)) return;
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    const key = keyOf(item);
    if (key === undefined) return;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else report(i, first);
  });
}

/**
 * zod's verdict on the manifest, checking the file list with {@link isPlainValidFile} when that
 * suffices. With `adopt`, for JSON parsed by the caller and held by no one else, a valid file whose
 * fields are already in the schema's order is kept as it is instead of copied.
 */
function parseShapes(json: unknown, adopt: boolean): z.ZodSafeParseResult<Manifest> {
  const files = isObject(json) && Array.isArray(json.files) ? (json.files as unknown[]) : undefined;
  if (files === undefined || !allOf(files, isPlainValidFile)) return manifestSchema.safeParse(json);
  const result = manifestWithoutFilesSchema.safeParse(json);
  if (!result.success) return manifestSchema.safeParse(json);
  const own = (file: Raw): ManifestFile =>
    adopt && inSchemaOrder(file) ? (file as unknown as ManifestFile) : copyFile(file);
  return { success: true, data: { ...result.data, files: files.map((file) => own(file as Raw)) } };
}

const FILE_FIELD_ORDER = new Map<string, number>(FILE_FIELDS.map((field, i) => [field, i]));

/** Whether a file's own fields come in the order of `fileSchema` (as zod would give them back). */
function inSchemaOrder(file: Raw): boolean {
  let last = -1;
  for (const key in file) {
    const order = FILE_FIELD_ORDER.get(key) ?? -1;
    if (order <= last) return false;
    last = order;
  }
  return true;
}

function check(
  json: unknown,
  options: ValidateOptions,
  adopt = false,
): { problems: InputProblem[]; manifest?: Manifest } {
  const problems: InputProblem[] = [];
  const result = parseShapes(json, adopt);
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          problems.push({ where: jsonPointer([...issue.path, key]), message: `unknown field '${key}'` });
        }
      } else {
        problems.push({ where: jsonPointer(issue.path), message: issue.message });
      }
    }
  }
  if (isObject(json)) problems.push(...semanticProblems(json, options));
  return { problems, manifest: result.success ? result.data : undefined };
}

/**
 * Every problem of a manifest, each with the JSON pointer of where it is (`/files/12/version`); empty when it is valid.
 * Problems that are not inside the manifest (payload members) use `payload:<name>`.
 */
export function manifestProblems(json: unknown, options: ValidateOptions = {}): InputProblem[] {
  return check(json, options).problems;
}

/**
 * Checks a manifest and returns it typed, with defaults filled in (empty `supersedes`, `registry`...).
 * Throws one `InputError` carrying every problem, each with its JSON pointer.
 * With `options.payload` it also checks the manifest against the package payload.
 */
export function validateManifest(
  json: unknown,
  source = 'manifest',
  options: ValidateOptions = {},
): Manifest {
  const { problems, manifest } = check(json, options);
  if (problems.length > 0 || !manifest) throw new InputError(source, problems);
  return manifest;
}

/**
 * {@link validateManifest} for JSON the caller has just parsed and hands over: valid file entries
 * already in the schema's field order become the manifest's own instead of being copied.
 */
export function validateParsedManifest(json: unknown, source = 'manifest'): Manifest {
  const { problems, manifest } = check(json, {}, true);
  if (problems.length > 0 || !manifest) throw new InputError(source, problems);
  return manifest;
}

/**
 * Parses manifest JSON text and validates it. A JSON syntax error is an `InputError` at `line:column`.
 */
export function parseManifest(text: string, source = 'manifest', options: ValidateOptions = {}): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = jsonSyntaxErrorOffset(text);
    throw new InputError(
      source,
      `not valid JSON: ${message}`,
      offset === undefined ? '' : lineColumn(text, offset),
    );
  }
  return validateManifest(json, source, options);
}

/** The uninstall backup folder name under `%SystemRoot%`: `$NTServicePackUninstall$` or `$NtUninstallQ823980$`. */
export function uninstallFolderName(manifest: Pick<Manifest, 'kind' | 'id'>): string {
  return manifest.kind === 'servicePack' ? '$NTServicePackUninstall$' : `$NtUninstall${manifest.id}$`;
}
