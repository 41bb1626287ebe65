/**
 * The NTFS operation rules N1-N8 of spec/windows-fs.md, through the ops door (the calls an
 * installer makes at once). The same refusals at boot are in test/boot/ntfs-rules-boot.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  MOVEFILE,
  copyFile,
  createDirectory,
  deleteFile,
  moveFileNow,
  opLog,
  applyOp,
  removeDirectory,
  setAttributes,
  writeFile,
} from '../../src/ops/index.js';
import { digestOf, smallImage } from '../helpers/small-image.js';

const KERNEL = 'C:\\WINNT\\system32\\kernel32.dll';
const SHARE_ALL = ['read', 'write', 'delete'] as const;
const errno = (n: number) => expect.objectContaining({ errno: n });

describe('NTFS operations (spec/windows-fs.md N1-N8)', () => {
  it('N1: a rename that replaces an existing entry stores the name as the caller wrote it', () => {
    const image = smallImage();
    writeFile(image, 'C:\\x.dat', Buffer.from('old'));
    writeFile(image, 'C:\\a.txt', Buffer.from('new'));
    moveFileNow(image, 'C:\\a.txt', 'C:\\X.DAT', MOVEFILE.REPLACE_EXISTING);
    expect(image.readdir('C:\\')).toContain('X.DAT');
    expect(image.readdir('C:\\')).not.toContain('x.dat');
    expect(image.readFile('C:\\x.dat').toString()).toBe('new');
  });

  it('N2: a file with an open handle sharing everything cannot be replaced by a rename (ERROR_ACCESS_DENIED)', () => {
    const image = smallImage();
    writeFile(image, 'C:\\new.dll', Buffer.from('v2'));
    const handle = image.open(KERNEL, { access: ['read'], share: [...SHARE_ALL] });
    const before = digestOf(image);
    expect(() => moveFileNow(image, 'C:\\new.dll', KERNEL, MOVEFILE.REPLACE_EXISTING)).toThrow(errno(5));
    expect(digestOf(image)).toBe(before);
    expect(image.readFile(KERNEL).toString()).toBe('kernel32 v1');
    // the holder's handle was not invalidated: it is still open and closes once
    expect(image.openHandleCount).toBe(1);
    handle.close();
    expect(() => handle.close()).toThrow(errno(6));
  });

  it('N3: deleting a file held open with FILE_SHARE_DELETE marks it delete-pending until the last handle closes', () => {
    const image = smallImage();
    const first = image.open(KERNEL, { access: ['read'], share: [...SHARE_ALL] });
    const second = image.open(KERNEL, { access: ['read', 'delete'], share: [...SHARE_ALL] });
    deleteFile(image, KERNEL);
    // its name stays listed; a new open fails with ERROR_ACCESS_DENIED; the handles keep working
    expect(image.readdir('C:\\WINNT\\system32')).toContain('kernel32.dll');
    expect(() => image.open(KERNEL, { access: ['read'], share: [...SHARE_ALL] })).toThrow(errno(5));
    expect(() => writeFile(image, KERNEL, Buffer.from('x'))).toThrow(errno(5));
    expect(image.openHandleCount).toBe(2);
    first.close();
    expect(image.exists(KERNEL)).toBe(true);
    second.close();
    expect(image.exists(KERNEL)).toBe(false);
    expect(image.readdir('C:\\WINNT\\system32')).not.toContain('kernel32.dll');
  });

  it('N3: a folder removed while held open with FILE_SHARE_DELETE goes when its last handle closes; the handle stays valid', () => {
    const image = smallImage();
    createDirectory(image, 'C:\\empty');
    const handle = image.open('C:\\empty', { access: ['read'], share: [...SHARE_ALL] });
    removeDirectory(image, 'C:\\empty');
    expect(image.exists('C:\\empty')).toBe(true);
    expect(image.openHandleCount).toBe(1);
    handle.close();
    expect(image.exists('C:\\empty')).toBe(false);
  });

  it('N3: the delete at the last close is logged and can be undone like any delete', () => {
    const image = smallImage();
    const handle = image.open(KERNEL, { access: ['read'], share: [...SHARE_ALL] });
    deleteFile(image, KERNEL);
    handle.close();
    const last = opLog(image).since(0).at(-1)!;
    expect(last.op).toEqual({ kind: 'delete', path: KERNEL });
    for (const op of last.undo) applyOp(image, op);
    expect(image.readFile(KERNEL).toString()).toBe('kernel32 v1');
  });

  it('N3: without FILE_SHARE_DELETE the delete is refused (ERROR_SHARING_VIOLATION) and nothing is pending', () => {
    const image = smallImage();
    const handle = image.open(KERNEL, { access: ['read'], share: ['read', 'write'] });
    expect(() => deleteFile(image, KERNEL)).toThrow(errno(32));
    handle.close();
    expect(image.exists(KERNEL)).toBe(true);
  });

  it('N4: overwriting a hidden or system file without asking for those attributes fails with ERROR_ACCESS_DENIED', () => {
    const image = smallImage();
    writeFile(image, 'C:\\hidden.ini', Buffer.from('h'), { attributes: ['hidden'] });
    writeFile(image, 'C:\\system.ini', Buffer.from('s'), { attributes: ['system', 'hidden'] });
    const before = digestOf(image);
    expect(() => writeFile(image, 'C:\\hidden.ini', Buffer.from('x'))).toThrow(errno(5));
    expect(() => writeFile(image, 'C:\\hidden.ini', Buffer.from('x'), { attributes: ['archive'] })).toThrow(
      errno(5),
    );
    expect(() => writeFile(image, 'C:\\system.ini', Buffer.from('x'), { attributes: ['system'] })).toThrow(
      errno(5),
    );
    expect(() => copyFile(image, 'C:\\boot.ini', 'C:\\hidden.ini')).toThrow(errno(5));
    expect(digestOf(image)).toBe(before);
    writeFile(image, 'C:\\hidden.ini', Buffer.from('x'), { attributes: ['hidden'] });
    writeFile(image, 'C:\\system.ini', Buffer.from('y'), { attributes: ['system', 'hidden'] });
    expect(image.readFile('C:\\hidden.ini').toString()).toBe('x');
    expect(image.readFile('C:\\system.ini').toString()).toBe('y');
  });

  it('N5: a newly created file has the archive attribute besides those asked for', () => {
    const image = smallImage();
    writeFile(image, 'C:\\h.txt', Buffer.from('h'), { attributes: ['hidden'] });
    writeFile(image, 'C:\\ro.txt', Buffer.from('r'), { attributes: ['readonly'] });
    expect(image.stat('C:\\h.txt').attributes).toEqual(['hidden', 'archive']);
    expect(image.stat('C:\\ro.txt').attributes).toEqual(['readonly', 'archive']);
    // an overwrite sets it too (Wine ntdll/tests/file.c:4709-4713; see test/ops/wine-conformance.test.ts)
    setAttributes(image, 'C:\\h.txt', ['normal']);
    writeFile(image, 'C:\\h.txt', Buffer.from('h2'), { attributes: ['temporary'] });
    expect(image.stat('C:\\h.txt').attributes).toEqual(['archive', 'temporary']);
  });

  it("N6: a rename whose target's parent is a file fails with ERROR_INVALID_PARAMETER (87)", () => {
    const image = smallImage();
    const before = digestOf(image);
    expect(() => moveFileNow(image, 'C:\\boot.ini', 'C:\\WINNT\\win.ini\\boot.ini', 0)).toThrow(errno(87));
    expect(() =>
      moveFileNow(image, 'C:\\boot.ini', 'C:\\WINNT\\win.ini\\boot.ini', MOVEFILE.REPLACE_EXISTING),
    ).toThrow(errno(87));
    // a missing folder further up stays ERROR_PATH_NOT_FOUND
    expect(() => moveFileNow(image, 'C:\\boot.ini', 'C:\\WINNT\\win.ini\\x\\boot.ini', 0)).toThrow(errno(3));
    expect(digestOf(image)).toBe(before);
  });

  it('N7: a directory moved into its own subtree fails with ERROR_SHARING_VIOLATION, with or without REPLACE_EXISTING, onto an existing child too', () => {
    const image = smallImage();
    const before = digestOf(image);
    for (const flags of [0, MOVEFILE.REPLACE_EXISTING]) {
      expect(() => moveFileNow(image, 'C:\\WINNT', 'C:\\WINNT\\system32\\sub', flags)).toThrow(errno(32));
      // onto an existing child: the subtree rule comes first (not N8's access denied)
      expect(() => moveFileNow(image, 'C:\\WINNT', 'C:\\WINNT\\system32', flags)).toThrow(errno(32));
      expect(() => moveFileNow(image, 'C:\\WINNT', 'C:\\WINNT\\win.ini', flags)).toThrow(errno(32));
    }
    expect(digestOf(image)).toBe(before);
  });

  it('N8: MOVEFILE_REPLACE_EXISTING with a directory as source or as existing target fails with ERROR_ACCESS_DENIED', () => {
    const image = smallImage();
    createDirectory(image, 'C:\\empty');
    const before = digestOf(image);
    expect(() => moveFileNow(image, 'C:\\boot.ini', 'C:\\empty', MOVEFILE.REPLACE_EXISTING)).toThrow(
      errno(5),
    );
    expect(() => moveFileNow(image, 'C:\\empty', 'C:\\boot.ini', MOVEFILE.REPLACE_EXISTING)).toThrow(
      errno(5),
    );
    expect(digestOf(image)).toBe(before);
    // a folder renamed to a free name with the flag set is a plain rename
    moveFileNow(image, 'C:\\empty', 'C:\\empty2', MOVEFILE.REPLACE_EXISTING);
    expect(image.stat('C:\\empty2').isDirectory).toBe(true);
  });
});
