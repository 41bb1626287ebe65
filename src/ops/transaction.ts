import type { ImageCore, Journal, PrimitiveOp } from '../image/index.js';
import { applyOp, applyOpQuietly } from './apply.js';
import { opLog } from './log.js';
import { spendPower } from './power.js';

/** What recovery did with a journal left by a power cut. */
export interface RecoveryReport {
  transaction: string;
  mode: Journal['mode'];
  /** Operations undone (rollback) or completed (rollforward). */
  operations: number;
  context: Journal['context'];
}

/**
 * Opens a transaction: from now on the image carries a write-ahead journal, so a power cut before
 * `commit` is recovered at the next boot. `rollback` undoes what was done; `rollforward` (needs the
 * whole `plan` up front) completes it.
 */
export function beginTransaction(
  image: ImageCore,
  name: string,
  options: { mode?: Journal['mode']; plan?: PrimitiveOp[]; context?: Journal['context'] } = {},
): void {
  if (image.journal) throw new Error(`transaction '${image.journal.name}' is still open`);
  image.journal = {
    name,
    mode: options.mode ?? 'rollback',
    undo: [],
    plan: options.plan ?? [],
    applied: 0,
    context: options.context ?? {},
  };
}

/** Closes the open transaction: its changes stay. */
export function commitTransaction(image: ImageCore): void {
  image.journal = undefined;
}

/** Applies the rest of a roll-forward transaction's plan, counting each step in the journal. */
export function runPlan(image: ImageCore): void {
  const journal = image.journal;
  if (!journal || journal.mode !== 'rollforward') throw new Error('no roll-forward transaction is open');
  while (journal.applied < journal.plan.length) {
    applyOp(image, journal.plan[journal.applied]);
    journal.applied++;
  }
}

/** Undoes everything an open rollback transaction did, and closes it (a failed step, a cancel). */
export function abortTransaction(image: ImageCore): number {
  const journal = image.journal;
  if (!journal) return 0;
  const count = undoJournal(image, journal, false);
  image.journal = undefined;
  return count;
}

/**
 * Recovery at boot: a journal left by a power cut is rolled back or forward, one primitive change
 * at a time with the journal's progress updated together with each, so a power cut during recovery
 * (it spends the power budget like any change) is itself recovered by the next boot, which carries
 * on from the change after the last one done and never repeats one.
 */
export function recoverJournal(image: ImageCore): RecoveryReport | undefined {
  const journal = image.journal;
  if (!journal) return undefined;
  let operations = 0;
  if (journal.mode === 'rollback') {
    operations = undoJournal(image, journal, true);
  } else {
    operations = journal.plan.length - journal.applied;
    while (journal.applied < journal.plan.length) {
      applyOp(image, journal.plan[journal.applied]);
      journal.applied++;
    }
  }
  image.journal = undefined;
  return { transaction: journal.name, mode: journal.mode, operations, context: journal.context };
}

/**
 * Applies the undo steps newest first. A step can be several changes (a replacing rename's undo is
 * the rename back, then the replaced file written again; a run of files created one after another
 * is deleted in one step, `write-at.ts`): `undone` counts those of the newest step
 * already applied, advanced with each change (a cut falls only before a change), so that a resumed
 * recovery starts after them instead of failing on a change that is no longer possible.
 */
function undoJournal(image: ImageCore, journal: Journal, spendsPower: boolean): number {
  let count = 0;
  while (journal.undo.length > 0) {
    const steps = journal.undo[journal.undo.length - 1];
    for (let i = journal.undone ?? 0; i < steps.length; i++) {
      if (spendsPower) spendPower(image);
      applyOpQuietly(image, steps[i]);
      journal.undone = i + 1;
      count++;
    }
    journal.undo.pop();
    delete journal.undone;
  }
  return count;
}

/** Undoes the logged operations from `mark` to now, newest first; returns how many. */
export function undoSince(image: ImageCore, mark: number): number {
  const log = opLog(image);
  const records = log.since(mark);
  for (let i = records.length - 1; i >= 0; i--) {
    for (const op of records[i].undo) applyOpQuietly(image, op);
  }
  log.truncate(mark);
  return records.length;
}
