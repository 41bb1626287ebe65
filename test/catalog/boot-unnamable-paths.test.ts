/**
 * Windows File Protection's check after the boot is handed the paths of the entries that failed,
 * whatever their names (the boot cannot tell what they were meant to touch). A path no file can have
 * (a bad character, a `..` component, a name over 255 characters: P7) names no protected file: it must
 * not make the reboot throw once the session manager has consumed the queue and run every entry.
 */
import { describe, expect, it } from 'vitest';
import { SESSION_MANAGER_KEY } from '../../src/boot/index.js';
import { serverImage } from '../servicing/helpers.js';

const QUEUE = 'PendingFileRenameOperations';

const UNNAMABLE: Record<string, string> = {
  'a bad character': '\\??\\C:\\WINNT\\a<b.dll',
  'a / inside a name': '\\??\\C:\\WINNT/x.dll',
  'a .. component': '\\??\\C:\\WINNT\\..\\x.dll',
  'a name over 255 characters (P7)': `\\??\\C:\\${'n'.repeat(300)}`,
  'a UNC path with a name over 255 characters': `\\??\\UNC\\server\\share\\${'n'.repeat(300)}`,
};

describe('a reboot whose queue names a path no file can have', () => {
  for (const [what, path] of Object.entries(UNNAMABLE)) {
    it(`completes with that entry failed, the others done: ${what}`, () => {
      const image = serverImage();
      image.writeFile('C:\\A.txt', 'kept');
      image.registry.setValue(SESSION_MANAGER_KEY, QUEUE, 'REG_MULTI_SZ', [
        path,
        '',
        '\\??\\C:\\A.txt',
        '\\??\\C:\\B.txt',
      ]);
      const report = image.reboot();
      expect(report.entries.map((e) => [e.source, e.outcome])).toEqual([
        [path, 'failed'],
        ['\\??\\C:\\A.txt', 'renamed'],
      ]);
      expect(image.readFile('C:\\B.txt').toString()).toBe('kept');
      expect(image.registry.getRawValue(SESSION_MANAGER_KEY, QUEUE)).toBeUndefined();
    });
  }
});
