/**
 * A recovery broken on purpose (it records a step as undone before undoing it, for every third
 * step): the chain sweep must still find it, and the sweep must then name exactly the cuts that
 * cutting each change on its own fork names.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ImageCore } from '../../src/image/index.js';
import { sweepBothWays } from './recovery-cuts.js';

vi.setConfig({ testTimeout: 300_000 });

vi.mock('../../src/ops/transaction.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/ops/transaction.js')>();
  const { applyOpQuietly } = await import('../../src/ops/apply.js');
  const { spendPower } = await import('../../src/ops/power.js');
  /** Every third step leaves the journal before its changes are made: a cut then loses them. */
  function recoverRecordingAhead(image: ImageCore): ReturnType<typeof original.recoverJournal> {
    const journal = image.journal;
    if (!journal || journal.mode !== 'rollback') return original.recoverJournal(image);
    let operations = 0;
    while (journal.undo.length > 0) {
      const early = journal.undo.length % 3 === 0;
      const steps = journal.undo[journal.undo.length - 1];
      if (early) journal.undo.pop();
      for (let i = journal.undone ?? 0; i < steps.length; i++) {
        spendPower(image);
        applyOpQuietly(image, steps[i]);
        journal.undone = i + 1;
        operations++;
      }
      if (!early) journal.undo.pop();
      delete journal.undone;
    }
    image.journal = undefined;
    return { transaction: journal.name, mode: journal.mode, operations, context: journal.context };
  }
  return { ...original, recoverJournal: recoverRecordingAhead };
});

describe('a recovery that records progress ahead of its changes', () => {
  it('the chain finds it, and the sweep names the same failing cuts as cutting each change on its own', async () => {
    const verdicts = await sweepBothWays('');
    const broken = verdicts.filter((v) => v.oneByOne.length > 0);
    expect(broken.length).toBeGreaterThan(0);
    for (const v of verdicts) {
      expect({ point: v.point, chainFound: v.chain !== undefined }).toEqual({
        point: v.point,
        chainFound: v.oneByOne.length > 0,
      });
      expect(v.swept).toEqual(v.oneByOne);
    }
    // only some cuts of a broken recovery fail: the sweep names which, not just that one did
    expect(broken.some((v) => v.oneByOne.length < v.changes)).toBe(true);
  });
});
