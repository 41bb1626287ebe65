/**
 * What happens when the last handle of a delete-pending entry (N3) closes. The delete goes through
 * the ops door (logged, undoable, journaled), which sits above this layer, so the ops layer
 * registers it here once; every image uses it, including forked and loaded ones whose entries
 * became delete-pending in another image.
 */
import type { Entry } from './entry.js';
import type { ImageCore } from './image-core.js';

/** Deletes an entry whose last handle has just closed. */
export type PendingDeleteAction = (image: ImageCore, entry: Entry) => void;

let registered: PendingDeleteAction | undefined;

/** Sets the delete a delete-pending entry gets at its last close (the ops layer calls this once). */
export function setPendingDeleteAction(action: PendingDeleteAction): void {
  registered = action;
}

/** The delete of a delete-pending entry: the registered one, or the raw removal without the ops layer. */
export function runPendingDelete(image: ImageCore, entry: Entry): void {
  if (registered) registered(image, entry);
  else image.rawRemove(entry);
}
