/**
 * The boot's report keeps each entry's outcome compactly and makes its `entries` when they are first
 * read; and the one scan that finds an NT path's last separator also refuses its bad parts (B17).
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
import { makeImage, tree } from './helpers.js';

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

describe('B17: the components of a queued path at boot', () => {
  const bad = [
    'C:\\d\\.\\x',
    'C:\\d\\..\\x',
    'C:\\d\\\\x',
    'C:\\.',
    'C:\\..',
    'C:\\d\\.',
    'C:\\d\\..\\',
    'C:\\d\\x\\\\',
    'C:\\\\',
    'C:\\d<\\x',
    'C:\\d\\x>',
    'C:\\d\\x:y',
    'C:\\d\\"x',
    'C:\\d\\x|',
    'C:\\d\\x?',
    'C:\\d\\*',
    'C:\\d\\x\u0001',
    'C:\\d\u001f\\x',
  ];

  it.each(bad)('a source %j is refused with ERROR_INVALID_NAME and nothing changes', (path) => {
    const image = makeImage({ 'C:\\d\\x': 'x' });
    const before = tree(image);
    queue(image, 1, [move(path, null)]);
    const [entry] = reboot(image).entries;
    expect(entry.outcome).toBe('failed');
    expect(entry.error?.code).toBe('ERROR_INVALID_NAME');
    expect(tree(image)).toEqual(before);
  });

  it.each(bad)('a destination %j is refused with ERROR_INVALID_NAME and nothing changes', (path) => {
    const image = makeImage({ 'C:\\d\\x': 'x', 'C:\\s': 's' });
    const before = tree(image);
    queue(image, 1, [move('C:\\s', path, true)]);
    const [entry] = reboot(image).entries;
    expect(entry.error?.code).toBe('ERROR_INVALID_NAME');
    expect(tree(image)).toEqual(before);
  });

  it('names with dots that are not . or .., and a folder path with its trailing backslash, open', () => {
    const image = makeImage({ 'C:\\d.\\...': '3', 'C:\\d.\\.x': 'x', 'C:\\d.\\x..y': 'y' }, ['C:\\e']);
    queue(image, 1, [
      move('C:\\d.\\...', 'C:\\e\\...'),
      move('C:\\d.\\.x', 'C:\\e\\.x'),
      move('C:\\d.\\x..y', null),
      move('C:\\e\\', 'C:\\f\\'),
    ]);
    expect(reboot(image).entries.map((entry) => entry.outcome)).toEqual([
      'renamed',
      'renamed',
      'deleted',
      'renamed',
    ]);
    expect(tree(image)).toEqual({ 'C:\\d.': '<dir>', 'C:\\f': '<dir>', 'C:\\f\\...': '3', 'C:\\f\\.x': 'x' });
  });
});

describe("the boot's folders", () => {
  it('B2: a folder moved by an earlier entry is no longer found under its old path, and is under its new one', () => {
    const image = makeImage({ 'C:\\A\\f': 'f', 'C:\\A\\k': 'k' });
    queue(image, 1, [
      move('C:\\A\\f', 'C:\\A\\g'),
      move('C:\\A', 'C:\\B'),
      move('C:\\A\\g', 'C:\\A\\h'),
      move('C:\\B\\k', 'C:\\B\\m'),
    ]);
    const report = reboot(image);
    expect(report.entries.map((entry) => entry.error?.code ?? entry.outcome)).toEqual([
      'renamed',
      'renamed',
      'ERROR_PATH_NOT_FOUND',
      'renamed',
    ]);
    expect(tree(image)).toEqual({ 'C:\\B': '<dir>', 'C:\\B\\g': 'f', 'C:\\B\\m': 'k' });
  });

  it('folders whose paths differ in one unit only, taken in turn, each lead to their own files', () => {
    // the same length, the same last units and middle unit: only the fourth from the end differs
    const folders = ['X', 'Y', 'Z'].map((unit) => `C:\\dir\\aaaaaaaaa${unit}bbb`);
    const files = Object.fromEntries(
      folders.flatMap((folder, f) => [0, 1, 2].map((i) => [`${folder}\\n${i}`, `${f}.${i}`])),
    );
    const image = makeImage(files);
    const entries = [0, 1, 2].flatMap((i) =>
      folders.map((folder) => move(`${folder}\\n${i}`, `${folder}\\m${i}`)),
    );
    queue(image, 1, entries);
    expect(reboot(image).counts).toEqual({ renamed: 9, replaced: 0, deleted: 0, failed: 0 });
    for (const [f, folder] of folders.entries())
      for (const i of [0, 1, 2]) expect(tree(image)[`${folder}\\m${i}`]).toBe(`${f}.${i}`);
  });
});
