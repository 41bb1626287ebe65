/**
 * The zod schema of a manifest: the shape of every field, the one check each registry instruction and
 * task goes through; each file entry goes through manifest-file.ts. The rules across fields are in
 * manifest-rules.ts.
 */
import { z } from 'zod';
import { parseKeyPath } from '../registry/index.js';
import { checkFileEntries, checkFileList, FILE_ENTRY_JSON_SCHEMA, LANGUAGE } from './manifest-file.js';
import type { Manifest } from './manifest-types.js';
import { payloadNameProblem } from './names.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Hotfix ids: Q and six digits (the Windows 2000 era) or KB and six or seven digits. */
export const HOTFIX_ID = /^(Q\d{6}|KB\d{6,7})$/;
const ENTRY_POINT = /^[A-Za-z_][A-Za-z0-9_@]*$/;

/**
 * A string that `check` finds no problem with; the problem, worded by `check` again, is the message
 * (made only on failure: see docs/performance.md, "Performance Notes").
 */
function refined(check: (value: string) => string | undefined, prefix = ''): z.ZodType<string> {
  return z.string().refine((value) => check(value) === undefined, {
    error: (issue) => `${prefix}${check(issue.input as string) ?? ''}`,
  });
}

function fileNameProblem(name: string, extension: string): string | undefined {
  if (!name.toLowerCase().endsWith(extension)) return `must be a file name ending in ${extension}`;
  if (name.includes('/') || name.includes('\\')) return 'must be a bare file name';
  return payloadNameProblem(name);
}

const nonEmpty = z.string().min(1, 'must not be empty');
const level = z.number().int('must be a whole number').min(0).max(99);
const hotfixId = z.string().regex(HOTFIX_ID, 'must be a hotfix id such as Q823980 or KB823980');
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

/** The file list: each entry checked, and copied, by manifest-file.ts. */
const fileList = z
  .array(z.unknown())
  .transform((entries, ctx) => {
    const checked = checkFileEntries(entries);
    for (const { path, message } of checked.problems)
      ctx.addIssue({ code: 'custom', message, path, input: entries });
    return checked.files ?? z.NEVER;
  })
  .meta({ items: FILE_ENTRY_JSON_SCHEMA });

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
  files: fileList,
  registry: z.array(registrySchema).default([]),
  tasks: z.array(taskSchema).default([]),
  catalog: z.strictObject({ name: refined((name) => fileNameProblem(name, '.cat')) }).optional(),
  driverCab: z
    .strictObject({ name: refined((name) => fileNameProblem(name, '.cab')), members: z.array(z.string()) })
    .optional(),
};

/** The zod schema of a manifest (shapes only; `validateManifest` adds the checks across fields). */
export const manifestSchema: z.ZodType<Manifest> = z.strictObject(manifestShape);

/**
 * The schema manifests are checked with: {@link manifestSchema} whose file list is checked by hand
 * as a whole, list and entries (zod visits each item of an array once more, and a service pack
 * lists tens of thousands), with the same problems in the same words.
 */
export const manifestCheckSchema: z.ZodType<Manifest> = z.strictObject({
  ...manifestShape,
  files: z.unknown().transform((value, ctx) => {
    const checked = checkFileList(value);
    for (const { path, message } of checked.problems)
      ctx.addIssue({ code: 'custom', message, path, input: value });
    return checked.files ?? z.NEVER;
  }),
});
