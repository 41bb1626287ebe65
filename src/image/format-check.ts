/**
 * What an image file's header must be before anything is built from it: every field's type and
 * range, so that a crafted or damaged file (even with a valid checksum) is an InputError saying what
 * and where, never a TypeError at load or an image that breaks at its next boot.
 */
import { z } from 'zod';
import { InputError, type InputProblem } from '../errors/index.js';
import { MAX_NAME, UPCASE_TABLE_IDS, isInvalidNameUnit, type UpcaseTableId } from '../path/index.js';
import { FILE_ATTRIBUTE } from './attributes.js';
import type { Entry } from './entry.js';
import type { ImageCore } from './image-core.js';
import type { AdoptMeta } from './raw-storage.js';
import { MAX_FILE_VERSION_LENGTH } from './limits.js';

const text = z.string();
const u32 = z.number().int().min(0).max(0xffffffff);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const letter = z.string().regex(/^[A-Z]$/, 'must be a drive letter A-Z');
const pathList = z.array(text);

/** Whether `value` is a whole number a count can be (what `count` accepts). */
function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * The content sizes, one per file: checked in one plain loop, because `z.array(count)` costs a
 * parse per element (a fifth of a 50,000-file load). Each bad element is an issue at its index.
 */
const countList = z
  .custom<number[]>((value) => Array.isArray(value), 'must be an array')
  .superRefine((values, ctx) => {
    for (let i = 0; i < values.length; i++) {
      if (!isCount(values[i]))
        ctx.addIssue({ code: 'custom', path: [i], message: 'must be a whole number from 0 to 2^53 - 1' });
    }
  });

/** Format 8's blob offsets: each a file offset, or -1 for a blob written in the segment itself. */
const offsetList = z
  .custom<number[]>((value) => Array.isArray(value), 'must be an array')
  .superRefine((values, ctx) => {
    for (let i = 0; i < values.length; i++) {
      if (!isCount(values[i]) && values[i] !== -1)
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: 'must be -1 or a whole number from 0 to 2^53 - 1',
        });
    }
  });

/** format 1's entry row: [relative path, isDir, attributes, version, created, modified, size, shortName] */
const entryRow = z.tuple([
  text,
  z.union([z.literal(0), z.literal(1)]),
  u32,
  text.max(MAX_FILE_VERSION_LENGTH).nullable(),
  z.number(),
  z.number(),
  count,
  text.nullable(),
]);

const volume = z.strictObject({
  letter,
  type: z.enum(['fixed', 'cdrom', 'network']),
  label: text,
  capacity: count,
  clusterSize: z
    .number()
    .int()
    .min(512)
    .max(1 << 21)
    .refine((size) => (size & (size - 1)) === 0, 'must be a power of two'),
  unc: text.optional(),
  upcase: z
    .union([
      z.enum(UPCASE_TABLE_IDS as [UpcaseTableId, ...UpcaseTableId[]]),
      z.strictObject({ custom: text }),
    ])
    .optional(),
  entries: z.array(entryRow).optional(),
  entryCount: count.optional(),
});

const access = z.array(z.enum(['read', 'write', 'delete']));
/** format 7: a handle a process holds */
const handles = z.array(z.strictObject({ path: text, access, share: access })).optional();

const event = z.strictObject({
  record: count,
  time: z.number(),
  source: text,
  eventId: u32,
  type: z.enum(['error', 'warning', 'information']),
  message: text,
});

const journal = z.strictObject({
  name: text,
  mode: z.enum(['rollback', 'rollforward']),
  undo: z.array(z.array(z.unknown())),
  plan: z.array(z.unknown()),
  applied: count,
  undone: count.optional(),
  context: z.record(text, z.union([text, z.number(), z.boolean()])),
});

const HEADER = z
  .strictObject({
    clock: z.number(),
    systemDrive: letter,
    session: z.strictObject({ session: count, administrator: z.boolean(), installMode: z.boolean() }),
    volumes: z.array(volume),
    entryTableBytes: count.optional(),
    registryBytes: count,
    blobSizes: countList,
    blobAt: offsetList.optional(),
    sameContent: countList.optional(),
    events: z.array(event),
    notes: z.array(z.tuple([text, text])),
    protectedPaths: pathList,
    oemPaths: pathList.optional(),
    services: z.array(
      z.strictObject({
        name: text,
        displayName: text,
        imagePath: text,
        start: z.enum(['boot', 'system', 'auto', 'demand', 'disabled']),
        process: text,
        holds: pathList,
        running: z.boolean(),
        handles,
      }),
    ),
    processes: z.array(
      z.strictObject({ name: text, session: count, service: text.optional(), holds: pathList, handles }),
    ),
    deletePending: pathList.optional(),
    journal: journal.optional(),
    poweredOff: z.boolean(),
  })
  .superRefine((header, ctx) => {
    const letters = header.volumes.map((v) => v.letter);
    letters.forEach((l, i) => {
      if (letters.indexOf(l) !== i)
        ctx.addIssue({
          code: 'custom',
          path: ['volumes', i, 'letter'],
          message: `drive ${l}: appears twice`,
        });
    });
    const journal = header.journal;
    if (journal && journal.applied > journal.plan.length)
      ctx.addIssue({ code: 'custom', path: ['journal', 'applied'], message: 'is more than the plan holds' });
    if (journal?.undone !== undefined && journal.undone > (journal.undo.at(-1)?.length ?? 0))
      ctx.addIssue({
        code: 'custom',
        path: ['journal', 'undone'],
        message: 'is more than the newest undo step holds',
      });
  });

