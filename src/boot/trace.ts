/**
 * Record and replay of a reboot cycle: the queue, the state of every path it touches and the boot
 * report go into a JSON trace; replaying it on another copy of the image checks that state first,
 * then boots and compares the outcomes entry by entry.
 */
import { z } from 'zod';
import { InputError, WinError } from '../errors/index.js';
import { contentHash, hashHex, type ImageCore } from '../image/index.js';
import { pendingEntriesFrom } from './codec.js';
import { ALLOW_PROTECTED_RENAMES, PROGRESS_VALUES, allowProtectedRenames, readQueue } from './queue.js';
import { PENDING_RENAME_VALUES, SESSION_MANAGER_KEY } from './queue-entry.js';
import { reboot, type BootOptions } from './reboot.js';
import type { BootReport } from './report.js';
import type { BootEntryReport } from './report.js';

/** The state of one path before the boot. */
export interface TracePathState {
  /** The path as the queue names it, without `\??\` (`C:\WINNT\x.dll`). */
  path: string;
  exists: boolean;
  isDir?: boolean;
  size?: number;
  /** xxh64 of the content, 16 hex digits (files). */
  xxh64?: string;
  /** Win32 attribute bits. */
  attributes?: number;
  /** How many entries a folder holds. */
  children?: number;
  /** Windows File Protection protects it (B18). */
  protected?: boolean;
}

/** A registry value of the Session Manager key, byte for byte. */
export interface TraceValue {
  type: number;
  base64: string;
}

/** A recorded reboot cycle. JSON-serialisable. */
export interface BootTrace {
  format: 'svcpack-boot-trace';
  version: 1;
  mode: 'windows' | 'transactional';
  /** The queue values, progress markers and `AllowProtectedRenames` before the boot (null: absent). */
  values: Record<string, TraceValue | null>;
  allowProtectedRenames: boolean;
  /** The name of a transaction left open by a power cut, or null. */
  journal: string | null;
  /** The state of every path the queue touches (sources, destinations and their folders). */
  paths: TracePathState[];
  report: BootReport;
}

const TRACED_VALUES = [
  PENDING_RENAME_VALUES[1],
  PENDING_RENAME_VALUES[2],
  PROGRESS_VALUES[1],
  PROGRESS_VALUES[2],
  ALLOW_PROTECTED_RENAMES,
];

const DRIVE_NT_PATH = /^\\\?\?\\[A-Za-z]:(\\|$)/;

/** Every local path the queue names, and the folder each one is in. */
function touchedPaths(image: ImageCore): string[] {
  const paths = new Map<string, string>();
  const add = (ntPath: string | null): void => {
    if (ntPath === null || !DRIVE_NT_PATH.test(ntPath)) return;
    const path = ntPath.slice(4).replace(/\\$/, '');
    paths.set(path.toUpperCase(), path);
    const cut = path.lastIndexOf('\\');
    if (cut > 2) paths.set(path.slice(0, cut).toUpperCase(), path.slice(0, cut));
  };
  for (const value of readQueue(image)) {
    for (const entry of pendingEntriesFrom(value.pairs, value.done)) {
      add(entry.source);
      add(entry.destination);
    }
  }
  return [...paths.values()];
}

function pathState(image: ImageCore, path: string): TracePathState {
  let entry;
  try {
    entry = image.find(`\\??\\${path}`);
  } catch (error) {
    if (!(error instanceof WinError)) throw error;
  }
  if (entry === undefined) return { path, exists: false };
  const state: TracePathState = { path, exists: true, isDir: entry.isDir, attributes: entry.attributes };
  if (entry.isDir) state.children = entry.children?.size ?? 0;
  else {
    state.size = entry.size;
    state.xxh64 = hashHex(contentHash(image, entry));
    state.protected = image.isProtectedEntry(entry);
  }
  return state;
}

