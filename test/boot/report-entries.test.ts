/**
 * The boot's report keeps each entry's outcome compactly and makes its `entries` when they are first
 * read.
 */
import { describe, expect, it } from 'vitest';
import {
  PENDING_RENAME_VALUES,
  SESSION_MANAGER_KEY,
  encodePendingRenames,
  reboot,
  type BootEntryReport,
  type PendingRenameRequest,
} from '../../src/boot/index.js';
import type { ImageCore } from '../../src/image/index.js';
import { setRegistryRawValue } from '../../src/ops/index.js';
import { makeImage } from './helpers.js';

const REG_MULTI_SZ = 7;

function queue(image: ImageCore, value: 1 | 2, requests: PendingRenameRequest[]): void {
  const bytes = encodePendingRenames(requests);
  setRegistryRawValue(image, SESSION_MANAGER_KEY, PENDING_RENAME_VALUES[value], REG_MULTI_SZ, bytes);
}

const move = (source: string, destination: string | null, replaceExisting = false): PendingRenameRequest => ({
  source: `\\??\\${source}`,
  destination: destination === null ? null : `\\??\\${destination}`,
  replaceExisting,
});

/** The report entry of a request, as the boot reports it. */
function expected(
  value: 1 | 2,
  index: number,
  request: PendingRenameRequest,
  outcome: BootEntryReport['outcome'],
  code?: string,
): BootEntryReport {
  return {
    value,
    index,
    source: request.source,
    destination: request.destination,
    replaceExisting: request.replaceExisting,
    outcome,
    ...(code === undefined ? {} : { error: expect.objectContaining({ code }) as BootEntryReport['error'] }),
  };
}

describe('the report of a boot', () => {
  const ones = [
    move('C:\\a.new', 'C:\\a.dll'),
    move('C:\\missing', 'C:\\x'),
    move('C:\\b.new', 'C:\\b.dll', true),
    move('C:\\c.old', null),
  ];
  const twos = [move('C:\\d.new', 'C:\\a.dll'), move('C:\\e.old', null)];
  const files = { 'C:\\a.new': 'a', 'C:\\b.new': 'b', 'C:\\b.dll': 'B', 'C:\\c.old': 'c', 'C:\\d.new': 'd' };

  it.each(['windows', 'transactional'] as const)(
    'B1: %s mode reports every entry of value 1 then value 2 in order, each with its outcome and error',
    (mode) => {
      const image = makeImage({ ...files, 'C:\\e.old': 'e' });
      queue(image, 1, ones);
      queue(image, 2, twos);
      const report = reboot(image, { mode });
      expect(report.entries).toEqual([
        expected(1, 0, ones[0], 'renamed'),
        expected(1, 1, ones[1], 'failed', 'ERROR_FILE_NOT_FOUND'),
        expected(1, 2, ones[2], 'replaced'),
        expected(1, 3, ones[3], 'deleted'),
        expected(2, 0, twos[0], 'failed', 'ERROR_ALREADY_EXISTS'),
        expected(2, 1, twos[1], 'deleted'),
      ]);
      expect(report.counts).toEqual({ renamed: 1, replaced: 1, deleted: 2, failed: 2 });
      // read twice, the same array; a copy of the report (JSON, structured clone, spread) carries them
      expect(report.entries).toBe(report.entries);
      expect(JSON.parse(JSON.stringify(report)).entries).toEqual(JSON.parse(JSON.stringify(report.entries)));
      expect(structuredClone(report).entries).toEqual(report.entries);
      expect({ ...report }.entries).toBe(report.entries);
    },
  );

  it('an assigned entries list replaces the one the boot made', () => {
    const image = makeImage(files);
    queue(image, 1, ones);
    const report = reboot(image);
    const kept = report.entries.slice(0, 1);
    report.entries = kept;
    expect(report.entries).toBe(kept);
  });

  it('B16: entries an interrupted transactional boot did are skipped, not reported again', () => {
    const image = makeImage(files);
    queue(image, 1, ones);
    expect(() => reboot(image, { mode: 'transactional', powerCutAfter: 3 })).toThrow();
    const report = reboot(image, { mode: 'transactional' });
    expect(report.skipped + report.entries.length).toBe(ones.length);
    expect(report.entries.map((entry) => entry.index)).toEqual(
      ones.map((_, index) => index).slice(report.skipped),
    );
  });
});
