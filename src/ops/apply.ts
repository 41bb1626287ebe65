import { WinError } from '../errors/index.js';
import {
  fileVersionProblem,
  isSameOrAncestor,
  type CreateMeta,
  type Entry,
  type FileMeta,
  type ImageCore,
  type Location,
  type PrimitiveOp,
} from '../image/index.js';
import { literalPath } from '../path/index.js';
import type { RawRegValue } from '../registry/index.js';
import { metaOf } from './entry-meta.js';
import {
  anyServicingLockHeld,
  checkServicingLock,
  servicingLockConflict,
  servicingLockError,
} from './lock.js';
import { opLog } from './log.js';
import { spendPower } from './power.js';

/**
 * Applies one primitive operation: the only code that changes an image's files or registry.
 * It spends the power budget, records the operation and its inverse in the log (and in the open
 * rollback journal, if any), and returns the inverse. It checks only what makes an operation
 * impossible (a missing parent, an occupied name, a full disk); Windows' access rules are checked
 * by the door functions before they call it.
 */
export function applyOp(image: ImageCore, op: PrimitiveOp, located?: Located): PrimitiveOp[] {
  enterChange(image, op.kind, subjectOf(op));
  const undo = perform(image, op, located);
  opLog(image).record(op, undo);
  if (image.journal?.mode === 'rollback') image.journal.undo.push(undo);
  return undo;
}

/**
 * Entries a caller has already found for an operation's paths (the boot walks the index itself), so
 * the door does not resolve the same paths again. They must be what the op's paths lead to now.
 */
export interface Located {
  /** For a write: where its path leads, as `image.locate` gives it. */
  location?: Location;
  /** The entry at `path` (delete, setAttributes) or `from` (rename). */
  entry?: Entry;
  /** For a rename: the folder `to` is in and the entry there now, if any. */
  targetParent?: Entry;
  targetName?: string;
  existing?: Entry | undefined;
}

/** Applies an operation without log, journal or power budget (recovery and bulk creation). */
export function applyOpQuietly(image: ImageCore, op: PrimitiveOp): PrimitiveOp[] {
  checkServicingLock(image, op.kind, subjectOf(op));
  const undo = perform(image, op);
  return undo;
}

/**
 * What every change checks and spends before it is made: the machine must be on, no other
 * operation may hold the servicing lock, and one unit of the power budget. `subject` is the changed
 * path's folder (or a key, or the whole path) and `name` its last part, joined only for a refusal.
 */
export function enterChange(image: ImageCore, kind: string, subject: string, name = ''): void {
  if (image.poweredOff) throw new WinError('ERROR_NOT_READY', undefined, 'the machine is off: reboot it');
  if (anyServicingLockHeld()) {
    const conflict = servicingLockConflict(image);
    if (conflict) throw servicingLockError(conflict, kind, subject + name);
  }
  spendPower(image);
}

/** The path or key an operation changes, for the refusal of a change made during another's lock. */
function subjectOf(op: PrimitiveOp): string {
  return 'path' in op ? op.path : 'from' in op ? op.from : op.key;
}

function perform(image: ImageCore, op: PrimitiveOp, located?: Located): PrimitiveOp[] {
  switch (op.kind) {
    case 'mkdir':
      return mkdir(image, op.path, op.meta);
    case 'write': {
      const written = writeFile(image, op.path, '', op.data, op.meta, located?.location);
      return Array.isArray(written)
        ? written
        : [{ kind: 'delete', path: literalPath(image.pathOf(written)) }];
    }
    case 'rename':
      return rename(image, op.from, op.to, op.replace, located);
    case 'delete':
      return remove(image, op.path, located?.entry);
    case 'setAttributes': {
      const entry = located?.entry ?? image.require(op.path);
      const before = entry.attributes;
      entry.attributes = op.attributes;
      return [{ kind: 'setAttributes', path: literalPath(image.pathOf(entry)), attributes: before }];
    }
    case 'regCreateKey':
      return createKey(image, op.key);
    case 'regDeleteKey':
      return deleteKey(image, op.key);
    case 'regSet':
      return setValue(image, op.key, op.name, op.value);
    case 'regAppend': {
      const key = canonicalKey(image, op.key);
      const cut = image.registry.rawAppendValue(key, op.name, op.at, op.bytes);
      return [{ kind: 'regAppend', key, name: op.name, at: op.at, bytes: cut }];
    }
    case 'regDelete': {
      const key = canonicalKey(image, op.key);
      const before = image.registry.rawDeleteValue(key, op.name);
      if (!before) throw new WinError('ERROR_FILE_NOT_FOUND', `${op.key}\\${op.name}`, 'no such value');
      return [{ kind: 'regSet', key, name: before.name, value: before.value }];
    }
  }
}