function sessionValues(image: ImageCore): Record<string, TraceValue | null> {
  const values: Record<string, TraceValue | null> = {};
  for (const name of TRACED_VALUES) {
    const raw = image.registry.getRawValue(SESSION_MANAGER_KEY, name);
    values[name] =
      raw === undefined ? null : { type: raw.type, base64: Buffer.from(raw.bytes).toString('base64') };
  }
  return values;
}

/** Reboots the image and records the cycle. */
export function recordReboot(
  image: ImageCore,
  options: BootOptions = {},
): { report: BootReport; trace: BootTrace } {
  const before = {
    values: sessionValues(image),
    allowProtectedRenames: allowProtectedRenames(image),
    journal: image.journal?.name ?? null,
    paths: touchedPaths(image).map((path) => pathState(image, path)),
  };
  const report = reboot(image, options);
  const trace: BootTrace = {
    format: 'svcpack-boot-trace',
    version: 1,
    mode: options.mode ?? 'windows',
    ...before,
    report,
  };
  return { report, trace };
}

const STATE_FIELDS = ['exists', 'isDir', 'size', 'xxh64', 'attributes', 'children', 'protected'] as const;

function describe(value: unknown): string {
  return value === undefined ? 'absent' : JSON.stringify(value);
}

function preStateDivergences(image: ImageCore, trace: BootTrace): string[] {
  const divergences: string[] = [];
  const now = sessionValues(image);
  for (const name of Object.keys(trace.values)) {
    const recorded = trace.values[name];
    const here = now[name] ?? null;
    if (recorded?.type !== here?.type || recorded?.base64 !== here?.base64) {
      const size = (v: TraceValue | null): string =>
        v === null ? 'absent' : `type ${v.type}, ${Buffer.from(v.base64, 'base64').length} bytes`;
      divergences.push(
        `registry ${SESSION_MANAGER_KEY}\\${name}: ${size(recorded)} in the trace, ${size(here)} here`,
      );
    }
  }
  const journal = image.journal?.name ?? null;
  if (journal !== trace.journal) {
    divergences.push(`open transaction: ${describe(trace.journal)} in the trace, ${describe(journal)} here`);
  }
  for (const recorded of trace.paths) {
    const here = pathState(image, recorded.path);
    for (const field of STATE_FIELDS) {
      if (recorded[field] !== here[field]) {
        divergences.push(
          `${recorded.path}: ${field} ${describe(recorded[field])} in the trace, ${describe(here[field])} here`,
        );
      }
    }
  }
  return divergences;
}

function entryLabel(entry: BootEntryReport): string {
  const target =
    entry.destination === null ? 'delete' : `-> ${entry.replaceExisting ? '!' : ''}${entry.destination}`;
  return `value ${entry.value} entry ${entry.index} (${entry.source} ${target})`;
}

function outcomeText(entry: BootEntryReport | undefined): string {
  if (entry === undefined) return 'nothing';
  return entry.outcome === 'failed' ? `failed (${entry.error?.code})` : entry.outcome;
}

function compareEntries(
  kind: string,
  recorded: readonly BootEntryReport[],
  replayed: readonly BootEntryReport[],
): string[] {
  const divergences: string[] = [];
  const count = Math.max(recorded.length, replayed.length);
  for (let i = 0; i < count; i++) {
    const a = recorded[i];
    const b = replayed[i];
    const sameEntry =
      a &&
      b &&
      a.value === b.value &&
      a.index === b.index &&
      a.source === b.source &&
      a.destination === b.destination;
    if (!sameEntry) {
      divergences.push(
        `${kind} ${i}: the trace has ${a ? entryLabel(a) : 'no entry'}, the replay ${b ? entryLabel(b) : 'no entry'}`,
      );
    } else if (outcomeText(a) !== outcomeText(b)) {
      divergences.push(
        `${kind} ${i}, ${entryLabel(a)}: ${outcomeText(a)} in the trace, ${outcomeText(b)} in the replay`,
      );
    }
  }
  return divergences;
}

/**
 * Replays a recorded cycle on another copy of the image: checks the state before the boot (a
 * divergence names the path or value and what differs), boots in the trace's mode, and compares the
 * outcomes entry by entry. No divergences: the same result.
 */
