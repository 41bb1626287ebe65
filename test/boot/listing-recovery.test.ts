/**
 * The listing predicts the boot (spec/pending-renames.md, "A listing of the queue like Sysinternals
 * PendMoves"), a pending power-cut recovery included: when an install was cut, the boot first rolls
 * its transaction back (or forward), and so runs the queue as that recovery leaves it. The listing
 * must list the entries that boot will run, not those of the queue as the cut left it.
 */
import { describe, expect, it } from 'vitest';
import {
  PENDING_RENAME_VALUES,
  SESSION_MANAGER_KEY,
  encodePendingRenames,
  listPendingRenames,
  queueRename,
  reboot,
} from '../../src/boot/index.js';
import type { ImageCore } from '../../src/image/index.js';
import { MOVEFILE, beginTransaction } from '../../src/ops/index.js';
import { fork, makeImage } from './helpers.js';

const REPLACE = MOVEFILE.DELAY_UNTIL_REBOOT | MOVEFILE.REPLACE_EXISTING;

const entriesOf = (rows: { value: number; index: number; source: string; destination: string | null }[]) =>
  rows.map(({ value, index, source, destination }) => ({ value, index, source, destination }));

/** Every listed entry with whether it would fail, next to what a reboot of a copy does. */
function listedAndBooted(image: ImageCore) {
  const listing = listPendingRenames(image);
  const report = reboot(fork(image));
  return {
    listed: entriesOf(listing),
    booted: entriesOf(report.entries),
    listedFailing: listing.filter((entry) => entry.wouldFail).map((entry) => entry.index),
    bootFailing: report.entries.filter((entry) => entry.outcome === 'failed').map((entry) => entry.index),
  };
}

describe('listPendingRenames after a power cut left a transaction open', () => {
  it('a rollback recovery takes the cut install’s entries off: they are not listed as pending', () => {
    const image = makeImage({ 'C:\\a.new': 'a', 'C:\\a.dll': 'old', 'C:\\b.new': 'b', 'C:\\b.dll': 'old' });
    queueRename(image, 'C:\\a.new', 'C:\\a.dll', REPLACE);
    beginTransaction(image, 'install W2K-SP4');
    queueRename(image, 'C:\\b.new', 'C:\\b.dll', REPLACE);
    image.poweredOff = true;
    const { listed, booted, listedFailing, bootFailing } = listedAndBooted(image);
    expect(booted).toEqual([
      { value: 1, index: 0, source: '\\??\\C:\\a.new', destination: '\\??\\C:\\a.dll' },
    ]);
    expect(listed).toEqual(booted);
    expect(listedFailing).toEqual(bootFailing);
  });

  it('a roll-forward recovery completes the cut install’s queue: its entries are listed', () => {
    const image = makeImage({ 'C:\\a.new': 'a', 'C:\\a.dll': 'old' });
    const bytes = encodePendingRenames([
      { source: '\\??\\C:\\a.new', destination: '\\??\\C:\\a.dll', replaceExisting: true },
    ]);
    beginTransaction(image, 'install W2K-SP4', {
      mode: 'rollforward',
      plan: [
        {
          kind: 'regSet',
          key: SESSION_MANAGER_KEY,
          name: PENDING_RENAME_VALUES[1],
          value: { type: 7, bytes },
        },
      ],
    });
    image.poweredOff = true;
    const { listed, booted } = listedAndBooted(image);
    expect(booted).toEqual([
      { value: 1, index: 0, source: '\\??\\C:\\a.new', destination: '\\??\\C:\\a.dll' },
    ]);
    expect(listed).toEqual(booted);
  });
});