/** Sets the times a write or mkdir gives; a time not given is `now` (or kept, for `created`), to the millisecond. */
function stampTimes(entry: Entry, meta: FileMeta | undefined, now: number): void {
  if (meta?.created !== undefined) {
    entry.created = meta.created;
    entry.createdFraction = meta.createdFraction ?? 0;
  }
  entry.modified = meta?.modified ?? now;
  entry.modifiedFraction = meta?.modified !== undefined ? (meta.modifiedFraction ?? 0) : 0;
}

function mkdir(image: ImageCore, path: string, meta: FileMeta | undefined): PrimitiveOp[] {
  const loc = image.locate(path, { directory: true });
  if (loc.entry) throw new WinError('ERROR_ALREADY_EXISTS', path);
  const time = image.tick();
  const entry = image.rawMkdir(loc.parent!, loc.name, meta?.created ?? time, meta?.attributes ?? 0);
  stampTimes(entry, meta, time);
  return [{ kind: 'delete', path: literalPath(image.pathOf(entry)) }];
}

/**
 * The metadata a created file gets, in one object filled again for each creation: `rawCreateFile`
 * copies it onto the entry and keeps nothing, and an install creates tens of thousands of files
 * (each new object would carry its two times as two more heap numbers).
 */
const creating: CreateMeta & { createdFraction: number; modifiedFraction: number } = {
  attributes: 0,
  version: undefined,
  created: 0,
  modified: 0,
  createdFraction: 0,
  modifiedFraction: 0,
};

function createMeta(meta: FileMeta | undefined, time: number): CreateMeta {
  creating.attributes = meta?.attributes ?? 0x20;
  creating.version = meta?.version ?? undefined;
  creating.created = meta?.created ?? time;
  creating.modified = meta?.modified ?? time;
  // an absent fraction is 0 (as the entry takes it): the fields stay numbers
  creating.createdFraction = meta?.created !== undefined ? (meta.createdFraction ?? 0) : 0;
  creating.modifiedFraction = meta?.modified !== undefined ? (meta.modifiedFraction ?? 0) : 0;
  return creating;
}

/**
 * A write to the path `folder + name` (joined only when needed: for a refusal, or to locate it when
 * `located` is not given): gives the file it created (its undo is its delete), or the undo of
 * writing over the file there.
 */
export function writeFile(
  image: ImageCore,
  folder: string,
  name: string,
  data: Uint8Array,
  meta: FileMeta | undefined,
  located: Location | undefined,
): Entry | PrimitiveOp[] {
  const versionProblem = fileVersionProblem(meta?.version);
  if (versionProblem) throw new WinError('ERROR_INVALID_PARAMETER', folder + name, versionProblem);
  const loc = located ?? image.locate(folder + name);
  const time = image.tick();
  const entry = loc.entry;
  if (!entry) {
    if (!loc.parent) throw new WinError('ERROR_ACCESS_DENIED', folder + name);
    return image.rawCreateFile(loc.volume, loc.parent, loc.name, data, createMeta(meta, time), loc.folded);
  }
  if (entry.isDir) throw new WinError('ERROR_ACCESS_DENIED', folder + name, 'it is a folder');
  const before: PrimitiveOp = {
    kind: 'write',
    path: literalPath(image.pathOf(entry)),
    data: image.storedContent(entry),
    meta: metaOf(entry),
  };
  image.rawReplaceContent(entry, data);
  if (meta?.attributes !== undefined) entry.attributes = meta.attributes;
  if (meta?.version !== undefined) entry.version = meta.version ?? undefined;
  stampTimes(entry, meta, time);
  return [before];
}

