/**
 * The shape of one entry of the boot-time rename queue (`PendingFileRenameOperations`)
 * and where that queue lives in the registry.
 */

/** The registry key that holds the queue (through the CurrentControlSet alias). */
export const SESSION_MANAGER_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager';

/** The queue's value names: value 1 is processed first, then value 2 (B1). */
export const PENDING_RENAME_VALUES = {
  1: 'PendingFileRenameOperations',
  2: 'PendingFileRenameOperations2',
} as const;

/** Which of the two queue values an entry came from. */
export type PendingValue = keyof typeof PENDING_RENAME_VALUES;

/** One (source, destination) pair of the queue, decoded. */
export interface PendingEntry {
  /** The NT path as stored, e.g. `\??\C:\WINNT\system32\x.dll`; a delete's ReactOS `@` prefix is already stripped. */
  source: string;
  /** `null` for a delete (empty destination string); otherwise the NT path without its leading `!` or `@`. */
  destination: string | null;
  /** The destination started with `!` (or `@`, as ReactOS reads it): replace an existing destination. */
  replaceExisting: boolean;
  /** The source string exactly as in the value. */
  rawSource: string;
  /** The destination string exactly as in the value (`''` for a delete). */
  rawDestination: string;
  /** 1 for `PendingFileRenameOperations`, 2 for `PendingFileRenameOperations2`. */
  value: PendingValue;
  /** Position of the pair within its value, 0-based. */
  index: number;
}

/** What a caller supplies to queue one entry: the rest is derived when it is encoded. */
export type PendingRenameRequest = Pick<PendingEntry, 'source' | 'destination' | 'replaceExisting'>;

/** Something wrong in stored queue data, at a byte offset into the value. */
export interface DecodeProblem {
  offset: number;
  message: string;
}

/** The readable entries of a queue value, every problem found, and whether its data ends in two NULs. */
export interface DecodeResult {
  entries: PendingEntry[];
  problems: DecodeProblem[];
  /** The last two UTF-16 units are NUL (Wine refuses to process a value that does not: B16). */
  endsWithDoubleNul: boolean;
}
