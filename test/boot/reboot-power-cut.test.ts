import { describe, expect, it } from 'vitest';
import { PowerCut } from '../../src/errors/index.js';
import { digestImage, type ImageCore } from '../../src/image/index.js';
import { MOVEFILE, applyOp, beginTransaction, opLog } from '../../src/ops/index.js';
import {
  SESSION_MANAGER_KEY,
  queueRename,
  reboot,
  type BootEntryReport,
  type BootReport,
} from '../../src/boot/index.js';
import { allowProtectedRenames, fork, makeImage, protect, setQueue, tree } from './helpers.js';

const DELAY = MOVEFILE.DELAY_UNTIL_REBOOT;
const REPLACE = DELAY | MOVEFILE.REPLACE_EXISTING;

/** A machine with a queue that exercises every kind of entry, in both values. */
function machineWithQueue(): ImageCore {
  const image = makeImage(
    {
      'C:\\WINNT\\system32\\a.dll': 'a1',
      'C:\\WINNT\\system32\\a.new': 'a2',
      'C:\\WINNT\\system32\\ro.dll': { data: 'ro1', attributes: 0x21 },
      'C:\\WINNT\\system32\\ro.new': 'ro2',
      'C:\\WINNT\\system32\\wfp.dll': 'w1',
      'C:\\WINNT\\system32\\wfp.new': 'w2',
      'C:\\WINNT\\old.dll': 'gone',
      'C:\\WINNT\\keep.dll': { data: 'stays', attributes: 0x21 },
      'C:\\tmp\\dir\\x': 'x',
      'C:\\move.me': 'moved',
    },
    ['C:\\empty'],
  );
  protect(image, 'C:\\WINNT\\system32\\wfp.dll');
  allowProtectedRenames(image);
  queueRename(image, 'C:\\WINNT\\system32\\a.new', 'C:\\WINNT\\system32\\a.dll', REPLACE);
  queueRename(image, 'C:\\WINNT\\system32\\ro.new', 'C:\\WINNT\\system32\\ro.dll', REPLACE);
  queueRename(image, 'C:\\WINNT\\system32\\wfp.new', 'C:\\WINNT\\system32\\wfp.dll', REPLACE);
  queueRename(image, 'C:\\WINNT\\old.dll', null, DELAY);
  queueRename(image, 'C:\\WINNT\\keep.dll', null, DELAY);
  queueRename(image, 'C:\\tmp\\dir\\x', null, DELAY);
  queueRename(image, 'C:\\tmp\\dir', null, DELAY);
  queueRename(image, 'C:\\empty', 'C:\\tmp\\was-empty', DELAY);
  queueRename(image, 'C:\\move.me', 'D:\\move.me', DELAY);
  setQueue(
    image,
    ['\\??\\C:\\move.me', '\\??\\C:\\moved', '\\??\\C:\\nothing', ''],
    'PendingFileRenameOperations2',
  );
  return image;
}

const ids = (entries: readonly BootEntryReport[]): string[] => entries.map((e) => `${e.value}:${e.index}`);
const summary = (entries: readonly BootEntryReport[]): string[] =>
  entries.map((e) => `${e.value}:${e.index} ${e.outcome}${e.error ? ` ${e.error.code}` : ''}`);

function bootCounted(
  image: ImageCore,
  mode: 'windows' | 'transactional',
): { report: BootReport; operations: number } {
  const start = opLog(image).position;
  const report = reboot(image, { mode });
  return { report, operations: opLog(image).position - start };
}

function cutAt(image: ImageCore, mode: 'windows' | 'transactional', k: number): boolean {
  try {
    reboot(image, { mode, powerCutAfter: k });
    return false;
  } catch (error) {
    if (!(error instanceof PowerCut)) throw error;
    return true;
  }
}

