/** What a load of an image file tells of its progress (WinImage.load's `onProgress`). */

/**
 * Told how far a load has come: `read`, the image file's bytes read and checked (about once a MiB);
 * `entries`, its entries decoded (once every 65,536, and at the last). `done` equals `total` at the
 * last call of each step.
 */
export type LoadProgress = (step: 'read' | 'entries', done: number, total: number) => void;

/** Told, as an image file is read and checked, how many of its bytes are done and how many it has. */
export type ReadProgress = (bytesDone: number, bytesTotal: number) => void;

/** Told, as an image's entries are decoded, how many are done and how many it has. */
export type EntryProgress = (entriesDone: number, entriesTotal: number) => void;
