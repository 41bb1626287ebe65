/**
 * A small reference model of boot-time rename processing, written straight from the
 * Windows/ReactOS column of spec/pending-renames.md (B1-B14, B16-B19). It exists to be
 * obviously right, not fast: a model-based test compares the real engine against it.
 *
 * Decisions where the spec names no error (from ReactOS smss `SmpProcessFileRenames`, which
 * opens the source for DELETE and calls `NtSetInformationFile`, and the NT status -> Win32 map):
 * - source path without `\??\` (B17), or not a drive path (UNC: no network at boot): ERROR_PATH_NOT_FOUND.
 *   (NT would say STATUS_OBJECT_PATH_SYNTAX_BAD for a relative name; one error is enough for the model.)
 * - an empty, `.` or `..` path component: ERROR_INVALID_NAME.
 * - the source's folder missing (or a file): ERROR_PATH_NOT_FOUND; the source missing (B7): ERROR_FILE_NOT_FOUND.
 * - a volume root as source: ERROR_ACCESS_DENIED (cannot be renamed or deleted).
 * - delete of a read-only file or folder (B10, STATUS_CANNOT_DELETE): ERROR_ACCESS_DENIED, checked before
 *   emptiness; delete of a non-empty folder (B12): ERROR_DIR_NOT_EMPTY.
 * - rename checks, in the order NT makes them: destination path (B17) as for the source; destination's
 *   folder missing (B8): ERROR_PATH_NOT_FOUND, or a file (N6): ERROR_INVALID_PARAMETER; other volume (B14):
 *   ERROR_NOT_SAME_DEVICE; a folder moved into its own subtree (B21, N7): ERROR_SHARING_VIOLATION;
 *   destination exists without `!` (B3, STATUS_OBJECT_NAME_COLLISION): ERROR_ALREADY_EXISTS; with `!` onto a
 *   folder, or a folder with `!` onto a file (B6, N8): ERROR_ACCESS_DENIED; with `!` onto a protected file while AllowProtectedRenames is off (B18):
 *   ERROR_ACCESS_DENIED. A read-only destination with `!` is replaced (B5: ReactOS clears it and retries).
 * - renaming onto itself (same folded path) succeeds and changes nothing.
 * - a node keeps its attributes and its `protected` mark when it moves (a rename moves the file record).
 * - drive roots (`C:`) always exist as folders; volume mounting is not modelled.
 */
import type { Win32ErrorName } from '../errors/index.js';
import type { PendingEntry } from './queue-entry.js';

/** One file or folder of the model. */
export interface ModelNode {
  kind: 'file' | 'dir';
  readOnly: boolean;
  /** Protected by Windows File Protection (B18). */
  protected: boolean;
  content: string;
}

/** The model machine: nodes keyed by upper-cased full path without trailing backslash (`C:\A\B`). */
export interface ModelState {
  nodes: Map<string, ModelNode>;
  /** The `AllowProtectedRenames` DWORD was 1 before the boot (B18). */
  allowProtectedRenames: boolean;
  /**
   * Windows File Protection's list by path (model keys), as the engine keeps it: when given, a
   * destination is protected when its path is listed, whatever node is there; the nodes' own
   * `protected` marks are then ignored.
   */
  protectedPaths?: ReadonlySet<string>;
}

/** What happened to one entry. */
export interface ModelOutcome {
  outcome: 'renamed' | 'replaced' | 'deleted' | 'failed';
  /** The Win32 error name, for `failed` only. */
  error?: Win32ErrorName;
}

/** The machine after the boot and one outcome per entry, in the order the entries were given. */
export interface ModelBootResult {
  state: ModelState;
  outcomes: ModelOutcome[];
}

const NT_PREFIX = '\\??\\';
const DRIVE_PATH = /^([A-Za-z]):(\\.*)?$/;

type KeyOrError = { key: string } | { error: Win32ErrorName };

/** The model key of an NT path (`\??\c:\a\b` -> `C:\A\B`), or the error opening it gives (B17). */
export function modelKey(ntPath: string): KeyOrError {
  if (!ntPath.startsWith(NT_PREFIX)) return { error: 'ERROR_PATH_NOT_FOUND' };
  const match = DRIVE_PATH.exec(ntPath.slice(NT_PREFIX.length));
  if (match === null) return { error: 'ERROR_PATH_NOT_FOUND' };
  const tail = (match[2] ?? '').replace(/\\$/, '');
  const parts = tail === '' ? [] : tail.slice(1).split('\\');
  if (parts.some((part) => part === '' || part === '.' || part === '..'))
    return { error: 'ERROR_INVALID_NAME' };
  return { key: [`${match[1]}:`, ...parts].join('\\').toUpperCase() };
}

function isRoot(key: string): boolean {
  return !key.includes('\\');
}

function parentOf(key: string): string {
  return key.slice(0, key.lastIndexOf('\\'));
}

