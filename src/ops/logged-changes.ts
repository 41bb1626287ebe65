/**
 * The door for a boot's many small changes, recorded as compact log records (`compact.ts`): a move
 * or delete of an entry the caller has found, and a DWORD written to an existing key. Each does what
 * `applyOp` does for the same operation (the machine must be on, the servicing lock, one unit of the
 * power budget, the change, the log, the open rollback journal) without building the operation and
 * its undo unless the journal needs them.
 */
import { WinError } from '../errors/index.js';
import type { Entry, ImageCore, PrimitiveOp } from '../image/index.js';
import { applyOp, enterChange } from './apply.js';
import { compactPrevious, dwordValue } from './compact.js';
import { opLog, type OpLog } from './log.js';

/** Logs the change in the newest compact row, and gives the open rollback journal its undo. */
function record(image: ImageCore, log: OpLog, row: number): void {
  if (image.journal?.mode === 'rollback') image.journal.undo.push(log.compact.undo(row));
  log.recordCompact(row);
}

/** A rename of an entry the caller has found, to a place it has found, both on one volume. */
export interface FoundMove {
  entry: Entry;
  targetParent: Entry;
  targetName: string;
  /** What `targetName` names in `targetParent` now, if anything. */
  existing: Entry | undefined;
  replace: boolean;
  /** `entry`'s name folded by its volume's table, when the caller has it (the index then need not fold it again). */
  folded?: string;
  /** `targetName` folded, when the caller has it. */
  targetFolded?: string;
  /** `existing`'s name folded, when the caller has it. */
  existingFolded?: string;
}

/**
 * `applyOp` of `{ kind: 'rename', from, to, replace }` for a move the caller has checked (same
 * volume, not into itself, the entry not a volume root), `from` and `to` being the stored paths the
 * entry has and gets (so `targetName` is a name Win32 keeps as it is: no trailing dot or space); the
 * log keeps a compact row (`compact.ts`).
 */
export function moveFound(image: ImageCore, move: FoundMove): void {
  const { entry, existing, targetParent } = move;
  const fromFolder = image.folderPath(entry.parent!);
  const fromName = entry.name;
  enterChange(image, 'rename', fromFolder, fromName);
  const replaced = existing !== undefined && existing !== entry ? existing : undefined;
  let replacedContent: Uint8Array | undefined;
  if (replaced !== undefined) {
    if (!move.replace) throw new WinError('ERROR_ALREADY_EXISTS', image.pathOf(replaced));
    if (replaced.isDir)
      throw new WinError('ERROR_ACCESS_DENIED', image.pathOf(replaced), 'the destination is a folder');
    replacedContent = image.storedContent(replaced);
    image.rawRemove(replaced, move.existingFolded);
  }
  image.rawMove(entry, targetParent, move.targetName, move.folded, move.targetFolded);
  // a removed entry keeps its name and metadata: the row reads them now
  const log = opLog(image);
  const toFolder = image.folderPath(targetParent);
  const row = log.compact.addMove(
    fromFolder,
    fromName,
    toFolder,
    entry.name,
    move.replace,
    replaced,
    replacedContent,
  );
  record(image, log, row);
}

/**
 * `applyOp` of `{ kind: 'delete', path }` for an entry found (not a volume root); logs a
 * compact row. `folded`: its name folded, when the caller has it.
 */
export function deleteFound(image: ImageCore, entry: Entry, folded?: string): void {
  const folder = image.folderPath(entry.parent!);
  enterChange(image, 'delete', folder, entry.name);
  const content = image.storedContent(entry);
  image.rawRemove(entry, folded);
  const log = opLog(image);
  record(image, log, log.compact.addDelete(folder, entry, content));
}

/**
 * `applyOp` of a REG_DWORD `regSet` to the key at canonical path `key` (as `registry.resolveKey`
 * gives it); logs a compact row. A key that is not there is created through `applyOp`.
 */
export function setDword(image: ImageCore, key: string, name: string, value: number): void {
  if (!image.registry.keyExists(key)) {
    applyOp(image, { kind: 'regSet', key, name, value: dwordValue(value) });
    return;
  }
  enterChange(image, 'regSet', key);
  const previous = image.registry.rawSetDword(key, name, value);
  const log = opLog(image);
  log.recordCompact(log.compact.addDword(key, name, value >>> 0, compactPrevious(previous)));
  // the journal's undo is the value the registry gave back, as it is (not built again from the record)
  if (image.journal?.mode === 'rollback') {
    const undo: PrimitiveOp =
      previous === undefined
        ? { kind: 'regDelete', key, name }
        : { kind: 'regSet', key, name, value: previous };
    image.journal.undo.push([undo]);
  }
}
