/**
 * The door for an install's many writes to located files: each does what `applyOp` does for
 * `{ kind: 'write', path: folder + name, data, meta }` (the machine must be on, the servicing lock,
 * one unit of the power budget, the change, the log, the open rollback journal) without building the
 * operation: the log keeps the folder and the name (`OpLog.recordWrite`). A created file's undo, its
 * delete, is not kept in the log either (the log builds it when read), and in the rollback journal it
 * joins the step of the creations made just before it, undone together: the files a run of creations
 * made are independent, so their deletes may come in any order, and one list of them costs less than
 * a list each (an install creates tens of thousands of files).
 */
import type { Entry, FileMeta, ImageCore, Location, PrimitiveOp } from '../image/index.js';
import { enterChange, writeFile } from './apply.js';
import { opLog } from './log.js';

/** Each image's journal step of creations still being added to (while it is the journal's last step). */
const creations = new WeakMap<ImageCore, PrimitiveOp[]>();

/** Gives the open rollback journal the undo of a creation: into the step of the creations before it, if it is the last. */
function journalCreation(image: ImageCore, undo: PrimitiveOp): void {
  const journal = image.journal;
  if (journal?.mode !== 'rollback') return;
  const steps = journal.undo;
  const step = creations.get(image);
  if (step !== undefined && steps.length > 0 && steps[steps.length - 1] === step) step.push(undo);
  else {
    const fresh = [undo];
    steps.push(fresh);
    creations.set(image, fresh);
  }
}

/**
 * Logs a write to `folder + name` and gives the journal its undo: `written` is the file it created,
 * or the undo of writing over the file there. `meta` is the metadata, or the version when
 * `attributes` is a number.
 */
function record(
  image: ImageCore,
  folder: string,
  name: string,
  data: Uint8Array,
  meta: FileMeta | string | null | undefined,
  attributes: number | undefined,
  written: Entry | PrimitiveOp[],
): void {
  const log = opLog(image);
  if (Array.isArray(written)) {
    log.recordWrite(folder, name, data, meta, attributes, written);
    if (image.journal?.mode === 'rollback') image.journal.undo.push(written);
    return;
  }
  const stored = image.folderPath(written.parent!);
  // the log builds a created file's delete from the folder and the name when they are its stored path
  const undo: PrimitiveOp = { kind: 'delete', path: stored + written.name };
  const built = stored === folder && written.name === name;
  log.recordWrite(folder, name, data, meta, attributes, built ? null : [undo]);
  journalCreation(image, undo);
}

/**
 * `applyOp` of `{ kind: 'write', path: folder + name, data, meta }` (`meta` left out when undefined)
 * where `location` is where that path leads now. `folder` ends with the backslash before `name`.
 */
export function applyWriteAt(
  image: ImageCore,
  folder: string,
  name: string,
  data: Uint8Array,
  meta: FileMeta | undefined,
  location: Location,
): void {
  enterChange(image, 'write', folder, name);
  const written = writeFile(image, folder, name, data, meta, location);
  record(image, folder, name, data, meta, undefined, written);
}

/** The metadata of a versioned write, filled again for each: `writeFile` keeps none of it. */
const versioned: { version: string | null; attributes: number } = { version: null, attributes: 0 };

/**
 * `applyWriteAt` with the metadata `{ version, attributes }`, which the log keeps as two cells
 * instead of an object.
 */
export function applyVersionedWriteAt(
  image: ImageCore,
  folder: string,
  name: string,
  data: Uint8Array,
  version: string | null,
  attributes: number,
  location: Location,
): void {
  enterChange(image, 'write', folder, name);
  versioned.version = version;
  versioned.attributes = attributes;
  const written = writeFile(image, folder, name, data, versioned, location);
  record(image, folder, name, data, version, attributes, written);
}