describe('reboot with a power cut', () => {
  const original = machineWithQueue();
  const windows = bootCounted(fork(original), 'windows');
  const uninterrupted = fork(original);
  const transactional = bootCounted(uninterrupted, 'transactional');
  const expectedDigest = digestImage(uninterrupted);

  it('an uninterrupted boot gives the same result in both modes', () => {
    expect(summary(transactional.report.entries)).toEqual(summary(windows.report.entries));
    const windowsImage = fork(original);
    reboot(windowsImage);
    expect(digestImage(windowsImage)).toBe(expectedDigest);
    expect(image_values(uninterrupted)).toEqual([]);
    expect(transactional.report.counts).toEqual({ renamed: 2, replaced: 3, deleted: 3, failed: 3 });
  });

  it('transactional: a cut after any k operations, then a plain reboot, ends exactly as an uninterrupted boot', () => {
    const total = transactional.report.entries.length;
    const valueOneCount = transactional.report.entries.filter((e) => e.value === 1).length;
    let cuts = 0;
    for (let k = 0; k <= transactional.operations; k++) {
      const image = fork(original);
      const cut = cutAt(image, 'transactional', k);
      expect(cut).toBe(k < transactional.operations);
      if (cut) {
        cuts++;
        expect(image.poweredOff).toBe(true);
      }
      const next = reboot(image);
      expect(digestImage(image), `cut after ${k}`).toBe(expectedDigest);
      expect(next.lost).toBeUndefined();
      // Every entry ran exactly once across the two boots, with the same outcome: the next boot runs
      // a suffix of the queue, skipping what the cut boot did of a value it had not finished.
      const all = summary(transactional.report.entries);
      expect(summary(next.entries), `cut after ${k}`).toEqual(all.slice(all.length - next.entries.length));
      const finishedValues = total - next.entries.length - next.skipped;
      expect([0, valueOneCount, total]).toContain(finishedValues);
      if (!cut) expect(next.entries).toEqual([]);
    }
    expect(cuts).toBe(transactional.operations);
  });

  it('transactional: a cut mid-entry is rolled back by recovery and the entry replayed (B5 takes two operations)', () => {
    // Operations: the B4 rename (1) + its progress (2), then B5 clears read-only (3) — cut before its rename.
    const image = fork(original);
    expect(cutAt(image, 'transactional', 3)).toBe(true);
    expect(image.journal?.name).toBe('boot-pending-rename');
    const next = reboot(image, { mode: 'transactional' });
    expect(next.recovered).toMatchObject({
      transaction: 'boot-pending-rename',
      mode: 'rollback',
      operations: 1,
    });
    expect(next.skipped).toBe(1);
    expect(summary(next.entries)[0]).toBe('1:1 replaced');
    expect(digestImage(image)).toBe(expectedDigest);
  });

  it('transactional: a cut mid-boot loses nothing even when the resumed boot is cut again', () => {
    const image = fork(original);
    let boots = 0;
    for (const k of [2, 3, 1, 4]) {
      cutAt(image, 'transactional', k);
      boots++;
    }
    reboot(image, { mode: 'transactional' });
    expect(boots).toBe(4);
    expect(digestImage(image)).toBe(expectedDigest);
  });

  it('windows: the loss is reported by the next boot, never hidden', () => {
    for (let k = 0; k < windows.operations; k++) {
      const image = fork(original);
      expect(cutAt(image, 'windows', k)).toBe(true);
      const next = reboot(image);
      const lost = next.lost ?? [];
      const all = ids(windows.report.entries);
      // Lost entries are a suffix of the queue (those the cut boot had not completed), the rest of
      // the queue (a value the cut boot had not yet deleted) runs in the next boot.
      const accounted = [...ids(lost), ...ids(next.entries)];
      if (k === 0) {
        expect(lost, 'nothing was deleted before the cut').toEqual([]);
        expect(summary(next.entries)).toEqual(summary(windows.report.entries));
      } else if (k === windows.operations - 1) {
        expect(lost, 'the cut came after the last entry, before AllowProtectedRenames was deleted').toEqual(
          [],
        );
        expect(next.entries).toEqual([]);
      } else {
        expect(lost.length, `cut after ${k}`).toBeGreaterThan(0);
        expect(all.slice(all.length - accounted.length)).toEqual(accounted);
        for (const entry of lost) expect(entry.error?.code).toBe('ERROR_PROCESS_ABORTED');
      }
      expect(reboot(image).lost).toBeUndefined();
    }
  });

  it('windows: entries lost to a cut are gone from the queue (as in Windows) and the image shows it', () => {
    const image = fork(original);
    cutAt(image, 'windows', 3); // both values deleted, then one entry done
    const next = reboot(image);
    expect(next.entries).toEqual([]);
    expect(ids(next.lost ?? [])).toEqual(ids(windows.report.entries).slice(1));
    expect(tree(image)['C:\\WINNT\\system32\\ro.new']).toBe('ro2');
    expect(digestImage(image)).not.toBe(expectedDigest);
  });

  it("recovers a power-cut install's transaction before the queue runs", () => {
    const image = makeImage({ 'C:\\a': 'a' });
    beginTransaction(image, 'install W2K-SP4', { context: { package: 'W2K-SP4' } });
    applyOp(image, { kind: 'write', path: 'C:\\b', data: Buffer.from('b') });
    image.poweredOff = true;
    const report = reboot(image);
    expect(report.recovered).toMatchObject({
      transaction: 'install W2K-SP4',
      operations: 1,
      context: { package: 'W2K-SP4' },
    });
    expect(tree(image)).toEqual({ 'C:\\a': 'a' });
    expect(image.events.map((e) => e.eventId)).toEqual([6008, 6009, 6005]);
  });

  it('rejects a powerCutAfter that is not a whole number >= 0', () => {
    expect(() => reboot(makeImage(), { powerCutAfter: -1 })).toThrow(RangeError);
  });
});

function image_values(image: ImageCore): string[] {
  return image.registry.listValues(SESSION_MANAGER_KEY);
}
