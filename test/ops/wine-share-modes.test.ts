/**
 * Share modes against real Windows, as Wine's conformance test test_file_sharing records it
 * (Wine 9.7, dlls/kernel32/tests/file.c, cited as file.c:LINE): every pair of accesses and share
 * modes, and opens of a file mapped as an image.
 */
import { describe, expect, it } from 'vitest';
import { writeFile } from '../../src/ops/index.js';
import { smallImage } from '../helpers/small-image.js';

const errno = (n: number) => expect.objectContaining({ errno: n });
const ALL = ['read', 'write', 'delete'] as const;
type Access = (typeof ALL)[number];
const SUBSETS: Access[][] = [
  [],
  ['read'],
  ['write'],
  ['delete'],
  ['read', 'write'],
  ['read', 'delete'],
  ['write', 'delete'],
  [...ALL],
];

describe('share modes (file.c:2525 test_file_sharing)', () => {
  /** Wine's is_sharing_compatible (file.c:2497-2514) for two handles that both ask for some access. */
  function compatible(access1: Access[], share1: Access[], access2: Access[], share2: Access[]): boolean {
    return access1.every((a) => share2.includes(a)) && access2.every((a) => share1.includes(a));
  }

  // Left out: Wine's rows with a handle asking for no data access (0, FILE_READ_ATTRIBUTES, ...),
  // which takes no part in share checks on Windows (file.c:2503-2504, and file.c:6000-6009 renames a
  // file held that way); svcpack still weighs such a handle's share mode.
  it('a second open succeeds exactly when each handle shares what the other asks for, else ERROR_SHARING_VIOLATION (file.c:2561-2599)', () => {
    const image = smallImage();
    const accesses = SUBSETS.filter((access) => access.length > 0);
    for (const access1 of accesses)
      for (const share1 of SUBSETS) {
        const first = image.open('C:\\boot.ini', { access: access1, share: share1 });
        for (const access2 of accesses)
          for (const share2 of SUBSETS) {
            const open = () => image.open('C:\\boot.ini', { access: access2, share: share2 }).close();
            if (compatible(access1, share1, access2, share2)) open();
            else expect(open, `${access1}/${share1} then ${access2}/${share2}`).toThrow(errno(32));
          }
        first.close();
      }
  });

  it('a file mapped as an image opens for anything but writing, whatever the share mode; writing is ERROR_SHARING_VIOLATION (file.c:2601-2650, is_sharing_map_compatible file.c:2516-2523)', () => {
    const image = smallImage();
    const dll = 'C:\\WINNT\\system32\\spoolsv.exe';
    image.startProcess('spoolsv.exe', { holds: [dll] });
    for (const access of SUBSETS.filter((a) => a.length > 0))
      for (const share of SUBSETS) {
        const open = () => image.open(dll, { access, share }).close();
        if (access.includes('write')) expect(open, `${access}/${share}`).toThrow(errno(32));
        else open();
      }
    // CREATE_ALWAYS over it: ERROR_SHARING_VIOLATION (file.c:2649-2657)
    expect(() => writeFile(image, dll, Buffer.from('x'))).toThrow(errno(32));
    expect(image.readFile(dll).toString()).toBe('spooler v1');
  });
});