function remove(image: ImageCore, path: string, found?: Entry): PrimitiveOp[] {
  const entry = found ?? image.require(path);
  const stored = literalPath(image.pathOf(entry));
  const undo: PrimitiveOp = entry.isDir
    ? { kind: 'mkdir', path: stored, meta: metaOf(entry) }
    : { kind: 'write', path: stored, data: image.storedContent(entry), meta: metaOf(entry) };
  image.rawRemove(entry);
  return [undo];
}

function rename(
  image: ImageCore,
  from: string,
  to: string,
  replace: boolean,
  located?: Located,
): PrimitiveOp[] {
  const source = located?.entry ?? image.require(from);
  const target =
    located?.targetParent && located.targetName !== undefined
      ? {
          volume: image.volumeOf(located.targetParent),
          parent: located.targetParent,
          entry: located.existing,
          name: located.targetName,
        }
      : image.locate(to);
  if (image.volumeOf(source) !== target.volume) throw new WinError('ERROR_NOT_SAME_DEVICE', to);
  if (!target.parent)
    throw new WinError('ERROR_ACCESS_DENIED', to, 'a volume root cannot be a rename target');
  if (source.isDir && isSameOrAncestor(source, target.parent)) {
    throw new WinError('ERROR_SHARING_VIOLATION', to, 'a folder cannot move into itself');
  }
  const undo: PrimitiveOp[] = [];
  const existing = target.entry;
  if (existing && existing !== source) {
    if (!replace) throw new WinError('ERROR_ALREADY_EXISTS', to);
    if (existing.isDir) throw new WinError('ERROR_ACCESS_DENIED', to, 'the destination is a folder');
    undo.push(...remove(image, '', existing));
  }
  const oldPath = literalPath(image.pathOf(source));
  // the entry takes the name as the caller wrote it, also over one stored in another case (N1, B20)
  image.rawMove(source, target.parent, target.name);
  undo.unshift({ kind: 'rename', from: literalPath(image.pathOf(source)), to: oldPath, replace: false });
  return undo;
}

function canonicalKey(image: ImageCore, key: string): string {
  const canonical = image.registry.resolveKey(key);
  if (!canonical) throw new WinError('ERROR_FILE_NOT_FOUND', key, 'no such registry key');
  return canonical;
}

function createKey(image: ImageCore, key: string): PrimitiveOp[] {
  const { created } = image.registry.rawCreateKey(key);
  return created.length === 0 ? [] : [{ kind: 'regDeleteKey', key: created[0] }];
}

function deleteKey(image: ImageCore, key: string): PrimitiveOp[] {
  const canonical = canonicalKey(image, key);
  const undo: PrimitiveOp[] = [];
  const capture = (path: string): void => {
    undo.push({ kind: 'regCreateKey', key: path });
    for (const name of image.registry.listValues(path)) {
      undo.push({ kind: 'regSet', key: path, name, value: image.registry.getRawValue(path, name)! });
    }
    for (const sub of image.registry.listSubkeys(path)) capture(`${path}\\${sub}`);
  };
  capture(canonical);
  image.registry.rawDeleteKey(canonical);
  return undo;
}

function setValue(image: ImageCore, key: string, name: string, value: RawRegValue): PrimitiveOp[] {
  const undo = image.registry.keyExists(key) ? [] : createKey(image, key);
  const canonical = canonicalKey(image, key);
  let before: RawRegValue | undefined;
  try {
    before = image.registry.rawSetValue(canonical, name, value);
  } catch (error) {
    // a refused value (a name too long, a bad type) leaves no key behind either
    for (const op of undo) perform(image, op);
    throw error;
  }
  undo.unshift(
    before
      ? { kind: 'regSet', key: canonical, name, value: before }
      : { kind: 'regDelete', key: canonical, name },
  );
  return undo;
}