function driveOf(key: string): string {
  return key.slice(0, 2);
}

function isFolder(nodes: Map<string, ModelNode>, key: string): boolean {
  return isRoot(key) || nodes.get(key)?.kind === 'dir';
}

function hasChildren(nodes: Map<string, ModelNode>, key: string): boolean {
  const prefix = key + '\\';
  for (const other of nodes.keys()) if (other.startsWith(prefix)) return true;
  return false;
}

function moveTree(nodes: Map<string, ModelNode>, from: string, to: string): void {
  const prefix = from + '\\';
  const moved = [...nodes].filter(([key]) => key === from || key.startsWith(prefix));
  for (const [key] of moved) nodes.delete(key);
  for (const [key, node] of moved) nodes.set(to + key.slice(from.length), node);
}

function removeTree(nodes: Map<string, ModelNode>, key: string): void {
  const prefix = key + '\\';
  for (const other of [...nodes.keys()]) if (other === key || other.startsWith(prefix)) nodes.delete(other);
}

const failed = (error: Win32ErrorName): ModelOutcome => ({ outcome: 'failed', error });

function applyEntry(
  nodes: Map<string, ModelNode>,
  allowProtected: boolean,
  protectedPaths: ReadonlySet<string> | undefined,
  entry: PendingEntry,
): ModelOutcome {
  const source = modelKey(entry.source);
  if ('error' in source) return failed(source.error);
  const from = source.key;
  if (isRoot(from)) return failed('ERROR_ACCESS_DENIED');
  if (!isFolder(nodes, parentOf(from))) return failed('ERROR_PATH_NOT_FOUND');
  const node = nodes.get(from);
  if (node === undefined) return failed('ERROR_FILE_NOT_FOUND');

  if (entry.destination === null) {
    if (node.readOnly) return failed('ERROR_ACCESS_DENIED');
    if (node.kind === 'dir' && hasChildren(nodes, from)) return failed('ERROR_DIR_NOT_EMPTY');
    nodes.delete(from);
    return { outcome: 'deleted' };
  }

  const destination = modelKey(entry.destination);
  if ('error' in destination) return failed(destination.error);
  const to = destination.key;
  if (!isRoot(to) && !isFolder(nodes, parentOf(to)))
    return failed(
      nodes.get(parentOf(to))?.kind === 'file' ? 'ERROR_INVALID_PARAMETER' : 'ERROR_PATH_NOT_FOUND',
    );
  if (driveOf(to) !== driveOf(from)) return failed('ERROR_NOT_SAME_DEVICE');
  if (to === from) return { outcome: 'renamed' };
  if (node.kind === 'dir' && to.startsWith(from + '\\')) return failed('ERROR_SHARING_VIOLATION');

  const target = isRoot(to) ? ({ kind: 'dir' } as const) : nodes.get(to);
  if (target === undefined) {
    moveTree(nodes, from, to);
    return { outcome: 'renamed' };
  }
  if (!entry.replaceExisting) return failed('ERROR_ALREADY_EXISTS');
  if (target.kind === 'dir' || node.kind === 'dir') return failed('ERROR_ACCESS_DENIED');
  const isProtected = protectedPaths ? protectedPaths.has(to) : target.protected;
  if (isProtected && !allowProtected) return failed('ERROR_ACCESS_DENIED');
  removeTree(nodes, to);
  moveTree(nodes, from, to);
  return { outcome: 'replaced' };
}

/**
 * Processes the queue at boot as Windows/ReactOS do. Pure: the input state is not changed.
 *
 * Entries run one at a time, all of value 1 in the given order, then value 2 (B1); each failure is
 * silent and leaves the machine as it was (B3, B6-B8, B10, B12, B14, B17), and no entry is retried
 * (B16: the queue is consumed whatever the outcome). Nothing holds a file at this point (B19), so
 * locks do not exist here. `AllowProtectedRenames` is deleted by the boot (B18): the returned state
 * has it off.
 *
 * @returns `outcomes[i]` belongs to `entries[i]`.
 */
export function referenceBoot(state: ModelState, entries: readonly PendingEntry[]): ModelBootResult {
  const nodes = new Map<string, ModelNode>();
  for (const [key, node] of state.nodes) nodes.set(key, { ...node });
  const order = entries.map((entry, position) => ({ entry, position }));
  order.sort((a, b) => a.entry.value - b.entry.value || a.position - b.position);
  const outcomes: ModelOutcome[] = new Array<ModelOutcome>(entries.length);
  for (const { entry, position } of order) {
    outcomes[position] = applyEntry(nodes, state.allowProtectedRenames, state.protectedPaths, entry);
  }
  const after: ModelState = { nodes, allowProtectedRenames: false };
  if (state.protectedPaths) after.protectedPaths = state.protectedPaths;
  return { state: after, outcomes };
}
