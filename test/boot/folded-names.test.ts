/**
 * A boot's moves and deletes hand the child index the names it folded while opening the paths, so
 * that the index is not folded twice per entry. A name opened through its 8.3 alias is not the key
 * its entry has: these entries must still leave the index exactly as a fresh fold would.
 */
import { describe, expect, it } from 'vitest';
import {
  PENDING_RENAME_VALUES,
  SESSION_MANAGER_KEY,
  encodePendingRenames,
  reboot,
  type BootReport,
  type PendingRenameRequest,
} from '../../src/boot/index.js';
import { walkEntries, type Entry, type ImageCore } from '../../src/image/index.js';
import { setRegistryRawValue } from '../../src/ops/index.js';
import { makeImage, tree } from './helpers.js';

function queue(image: ImageCore, requests: PendingRenameRequest[]): void {
  const bytes = encodePendingRenames(requests);
  setRegistryRawValue(image, SESSION_MANAGER_KEY, PENDING_RENAME_VALUES[1], 7, bytes);
}

/** Every folder's index: each key is its child's long name folded, or its alias, and nothing else. */
function staleKeys(image: ImageCore): string[] {
  const stale: string[] = [];
  for (const volume of image.allVolumes()) {
    for (const dir of walkEntries(volume.root)) {
      if (!dir.isDir || !dir.children) continue;
      const check = (key: string, child: Entry, expected: string | undefined): void => {
        if (child.parent !== dir || key !== expected) stale.push(`${image.pathOf(dir)}: ${key}`);
      };
      for (const [key, child] of dir.children) check(key, child, dir.children.fold(child.name));
      for (const [key, child] of dir.shortChildren ?? []) check(key, child, child.shortName);
    }
  }
  return stale;
}

const outcomes = (report: BootReport): string[] => report.entries.map((entry) => entry.outcome);

describe('a boot passes the names it folded to the index', () => {
  it('a source named by its 8.3 alias leaves neither its long name nor its alias behind', () => {
    const image = makeImage({ 'C:\\Dir\\LongFileName.dll': 'a' });
    queue(image, [
      {
        source: '\\??\\C:\\Dir\\LONGFI~1.DLL',
        destination: '\\??\\C:\\Dir\\moved.dll',
        replaceExisting: false,
      },
    ]);
    expect(outcomes(reboot(image))).toEqual(['renamed']);
    expect(tree(image)).toEqual({ 'C:\\Dir': '<dir>', 'C:\\Dir\\moved.dll': 'a' });
    expect(image.find('C:\\Dir\\LongFileName.dll')).toBeUndefined();
    expect(image.find('C:\\Dir\\LONGFI~1.DLL')).toBeUndefined();
    expect(staleKeys(image)).toEqual([]);
  });

  it('a delete named by its 8.3 alias takes the long name out of the index too', () => {
    const image = makeImage({ 'C:\\Dir\\LongFileName.dll': 'a', 'C:\\Dir\\keep.txt': 'k' });
    queue(image, [{ source: '\\??\\C:\\Dir\\longfi~1.dll', destination: null, replaceExisting: false }]);
    expect(outcomes(reboot(image))).toEqual(['deleted']);
    expect(image.find('C:\\Dir\\LongFileName.dll')).toBeUndefined();
    expect(tree(image)).toEqual({ 'C:\\Dir': '<dir>', 'C:\\Dir\\keep.txt': 'k' });
    expect(staleKeys(image)).toEqual([]);
  });

  it('a replaced destination named by its 8.3 alias goes from the index under its long name', () => {
    const image = makeImage({ 'C:\\Dir\\LongTarget.dll': 'old', 'C:\\Dir\\x.new': 'new' });
    queue(image, [
      { source: '\\??\\C:\\Dir\\x.new', destination: '\\??\\C:\\Dir\\LONGTA~1.DLL', replaceExisting: true },
    ]);
    expect(outcomes(reboot(image))).toEqual(['replaced']);
    expect(image.find('C:\\Dir\\LongTarget.dll')).toBeUndefined();
    expect(Object.values(tree(image))).toEqual(['<dir>', 'new']);
    expect(staleKeys(image)).toEqual([]);
  });

  it('a move across folders and a case-only rename keep every key their entry folds to', () => {
    const image = makeImage({ 'C:\\A\\one.dll': '1', 'C:\\A\\Two.dll': '2', 'C:\\B\\one.dll': 'old' });
    queue(image, [
      { source: '\\??\\C:\\a\\ONE.DLL', destination: '\\??\\C:\\b\\One.Dll', replaceExisting: true },
      { source: '\\??\\C:\\A\\two.dll', destination: '\\??\\C:\\A\\TWO.dll', replaceExisting: false },
    ]);
    expect(outcomes(reboot(image))).toEqual(['replaced', 'renamed']);
    expect(tree(image)).toEqual({
      'C:\\A': '<dir>',
      'C:\\A\\TWO.dll': '2',
      'C:\\B': '<dir>',
      'C:\\B\\One.Dll': '1',
    });
    expect(staleKeys(image)).toEqual([]);
  });
});
