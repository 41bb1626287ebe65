/** The parts of a boot report that describe queue entries and the files they concern. */
import { WIN32_ERRORS } from '../errors/index.js';
import type { RecoveryReport } from '../ops/index.js';
import type { DecodeProblem, PendingEntry, PendingValue } from './queue-entry.js';
import type { EntryFailure, EntryResult } from './run-entry.js';

/** A Win32 error in a report. */
export interface BootError {
  code: string;
  errno: number;
  message: string;
}

/** One queue entry in a boot report. */
export interface BootEntryReport {
  value: PendingValue;
  /** Position of the pair in its value, 0-based. */
  index: number;
  /** The source as stored (an NT path, `\??\C:\...`). */
  source: string;
  /** The destination as stored without its `!`; null for a delete. */
  destination: string | null;
  replaceExisting: boolean;
  outcome: 'renamed' | 'replaced' | 'deleted' | 'failed';
  /** For `failed`: the Win32 error the session manager met. */
  error?: BootError;
}

/**
 * A file a lost entry was to move or delete, still where the entry found it: a service pack's new
 * copy under its temporary name (`kernel32.dll.new`) that never replaced the file in use, or an
 * uninstall's original (`kernel32.dll.old`) whose backup folder is already gone.
 */
export interface OrphanedFile {
  /** Where the file is now (a Win32 path as stored, `C:\WINNT\system32\kernel32.dll.new`). */
  path: string;
  /** Where the lost entry was to move it (a Win32 path), or null: it was to be deleted. */
  destination: string | null;
  /** The lost entry: its value and position. */
  value: PendingValue;
  index: number;
}

/** A report's form of a failure. */
export function bootError(failure: EntryFailure): BootError {
  return {
    code: failure.code,
    errno: WIN32_ERRORS[failure.code],
    message: `${failure.code}: ${failure.detail}`,
  };
}

/** A report's form of an entry and what happened to it. */
export function entryReport(entry: PendingEntry, result: EntryResult): BootEntryReport {
  const report: BootEntryReport = {
    value: entry.value,
    index: entry.index,
    source: entry.source,
    destination: entry.destination,
    replaceExisting: entry.replaceExisting,
    outcome: result.outcome,
  };
  if (result.outcome === 'failed') report.error = bootError(result.failure);
  return report;
}

/** What a boot did. */
export interface BootReport {
  mode: 'windows' | 'transactional';
  /** Every entry processed by this boot, in processing order (value 1, then value 2). */
  entries: BootEntryReport[];
  /** Damage found in the queue values (each message names its value). */
  problems: DecodeProblem[];
  /** What recovery did with a transaction a power cut left open. */
  recovered?: RecoveryReport;
  /**
   * Entries an earlier `windows`-mode boot took off the queue but never completed: the power went
   * (Windows deletes the queue before it runs an entry, B16). Each is `failed` with
   * ERROR_PROCESS_ABORTED. Reported by the first boot after the cut that completes.
   */
  lost?: BootEntryReport[];
  /**
   * With `lost`: the files those entries were to move or delete, still where they were after this
   * boot (new copies under temporary names, an uninstall's originals in `*.old`).
   */
  orphaned?: OrphanedFile[];
  /** Entries already done by an interrupted `transactional` boot, skipped by this one. */
  skipped: number;
  /** `AllowProtectedRenames` was 1 before the boot (B18); it is deleted by the boot. */
  allowProtectedRenames: boolean;
  servicesStarted: string[];
  processesEnded: number;
  counts: { renamed: number; replaced: number; deleted: number; failed: number };
}
