/**
 * How a boot opens its entries' NT paths: one scan back over the last name, which also refuses bad
 * components (B17); the boot's own folder lookups in front of the image's cache; the protected-file
 * check (B18) that folds a replaced file's full path only when its name is a protected file's.
 */
import { describe, expect, it } from 'vitest';
import {
  PENDING_RENAME_VALUES,
  SESSION_MANAGER_KEY,
  encodePendingRenames,
  reboot,
  type PendingRenameRequest,
} from '../../src/boot/index.js';
import type { ImageCore } from '../../src/image/index.js';
import { setRegistryRawValue } from '../../src/ops/index.js';
import { makeImage, protect, tree } from './helpers.js';

const REG_MULTI_SZ = 7;

function queue(image: ImageCore, requests: PendingRenameRequest[]): void {
  const bytes = encodePendingRenames(requests);
  setRegistryRawValue(image, SESSION_MANAGER_KEY, PENDING_RENAME_VALUES[1], REG_MULTI_SZ, bytes);
}

const move = (source: string, destination: string | null, replaceExisting = false): PendingRenameRequest => ({
  source: `\\??\\${source}`,
  destination: destination === null ? null : `\\??\\${destination}`,
  replaceExisting,
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
    queue(image, [move(path, null)]);
    const [entry] = reboot(image).entries;
    expect(entry.outcome).toBe('failed');
    expect(entry.error?.code).toBe('ERROR_INVALID_NAME');
    expect(tree(image)).toEqual(before);
  });

  it.each(bad)('a destination %j is refused with ERROR_INVALID_NAME and nothing changes', (path) => {
    const image = makeImage({ 'C:\\d\\x': 'x', 'C:\\s': 's' });
    const before = tree(image);
    queue(image, [move('C:\\s', path, true)]);
    const [entry] = reboot(image).entries;
    expect(entry.error?.code).toBe('ERROR_INVALID_NAME');
    expect(tree(image)).toEqual(before);
  });

  it('names with dots that are not . or .., and a folder path with its trailing backslash, open', () => {
    const image = makeImage({ 'C:\\d.\\...': '3', 'C:\\d.\\.x': 'x', 'C:\\d.\\x..y': 'y' }, ['C:\\e']);
    queue(image, [
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
    queue(image, [
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
    queue(image, entries);
    expect(reboot(image).counts).toEqual({ renamed: 9, replaced: 0, deleted: 0, failed: 0 });
    for (const [f, folder] of folders.entries())
      for (const i of [0, 1, 2]) expect(tree(image)[`${folder}\\m${i}`]).toBe(`${f}.${i}`);
  });
});

describe('B18: the protected-file check of a replace', () => {
  const outcome = (image: ImageCore, target: string): string => {
    queue(image, [move('C:\\d\\new.dll', target, true)]);
    const [entry] = reboot(image).entries;
    return entry.error?.code ?? entry.outcome;
  };

  it.each([
    ['its own name', 'C:\\d\\Protected.dll'],
    ['another case', 'c:\\D\\PROTECTED.DLL'],
    ['its 8.3 alias', 'C:\\d\\LONGPR~1.DLL'],
  ])('a protected file named by %s is not replaced', (_, target) => {
    const image = makeImage({
      'C:\\d\\new.dll': 'new',
      'C:\\d\\Protected.dll': 'old',
      'C:\\d\\longprotected.dll': 'old',
    });
    protect(image, 'C:\\d\\Protected.dll', 'C:\\d\\longprotected.dll');
    expect(outcome(image, target)).toBe('ERROR_ACCESS_DENIED');
    expect(tree(image)['C:\\d\\new.dll']).toBe('new');
  });

  it('a protected name beyond ASCII is folded unit by unit (ß stays ß)', () => {
    const image = makeImage({ 'C:\\d\\new.dll': 'new', 'C:\\d\\Straße.dll': 'old' });
    protect(image, 'C:\\d\\Straße.dll');
    expect(outcome(image, 'C:\\d\\STRAßE.DLL')).toBe('ERROR_ACCESS_DENIED');
  });

  it('a file with a protected name in another folder is replaced', () => {
    const image = makeImage({ 'C:\\d\\new.dll': 'new', 'C:\\d\\ntdll.dll': 'old', 'C:\\p\\ntdll.dll': 'p' });
    protect(image, 'C:\\p\\ntdll.dll');
    expect(outcome(image, 'C:\\d\\ntdll.dll')).toBe('replaced');
    expect(tree(image)['C:\\d\\ntdll.dll']).toBe('new');
  });
});
