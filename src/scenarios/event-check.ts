/** Checking a machine's System event log for errors, as an administrator does before and after servicing. */
import type { EventLogEntry, ImageCore } from '../image/index.js';

/** The System log's next record number: errors "since" it are the ones logged from now on. */
export function eventMark(image: ImageCore): number {
  return image.events.length + 1;
}

/** Error entries of the System log with a record number at or after `fromRecord` (default: all). */
export function errorEvents(image: ImageCore, fromRecord = 1): EventLogEntry[] {
  return image.events.filter((entry) => entry.type === 'error' && entry.record >= fromRecord);
}

/** One line per error entry: `event 6008 (EventLog): message`. */
export function describeErrors(errors: readonly EventLogEntry[]): string {
  return errors.map((e) => `event ${e.eventId} (${e.source}): ${e.message}`).join('; ');
}