export function replayTrace(
  image: ImageCore,
  trace: BootTrace,
): { report: BootReport; divergences: string[] } {
  const divergences = preStateDivergences(image, trace);
  const report = reboot(image, { mode: trace.mode });
  divergences.push(...compareEntries('entry', trace.report.entries, report.entries));
  divergences.push(...compareEntries('lost entry', trace.report.lost ?? [], report.lost ?? []));
  if (trace.report.allowProtectedRenames !== report.allowProtectedRenames) {
    divergences.push(
      `AllowProtectedRenames: ${trace.report.allowProtectedRenames} in the trace, ${report.allowProtectedRenames} in the replay`,
    );
  }
  return { report, divergences };
}

/** The trace as JSON text. */
export function encodeTrace(trace: BootTrace): string {
  return `${JSON.stringify(trace, null, 1)}\n`;
}

const errorSchema = z.object({ code: z.string(), errno: z.number().int(), message: z.string() });
const entrySchema = z.object({
  value: z.union([z.literal(1), z.literal(2)]),
  index: z.number().int().nonnegative(),
  source: z.string(),
  destination: z.string().nullable(),
  replaceExisting: z.boolean(),
  outcome: z.enum(['renamed', 'replaced', 'deleted', 'failed']),
  error: errorSchema.optional(),
});
const countsSchema = z.object({
  renamed: z.number().int().nonnegative(),
  replaced: z.number().int().nonnegative(),
  deleted: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});
const reportSchema = z.object({
  mode: z.enum(['windows', 'transactional']),
  entries: z.array(entrySchema),
  problems: z.array(z.object({ offset: z.number().int(), message: z.string() })),
  recovered: z
    .object({
      transaction: z.string(),
      mode: z.enum(['rollback', 'rollforward']),
      operations: z.number().int().nonnegative(),
      context: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    })
    .optional(),
  lost: z.array(entrySchema).optional(),
  orphaned: z
    .array(
      z.object({
        path: z.string(),
        destination: z.string().nullable(),
        value: z.union([z.literal(1), z.literal(2)]),
        index: z.number().int().nonnegative(),
      }),
    )
    .optional(),
  skipped: z.number().int().nonnegative(),
  allowProtectedRenames: z.boolean(),
  servicesStarted: z.array(z.string()),
  processesEnded: z.number().int().nonnegative(),
  counts: countsSchema,
});
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');
const traceSchema = z.object({
  format: z.literal('svcpack-boot-trace'),
  version: z.literal(1),
  mode: z.enum(['windows', 'transactional']),
  values: z.record(z.string(), z.object({ type: z.number().int().nonnegative(), base64 }).nullable()),
  allowProtectedRenames: z.boolean(),
  journal: z.string().nullable(),
  paths: z.array(
    z.object({
      path: z.string().min(1),
      exists: z.boolean(),
      isDir: z.boolean().optional(),
      size: z.number().int().nonnegative().optional(),
      xxh64: z
        .string()
        .regex(/^[0-9a-f]{16}$/, 'not 16 hex digits')
        .optional(),
      attributes: z.number().int().nonnegative().optional(),
      children: z.number().int().nonnegative().optional(),
      protected: z.boolean().optional(),
    }),
  ),
  report: reportSchema,
});

function pointer(path: readonly PropertyKey[]): string {
  return `/${path.map((part) => String(part)).join('/')}`;
}

/**
 * Reads a trace written by {@link encodeTrace}.
 *
 * @throws InputError with every problem found, each with its JSON pointer (or line/column for bad JSON).
 */
export function decodeTrace(text: string, source = 'boot trace'): BootTrace {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(source, `not JSON: ${(error as Error).message}`, '/');
  }
  const parsed = traceSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      source,
      parsed.error.issues.map((issue) => ({ where: pointer(issue.path), message: issue.message })),
    );
  }
  return parsed.data as BootTrace;
}
