/**
 * What happened to a boot's entries, kept as the entries run as one byte each (and each failure by
 * its position), and made into the report's {@link BootEntryReport}s only when the report's
 * `entries` are first read. A boot of a million entries then makes no object per entry that lives
 * past the entry: each one survived every young-generation collection of the boot, which copied it.
 */
import type { PendingPairs } from './codec.js';
import { entryReport, type BootEntryReport, type BootReport } from './report.js';
import type { EntryFailure, EntryOutcome, EntryResult } from './run-entry.js';

const SUCCESSES: readonly Exclude<EntryOutcome, 'failed'>[] = ['renamed', 'replaced', 'deleted'];
const FAILED = 3;

/** The entries of one queue value a boot ran: those of `pairs` from `start` on, `codes[k]` the `start + k`th's outcome. */
interface ValueRun {
  pairs: PendingPairs;
  start: number;
  codes: Uint8Array;
}

function codeOf(result: EntryResult): number {
  switch (result.outcome) {
    case 'renamed':
      return 0;
    case 'replaced':
      return 1;
    case 'deleted':
      return 2;
    default:
      return FAILED;
  }
}

/** The outcomes of a boot's entries, in the order they ran. */
export class EntryOutcomes {
  private readonly runs: ValueRun[] = [];
  /** Failures by position in the boot. */
  private readonly failures = new Map<number, EntryFailure>();
  private codes = new Uint8Array(0);
  private at = 0;
  private readonly tally = [0, 0, 0, 0];
  /** How many entries have run. */
  length = 0;

  /** The entries of `pairs` from `start` on run next, in order. */
  begin(pairs: PendingPairs, start: number): void {
    this.codes = new Uint8Array(Math.max(0, pairs.length - start));
    this.at = 0;
    this.runs.push({ pairs, start, codes: this.codes });
  }

  /** The next entry's result. */
  add(result: EntryResult): void {
    const code = codeOf(result);
    if (result.outcome === 'failed') this.failures.set(this.length, result.failure);
    this.codes[this.at++] = code;
    this.tally[code]++;
    this.length++;
  }

  /** How many entries had each outcome. */
  counts(): BootReport['counts'] {
    const [renamed, replaced, deleted, failed] = this.tally;
    return { renamed, replaced, deleted, failed };
  }

  /** Each entry that ran, with its outcome, as the report gives it. */
  reports(): BootEntryReport[] {
    const reports: BootEntryReport[] = [];
    for (const { pairs, start, codes } of this.runs) {
      for (let k = 0; k < codes.length && reports.length < this.length; k++) {
        const result: EntryResult =
          codes[k] === FAILED
            ? { outcome: 'failed', failure: this.failures.get(reports.length)! }
            : { outcome: SUCCESSES[codes[k]] };
        reports.push(entryReport(pairs.entry(start + k), result));
      }
    }
    return reports;
  }
}

/**
 * Gives `report` the entries of `outcomes` as its `entries`, made when first read (then kept); a
 * caller may still assign other entries.
 */
export function deferEntries(report: BootReport, outcomes: EntryOutcomes): void {
  let entries: BootEntryReport[] | undefined;
  Object.defineProperty(report, 'entries', {
    configurable: true,
    enumerable: true,
    get: () => (entries ??= outcomes.reports()),
    set: (value: BootEntryReport[]) => {
      entries = value;
    },
  });
}
