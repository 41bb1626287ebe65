/**
 * The queue as Sysinternals PendMoves shows it, plus what the engine can tell: whether each source
 * exists now and whether the entry would fail if the machine rebooted now, and why.
 */
import { WinError } from '../errors/index.js';
import { ImageCore, copyImage } from '../image/index.js';
import { pendingEntriesFrom } from './codec.js';
import { readQueue } from './queue.js';
import type { PendingEntry } from './queue-entry.js';
import { bootWithoutRegisteredSteps } from './reboot.js';
import type { BootEntryReport } from './report.js';

/** One queued entry with its prospects. */
export interface PendingListing extends PendingEntry {
  /** The source exists now (a malformed or network path counts as absent). */
  sourceExists: boolean;
  /** The entry would fail if the machine rebooted now (earlier entries taken into account). */
  wouldFail: boolean;
  /** Why it would fail, e.g. `ERROR_ALREADY_EXISTS: the destination exists and the entry has no !`. */
  reason?: string;
}

function sourceExists(image: ImageCore, source: string): boolean {
  if (!source.startsWith('\\??\\')) return false;
  try {
    return image.find(source) !== undefined;
  } catch (error) {
    if (error instanceof WinError) return false;
    throw error;
  }
}

/**
 * Boots a copy of the image: the entries the boot ran (of the queue as a pending power-cut recovery
 * left it), and each one's outcome, keyed by `value:index`.
 */
function aBootNow(image: ImageCore): { pending: PendingEntry[]; outcomes: Map<string, BootEntryReport> } {
  const copy = new ImageCore({ time: image.clock, registry: image.registry.clone() });
  copyImage(image, copy);
  const { report, queue } = bootWithoutRegisteredSteps(copy);
  return {
    pending: queue.flatMap((value) => pendingEntriesFrom(value.pairs, value.done)),
    outcomes: new Map(report.entries.map((entry) => [`${entry.value}:${entry.index}`, entry])),
  };
}

/**
 * Decodes the queue (value 1, then value 2; entries an interrupted transactional boot already did are
 * left out). Whether an entry would fail comes from booting a copy of the image now, with the same
 * code as `reboot` (the registered after-boot steps are left out, as they run after every entry); the
 * image itself is not changed. When a power cut left a transaction open, the entries listed are those
 * of the queue as its recovery at that boot leaves it: the ones the boot would run.
 */
export function listPendingRenames(image: ImageCore): PendingListing[] {
  const queued = readQueue(image).some((value) => value.pairs.length > value.done);
  if (!queued && image.journal === undefined) return [];
  const { pending, outcomes } = aBootNow(image);
  return pending.map((entry) => {
    const outcome = outcomes.get(`${entry.value}:${entry.index}`);
    const listing: PendingListing = {
      ...entry,
      sourceExists: sourceExists(image, entry.source),
      wouldFail: false,
    };
    if (outcome?.outcome === 'failed') {
      listing.wouldFail = true;
      listing.reason = outcome.error?.message;
    }
    return listing;
  });
}