/** The image file's JSON header, as checked by {@link checkHeader}. */
export type Header = z.infer<typeof HEADER>;
/** Format 1's entry row. */
export type EntryRow = z.infer<typeof entryRow>;

function pointer(path: readonly PropertyKey[]): string {
  return `/${path.map((part) => String(part)).join('/')}`;
}

/** The header if it has every field with the right type and range; else an InputError listing each problem at its JSON pointer. */
export function checkHeader(raw: unknown, source: string, formatVersion: number): Header {
  const result = HEADER.safeParse(raw);
  if (!result.success) {
    const problems: InputProblem[] = result.error.issues.map((issue) => ({
      where: `header ${pointer(issue.path)}`,
      message: issue.message,
    }));
    throw new InputError(source, problems);
  }
  const header = result.data;
  if (header.sameContent !== undefined && (formatVersion < 4 || header.sameContent.length % 2 !== 0))
    throw new InputError(
      source,
      formatVersion < 4
        ? `format ${formatVersion} has no sameContent`
        : 'holds an odd number of values (pairs)',
      'header /sameContent',
    );
  if (header.blobAt !== undefined && (formatVersion < 8 || header.blobAt.length !== header.blobSizes.length))
    throw new InputError(
      source,
      formatVersion < 8 ? `format ${formatVersion} has no blobAt` : 'does not give one offset per blob',
      'header /blobAt',
    );
  const runtime = [...header.services, ...header.processes].some((p) => p.handles !== undefined);
  if (formatVersion < 7 && (runtime || header.deletePending !== undefined))
    throw new InputError(source, `format ${formatVersion} has no handles or delete-pending files`, 'header');
  header.volumes.forEach((v, i) => {
    const has = formatVersion >= 2 ? v.entryCount !== undefined : v.entries !== undefined;
    if (!has) throw new InputError(source, `volume ${v.letter}: lists no entries`, `header /volumes/${i}`);
  });
  return header;
}

const KNOWN_ATTRIBUTES = Object.values(FILE_ATTRIBUTE).reduce((bits, bit) => bits | bit, 0);

/** Why an entry read from an image file cannot be one, or undefined: its name, attributes, times and version. */
function entryProblem(
  name: string,
  meta: { attributes: number; created: number; modified: number; version: string | undefined },
): string | undefined {
  const nameProblem = fileNameProblem(name);
  if (nameProblem) return `the name ${JSON.stringify(name)} ${nameProblem}`;
  const unknown = meta.attributes & ~KNOWN_ATTRIBUTES;
  if (unknown !== 0) return `'${name}' has unknown attribute bits 0x${unknown.toString(16)}`;
  if (!Number.isFinite(meta.created) || !Number.isFinite(meta.modified))
    return `'${name}' has a time that is not a number`;
  if (meta.version !== undefined && meta.version.length > MAX_FILE_VERSION_LENGTH)
    return `the version of '${name}' is longer than ${MAX_FILE_VERSION_LENGTH} characters`;
  return undefined;
}

/** What makes `name` no NTFS file name (device names are fine: a verbatim path can create them). */
function fileNameProblem(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..') return 'is not a file name';
  if (name.length > MAX_NAME) return `is longer than ${MAX_NAME} characters`;
  for (let i = 0; i < name.length; i++) {
    if (isInvalidNameUnit(name.charCodeAt(i)))
      return `holds the character U+${name.charCodeAt(i).toString(16).padStart(4, '0')}`;
  }
  return undefined;
}

/** A volume root's attributes and times as loaded (a root has no name, version or content). */
export function setRootMeta(
  root: Entry,
  meta: Pick<AdoptMeta, 'attributes' | 'created' | 'modified' | 'createdFraction' | 'modifiedFraction'>,
): void {
  root.attributes = meta.attributes;
  root.created = meta.created;
  root.createdFraction = meta.createdFraction ?? 0;
  root.modified = meta.modified;
  root.modifiedFraction = meta.modifiedFraction ?? 0;
}

/**
 * Adds a loaded entry after checking it: a valid name, known attributes, finite times, no name or
 * alias taken. `meta.folded` and `meta.foldedShortName` are the name and alias folded when the
 * caller has them (the entry table's ASCII ones), else undefined; it sets them (the keys it
 * checked) for rawAdopt.
 */
export function adoptChecked(
  image: ImageCore,
  parent: Entry,
  name: string,
  data: Buffer | undefined,
  meta: AdoptMeta,
  fail: (message: string) => never,
): Entry {
  const problem = entryProblem(name, meta);
  if (problem) fail(problem);
  const children = parent.children!;
  const aliases = parent.shortChildren!;
  // folded once for the checks and for rawAdopt's index keys
  const folded = meta.folded ?? children.fold(name);
  // a name longer than an 8.3 alias (12) cannot be one
  if (name.length <= 12 && aliases.has(folded)) fail(`'${name}' is the 8.3 alias of another entry`);
  let foldedShortName: string | undefined;
  if (meta.shortName) {
    foldedShortName = meta.foldedShortName ?? children.fold(meta.shortName);
    if (children.has(foldedShortName) || aliases.has(foldedShortName))
      fail(`the 8.3 alias '${meta.shortName}' of '${name}' is taken in its folder`);
  }
  meta.folded = folded;
  meta.foldedShortName = foldedShortName;
  const before = children.size;
  const entry = image.rawAdopt(parent, name, data, meta);
  // the image is dropped on failure, so finding the duplicate after adding it costs nothing extra
  if (children.size === before) fail(`'${name}' appears twice in its folder`);
  return entry;
}
