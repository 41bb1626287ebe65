import { describe, expect, it } from 'vitest';
import { digestImage } from '../../src/image/index.js';
import { MOVEFILE } from '../../src/ops/index.js';
import { listPendingRenames, queueRename, reboot } from '../../src/boot/index.js';
import { makeImage, setQueue } from './helpers.js';

const DELAY = MOVEFILE.DELAY_UNTIL_REBOOT;
const REPLACE = DELAY | MOVEFILE.REPLACE_EXISTING;

describe('listPendingRenames (like Sysinternals PendMoves)', () => {
  it('decodes every entry of both values, with whether its source exists and whether it would fail now, and why', () => {
    const image = makeImage({ 'C:\\a.new': 'a', 'C:\\a.dll': 'old', 'C:\\b.new': 'b', 'C:\\b.dll': 'old' });
    queueRename(image, 'C:\\a.new', 'C:\\a.dll', REPLACE);
    queueRename(image, 'C:\\b.new', 'C:\\b.dll', DELAY);
    queueRename(image, 'C:\\missing', null, DELAY);
    setQueue(image, ['\\??\\C:\\a.dll', ''], 'PendingFileRenameOperations2');
    const listing = listPendingRenames(image);
    expect(
      listing.map(({ value, index, source, destination, replaceExisting, sourceExists, wouldFail }) => ({
        value,
        index,
        source,
        destination,
        replaceExisting,
        sourceExists,
        wouldFail,
      })),
    ).toEqual([
      {
        value: 1,
        index: 0,
        source: '\\??\\C:\\a.new',
        destination: '\\??\\C:\\a.dll',
        replaceExisting: true,
        sourceExists: true,
        wouldFail: false,
      },
      {
        value: 1,
        index: 1,
        source: '\\??\\C:\\b.new',
        destination: '\\??\\C:\\b.dll',
        replaceExisting: false,
        sourceExists: true,
        wouldFail: true,
      },
      {
        value: 1,
        index: 2,
        source: '\\??\\C:\\missing',
        destination: null,
        replaceExisting: false,
        sourceExists: false,
        wouldFail: true,
      },
      {
        value: 2,
        index: 0,
        source: '\\??\\C:\\a.dll',
        destination: null,
        replaceExisting: false,
        sourceExists: true,
        wouldFail: false,
      },
    ]);
    expect(listing[1].reason).toBe('ERROR_ALREADY_EXISTS: the destination exists and the entry has no !');
    expect(listing[2].reason).toMatch(/^ERROR_FILE_NOT_FOUND: /);
    expect(listing[0].reason).toBeUndefined();
  });

  it('takes earlier entries into account ("delete X, then rename Y to X" would succeed)', () => {
    const image = makeImage({ 'C:\\X': 'old', 'C:\\Y': 'new' });
    queueRename(image, 'C:\\X', null, DELAY);
    queueRename(image, 'C:\\Y', 'C:\\X', DELAY);
    expect(listPendingRenames(image).map((e) => e.wouldFail)).toEqual([false, false]);
  });

  it('changes nothing in the image, and agrees with the reboot that follows', () => {
    const image = makeImage({ 'C:\\r.dll': { data: 'x', attributes: 0x21 }, 'C:\\s': 's' });
    image.startProcess('app.exe', { holds: ['C:\\s'] });
    queueRename(image, 'C:\\r.dll', null, DELAY);
    queueRename(image, 'C:\\s', 'D:\\s', DELAY);
    queueRename(image, 'C:\\s', 'C:\\t', DELAY);
    const digest = digestImage(image);
    const events = image.events.length;
    const listing = listPendingRenames(image);
    expect(digestImage(image)).toBe(digest);
    expect(image.events).toHaveLength(events);
    expect(image.processes()).toHaveLength(1);
    const report = reboot(image);
    expect(listing.map((e) => e.wouldFail)).toEqual(report.entries.map((e) => e.outcome === 'failed'));
    expect(listing.map((e) => e.reason)).toEqual(report.entries.map((e) => e.error?.message));
  });

  it('an empty queue lists nothing', () => {
    expect(listPendingRenames(makeImage())).toEqual([]);
  });
});
