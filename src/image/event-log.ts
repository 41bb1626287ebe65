import type { EventLogEntry, EventType } from './types.js';

/** Appends an entry stamped `time` to a System event log; records are numbered from 1. */
export function appendEvent(
  log: EventLogEntry[],
  time: number,
  source: string,
  eventId: number,
  type: EventType,
  message: string,
): EventLogEntry {
  const entry: EventLogEntry = { record: log.length + 1, time, source, eventId, type, message };
  log.push(entry);
  return entry;
}
