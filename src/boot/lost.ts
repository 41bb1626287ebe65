/**
 * What a `windows`-mode boot loses to a power cut. Windows deletes the queue before it runs any
 * entry (B16), so a cut mid-boot leaves the rest undone with no trace in the registry. When the power
 * goes, the engine notes the queue the boot took in the image's notes; the next boot reports the
 * entries that never completed (`lost`) and the files they left where they were (`orphaned`). The
 * finding stays in the notes until a boot completes and reports it, so a boot that is itself cut
 * loses nothing of it.
 */
import { WinError } from '../errors/index.js';
import { jsonNote, type ImageCore, type NoteKind } from '../image/index.js';
import { decodePendingRenames } from './codec.js';
import type { QueueValue } from './queue.js';
import { PENDING_RENAME_VALUES, SESSION_MANAGER_KEY, type PendingValue } from './queue-entry.js';
import { entryReport, type BootEntryReport, type OrphanedFile } from './report.js';

interface TakenQueue {
  values: { value: PendingValue; hex: string; skip: number }[];
}

/** The queue a `windows`-mode boot took off the registry, kept until the boot is done. */
const TAKEN_QUEUE = jsonNote('boot.windowsQueue', (parsed) => parsed as TakenQueue);
/** How many of those entries the boot completed before the power went. */
const TAKEN_DONE: NoteKind<number> = { name: 'boot.windowsDone', decode: Number, encode: String };
/** Entries found lost by a boot that has not completed yet; a note that is not a list reads as none. */
const LOST_ENTRIES: NoteKind<BootEntryReport[]> = {
  name: 'boot.lostEntries',
  decode(text) {
    try {
      const parsed = JSON.parse(text) as unknown;
      return Array.isArray(parsed) ? (parsed as BootEntryReport[]) : [];
    } catch {
      return [];
    }
  },
  encode: (lost) => JSON.stringify(lost),
};

/** Whether a `windows`-mode boot was cut and its next boot has something to finish or report. */
export function hasInterruptedBoot(image: ImageCore): boolean {
  return [TAKEN_QUEUE, TAKEN_DONE, LOST_ENTRIES].some((kind) => image.notes.has(kind));
}

/** What the next boot reports of a `windows`-mode boot cut by a power failure. */
export interface Loss {
  lost: BootEntryReport[];
  orphaned: OrphanedFile[];
}

/**
 * Notes the queue an interrupted `windows`-mode boot had taken (B16) and how many of its entries it
 * completed, for the next boot. Called only when the boot is cut (or fails), so a boot that completes
 * never encodes the queue: until then the taken values' bytes are all it needs, and nothing can look
 * at the image while a boot runs.
 */
export function noteInterruptedBoot(image: ImageCore, queue: readonly QueueValue[], done: number): void {
  const taken: TakenQueue = {
    values: queue
      .filter((value) => value.bytes !== undefined)
      .map((value) => ({
        value: value.value,
        hex: Buffer.from(value.bytes!.buffer, value.bytes!.byteOffset, value.bytes!.byteLength).toString(
          'hex',
        ),
        skip: value.done,
      })),
  };
  image.notes.set(TAKEN_QUEUE, taken);
  image.notes.set(TAKEN_DONE, done);
}

function clearTakenQueue(image: ImageCore): void {
  image.notes.delete(TAKEN_QUEUE);
  image.notes.delete(TAKEN_DONE);
}

function notedLoss(image: ImageCore): BootEntryReport[] {
  return image.notes.get(LOST_ENTRIES) ?? [];
}

/**
 * Finds the entries an interrupted `windows`-mode boot took off the queue and never completed (a
 * value it had not yet deleted when the power went still runs), and keeps them with any found by
 * an earlier boot that was cut too, until a boot reports them.
 */
export function takeLostEntries(image: ImageCore): void {
  const taken = image.notes.get(TAKEN_QUEUE);
  if (taken === undefined) return;
  const done = image.notes.get(TAKEN_DONE) ?? 0;
  const lost = notedLoss(image);
  let position = 0;
  for (const { value, hex, skip } of taken.values) {
    const entries = decodePendingRenames(Buffer.from(hex, 'hex'), value).entries.slice(skip);
    const still = image.registry.getRawValue(SESSION_MANAGER_KEY, PENDING_RENAME_VALUES[value]);
    const stillQueued = still !== undefined && Buffer.from(still.bytes).toString('hex') === hex;
    for (const entry of entries) {
      if (position >= done && !stillQueued) {
        lost.push(
          entryReport(entry, {
            outcome: 'failed',
            failure: {
              code: 'ERROR_PROCESS_ABORTED',
              path: entry.source,
              detail:
                'the power was cut during an earlier boot after Windows had deleted the queue; this entry never completed',
            },
          }),
        );
      }
      position++;
    }
  }
  if (lost.length > 0) image.notes.set(LOST_ENTRIES, lost);
  clearTakenQueue(image);
}

function win32Path(ntPath: string): string {
  return ntPath.startsWith('\\??\\') ? ntPath.slice(4) : ntPath;
}

/** The sources of lost entries that still exist now. */
function orphanedFiles(image: ImageCore, lost: readonly BootEntryReport[]): OrphanedFile[] {
  const orphaned: OrphanedFile[] = [];
  for (const entry of lost) {
    let found;
    try {
      found = entry.source.startsWith('\\??\\') ? image.find(entry.source) : undefined;
    } catch (error) {
      if (!(error instanceof WinError)) throw error;
    }
    if (!found) continue;
    orphaned.push({
      path: image.pathOf(found),
      destination: entry.destination === null ? null : win32Path(entry.destination),
      value: entry.value,
      index: entry.index,
    });
  }
  return orphaned;
}

/** The loss to report, with the files it left as they are now; the boot reporting it completes. */
export function reportLoss(image: ImageCore): Loss | undefined {
  const lost = notedLoss(image);
  image.notes.delete(LOST_ENTRIES);
  if (lost.length === 0) return undefined;
  return { lost, orphaned: orphanedFiles(image, lost) };
}
