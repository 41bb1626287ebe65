/**
 * Win32 file operations against real Windows, as Wine's conformance tests record it (they run on
 * Windows; where Wine differs it is marked `todo_wine`, and Windows does what the test expects).
 * Sources, Wine 9.7 (commit 166895ae3ad3890ad946a309d0fd85e89ea3630e), cited as FILE:LINE:
 * - file.c   = dlls/kernel32/tests/file.c (CreateFile, DeleteFile, MoveFile(Ex), CopyFile)
 * - ntfile.c = dlls/ntdll/tests/file.c (NtCreateFile dispositions and the attributes they leave)
 * - ntdll.c  = dlls/ntdll/tests/path.c (NtOpenFile on NT names)
 * - dir.c    = dlls/kernel32/tests/directory.c (CreateDirectory, RemoveDirectory)
 * CreateFile + WriteFile is `writeFile` (CREATE_ALWAYS); CREATE_NEW is the image fs's `wx` flag.
 */
import { describe, expect, it } from 'vitest';
import { WinImage } from '../../src/machine/index.js';
import {
  MOVEFILE,
  copyFile,
  createDirectory,
  deleteFile,
  moveFileNow,
  removeDirectory,
  setAttributes,
  writeFile,
} from '../../src/ops/index.js';
import { digestOf, smallImage } from '../helpers/small-image.js';

const errno = (n: number) => expect.objectContaining({ errno: n });
const ALL = ['read', 'write', 'delete'] as const;

describe('CreateFile (file.c, ntfile.c)', () => {
  it('a created file has the archive attribute besides those asked for (ntfile.c:4697, ntfile.c:4699, file.c:440-460)', () => {
    const image = smallImage();
    writeFile(image, 'C:\\plain.txt', Buffer.from('p'));
    writeFile(image, 'C:\\ro.txt', Buffer.from('r'), { attributes: ['readonly'] });
    expect(image.stat('C:\\plain.txt').attributes).toEqual(['archive']);
    expect(image.stat('C:\\ro.txt').attributes).toEqual(['readonly', 'archive']);
  });

  it('writing an existing file sets its archive attribute, besides those asked for (ntfile.c:4709, ntfile.c:4712-4713)', () => {
    const image = smallImage();
    writeFile(image, 'C:\\f.txt', Buffer.from('1'));
    setAttributes(image, 'C:\\f.txt', ['hidden']);
    writeFile(image, 'C:\\f.txt', Buffer.from('2'), { attributes: ['hidden'] });
    expect(image.stat('C:\\f.txt').attributes).toEqual(['hidden', 'archive']);
    setAttributes(image, 'C:\\f.txt', ['normal']);
    writeFile(image, 'C:\\f.txt', Buffer.from('3'), { attributes: ['readonly'] });
    expect(image.stat('C:\\f.txt').attributes).toEqual(['readonly', 'archive']);
    // without attributes asked for, the file keeps its own and gains the archive bit
    setAttributes(image, 'C:\\boot.ini', ['system']);
    writeFile(image, 'C:\\boot.ini', Buffer.from('4'), { attributes: ['system'] });
    expect(image.stat('C:\\boot.ini').attributes).toEqual(['system', 'archive']);
    setAttributes(image, 'C:\\WINNT\\win.ini', ['normal']);
    writeFile(image, 'C:\\WINNT\\win.ini', Buffer.from('5'));
    expect(image.stat('C:\\WINNT\\win.ini').attributes).toEqual(['archive']);
  });

  it('a program writing an existing file through the image fs sets its archive attribute (ntfile.c:4709)', () => {
    const image = WinImage.wrap(smallImage());
    const fs = image.fs('C');
    image.setAttributes('C:\\boot.ini', ['normal']);
    fs.writeFileSync('C:\\boot.ini', 'new');
    expect(image.stat('C:\\boot.ini').attributes).toEqual(['archive']);
    image.setAttributes('C:\\boot.ini', ['normal']);
    const fd = fs.openSync('C:\\boot.ini', 'r+');
    fs.writeSync(fd, 'N');
    fs.closeSync(fd);
    expect(image.readFile('C:\\boot.ini').toString()).toBe('New');
    expect(image.stat('C:\\boot.ini').attributes).toEqual(['archive']);
  });

  it('SetFileAttributes replaces the attributes: the archive bit goes unless given (ntfile.c:4337-4354, todo_wine: Windows replaces)', () => {
    const image = smallImage();
    writeFile(image, 'C:\\f.txt', Buffer.from('1'));
    setAttributes(image, 'C:\\f.txt', ['system']);
    expect(image.stat('C:\\f.txt').attributes).toEqual(['system']);
    setAttributes(image, 'C:\\f.txt', ['hidden']);
    expect(image.stat('C:\\f.txt').attributes).toEqual(['hidden']);
  });

  it('CREATE_NEW on an existing file fails with ERROR_FILE_EXISTS, which Node reports as EEXIST (file.c:1308-1311)', () => {
    const image = WinImage.wrap(smallImage());
    const fs = image.fs('C');
    expect(() => fs.openSync('C:\\boot.ini', 'wx')).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(image.readFile('C:\\boot.ini').toString()).toBe('[boot loader]');
  });

  it('CREATE_ALWAYS on a folder fails with ERROR_ACCESS_DENIED (file.c:4211-4223)', () => {
    const image = smallImage();
    expect(() => writeFile(image, 'C:\\WINNT', Buffer.from('x'))).toThrow(errno(5));
    expect(image.stat('C:\\WINNT').isDirectory).toBe(true);
  });

  it('a wildcard is not a name: ERROR_INVALID_NAME (file.c:1344-1348)', () => {
    const image = smallImage();
    expect(() => writeFile(image, 'C:\\*.*', Buffer.from('x'))).toThrow(errno(123));
  });

  it('a file path ending in a backslash names a folder: ERROR_INVALID_NAME, nothing written (ntdll.c:661, ntfile.c:4776-4781)', () => {
    const image = smallImage();
    const before = digestOf(image);
    // an existing file: opened (ntdll.c:661) to be overwritten, deleted or copied
    expect(() => writeFile(image, 'C:\\WINNT\\win.ini\\', Buffer.from('x'))).toThrow(errno(123));
    expect(() => writeFile(image, 'C:/WINNT/Win.ini/', Buffer.from('x'))).toThrow(errno(123));
    expect(() => writeFile(image, '\\\\?\\C:\\WINNT\\win.ini\\', Buffer.from('x'))).toThrow(errno(123));
    expect(() => deleteFile(image, 'C:\\WINNT\\win.ini\\')).toThrow(errno(123));
    expect(() => copyFile(image, 'C:\\WINNT\\win.ini\\', 'C:\\copy.ini')).toThrow(errno(123));
    expect(() => copyFile(image, 'C:\\boot.ini', 'C:\\WINNT\\win.ini\\')).toThrow(errno(123));
    // a new file (ntfile.c:4776-4781: FILE_CREATE of `name\` is STATUS_OBJECT_NAME_INVALID)
    expect(() => writeFile(image, 'C:\\new.txt\\', Buffer.from('x'))).toThrow(errno(123));
    expect(() => copyFile(image, 'C:\\boot.ini', 'C:\\copy.ini\\')).toThrow(errno(123));
    expect(digestOf(image)).toBe(before);
    // a missing name with a backslash is still just missing (ntdll.c:660)
    expect(() => deleteFile(image, 'C:\\foobar\\')).toThrow(errno(2));
  });

  it('reading or opening an existing file named with a trailing backslash: ERROR_INVALID_NAME (ntdll.c:661)', () => {
    const image = WinImage.wrap(smallImage());
    expect(() => image.readFile('C:\\WINNT\\win.ini\\')).toThrow(errno(123));
    expect(() => image.readFile('C:/WINNT/WIN.INI/')).toThrow(errno(123));
    expect(() => image.open('C:\\WINNT\\win.ini\\', { access: ['read'], share: [...ALL] })).toThrow(
      errno(123),
    );
    expect(image.readFile('C:\\WINNT\\win.ini').length).toBeGreaterThan(0);
    // a missing name with a backslash is still just missing (ntdll.c:660); a folder takes one
    expect(() => image.readFile('C:\\foobar\\')).toThrow(errno(2));
    image.open('C:\\WINNT\\', { access: ['read'], share: [...ALL] }).close();
  });

  it('a folder is created with a trailing backslash (ntfile.c:4782-4785)', () => {
    const image = smallImage();
    createDirectory(image, 'C:\\newdir\\');
    expect(image.stat('C:\\newdir').isDirectory).toBe(true);
  });

  it('what is missing: the file (ERROR_FILE_NOT_FOUND) or a folder on the way (ERROR_PATH_NOT_FOUND) (ntdll.c:660, ntdll.c:662)', () => {
    const image = smallImage();
    expect(() => image.stat('C:\\WINNT\\foobar')).toThrow(errno(2));
    expect(() => image.stat('C:\\WINNT\\foobar\\')).toThrow(errno(2));
    expect(() => image.stat('C:\\WINNT\\foobar\\x.dll')).toThrow(errno(3));
    expect(() => image.stat('C:\\WINNT\\win.ini\\foo')).toThrow(errno(3));
  });
});

describe('CreateDirectory / RemoveDirectory (dir.c)', () => {
  it('an existing folder, the root, `.`, `..` or a file: ERROR_ALREADY_EXISTS (dir.c:202-209, dir.c:223-225, dir.c:556-580)', () => {
    const image = smallImage();
    const before = digestOf(image);
    for (const path of ['C:\\', 'C:', '.', '..', 'C:\\WINNT', 'c:\\winnt\\', 'C:\\boot.ini']) {
      expect(() => createDirectory(image, path)).toThrow(errno(183));
    }
    expect(digestOf(image)).toBe(before);
  });

  it('a wildcard: ERROR_INVALID_NAME; a missing parent: ERROR_PATH_NOT_FOUND (dir.c:232-249, dir.c:473-485)', () => {
    const image = smallImage();
    expect(() => createDirectory(image, 'C:\\Please Remove Me?')).toThrow(errno(123));
    expect(() => createDirectory(image, 'C:\\Please Remove Me*')).toThrow(errno(123));
    expect(() => removeDirectory(image, 'C:\\WINNT?')).toThrow(errno(123));
    expect(() => createDirectory(image, 'C:\\Please Remove Me/Please Remove Me')).toThrow(errno(3));
  });

  it('a trailing period or space goes; inside a path one period goes and spaces stay (dir.c:253-350, "On NT!")', () => {
    const image = smallImage();
    createDirectory(image, 'C:\\Please Remove Me.');
    expect(image.readdir('C:\\')).toContain('Please Remove Me');
    createDirectory(image, 'C:\\Please Remove Me./Please Remove Me');
    expect(image.readdir('C:\\Please Remove Me')).toEqual(['Please Remove Me']);
    removeDirectory(image, 'C:\\Please Remove Me\\Please Remove Me');
    removeDirectory(image, 'C:\\Please Remove Me');
    for (const trailing of ['..', ' ', '  ']) {
      createDirectory(image, `C:\\Please Remove Me${trailing}`);
      expect(image.readdir('C:\\')).toContain('Please Remove Me');
      // `Please Remove Me.` or `Please Remove Me ` as a folder on the way does not exist
      expect(() => createDirectory(image, `C:\\Please Remove Me${trailing}/Please Remove Me`)).toThrow(
        errno(3),
      );
      removeDirectory(image, 'C:\\Please Remove Me');
    }
  });

  it('a folder held open (the current folder of a process) is not removed: ERROR_SHARING_VIOLATION (dir.c:460-464)', () => {
    const image = smallImage();
    createDirectory(image, 'C:\\Please Remove Me');
    const cwd = image.open('C:\\Please Remove Me', { access: ['read'], share: ['read', 'write'] });
    expect(() => removeDirectory(image, 'C:\\Please Remove Me')).toThrow(errno(32));
    cwd.close();
    removeDirectory(image, 'C:\\Please Remove Me');
    expect(image.exists('C:\\Please Remove Me')).toBe(false);
  });
});

describe('DeleteFile (file.c)', () => {
  it('a read-only file cannot be deleted (ERROR_ACCESS_DENIED) until the attribute is cleared (file.c:340-346)', () => {
    const image = smallImage();
    writeFile(image, 'C:\\ro.txt', Buffer.from('r'), { attributes: ['readonly'] });
    expect(() => deleteFile(image, 'C:\\ro.txt')).toThrow(errno(5));
    expect(image.exists('C:\\ro.txt')).toBe(true);
    setAttributes(image, 'C:\\ro.txt', ['normal']);
    deleteFile(image, 'C:\\ro.txt');
    expect(image.exists('C:\\ro.txt')).toBe(false);
  });

  it('a missing file is ERROR_FILE_NOT_FOUND; a folder is ERROR_ACCESS_DENIED (file.c:1888-1889, file.c:1911-1913)', () => {
    const image = smallImage();
    expect(() => deleteFile(image, 'C:\\nonexist.txt')).toThrow(errno(2));
    createDirectory(image, 'C:\\testdir');
    expect(() => deleteFile(image, 'C:\\testdir')).toThrow(errno(5));
    expect(image.exists('C:\\testdir')).toBe(true);
  });

  it('a file mapped as an image cannot be deleted: ERROR_ACCESS_DENIED (file.c:1924-1930)', () => {
    const image = smallImage();
    const pid = image.startProcess('spoolsv.exe', { holds: ['C:\\WINNT\\system32\\spoolsv.exe'] });
    expect(() => deleteFile(image, 'C:\\WINNT\\system32\\spoolsv.exe')).toThrow(errno(5));
    image.stopProcess(pid);
    deleteFile(image, 'C:\\WINNT\\system32\\spoolsv.exe');
  });

  it('a read-only file may be renamed and stays read-only (file.c:5790-5802)', () => {
    const image = smallImage();
    writeFile(image, 'C:\\ro.txt', Buffer.from('r'), { attributes: ['readonly'] });
    moveFileNow(image, 'C:\\ro.txt', 'C:\\ro2.txt', 0);
    moveFileNow(image, 'C:\\ro2.txt', 'C:\\ro.txt', 0);
    expect(() => deleteFile(image, 'C:\\ro.txt')).toThrow(errno(5));
    expect(image.stat('C:\\ro.txt').attributes).toContain('readonly');
  });
});

describe('MoveFile / MoveFileEx (file.c)', () => {
  it('onto an existing file without MOVEFILE_REPLACE_EXISTING: ERROR_ALREADY_EXISTS, nothing changes (file.c:2018-2020, file.c:5977-5979)', () => {
    const image = smallImage();
    const before = digestOf(image);
    expect(() => moveFileNow(image, 'C:\\boot.ini', 'C:\\WINNT\\win.ini', 0)).toThrow(errno(183));
    expect(() => moveFileNow(image, 'C:\\boot.ini', 'C:\\WINNT\\WIN.INI', 0)).toThrow(errno(183));
    expect(digestOf(image)).toBe(before);
  });

  it('a folder onto an existing folder without the flag: ERROR_ALREADY_EXISTS (file.c:5990-5992)', () => {
    const image = smallImage();
    createDirectory(image, 'C:\\dir2');
    createDirectory(image, 'C:\\dir3');
    expect(() => moveFileNow(image, 'C:\\dir3', 'C:\\dir2', 0)).toThrow(errno(183));
  });

  it('a missing source is ERROR_FILE_NOT_FOUND (file.c:5982-5984)', () => {
    expect(() => moveFileNow(smallImage(), 'C:\\file1', 'C:\\file4', 0)).toThrow(errno(2));
  });

  it('a file onto itself succeeds; a case-only rename stores the new case, for files and folders (file.c:2015-2016, file.c:2078-2086, file.c:2122-2131)', () => {
    const image = smallImage();
    const before = digestOf(image);
    moveFileNow(image, 'C:\\boot.ini', 'C:\\boot.ini', 0);
    expect(digestOf(image)).toBe(before);
    writeFile(image, 'C:\\Remove Me', Buffer.from('x'));
    moveFileNow(image, 'C:\\Remove Me', 'C:\\Remove me', 0);
    expect(image.readdir('C:\\')).toContain('Remove me');
    createDirectory(image, 'C:\\Dir me');
    moveFileNow(image, 'C:\\Dir me', 'C:\\Dir Me', 0);
    expect(image.readdir('C:\\')).toContain('Dir Me');
  });

  it('MOVEFILE_REPLACE_EXISTING onto a name of other case stores the name as the caller wrote it (file.c:2097-2110)', () => {
    const image = smallImage();
    writeFile(image, 'C:\\Remove me', Buffer.from('old'));
    writeFile(image, 'C:\\Remove Be', Buffer.from('new'));
    expect(() => moveFileNow(image, 'C:\\Remove Be', 'C:\\Remove Me', 0)).toThrow(errno(183));
    moveFileNow(image, 'C:\\Remove Be', 'C:\\Remove Me', MOVEFILE.REPLACE_EXISTING);
    expect(image.readdir('C:\\')).toContain('Remove Me');
    expect(image.readFile('C:\\remove me').toString()).toBe('new');
  });

  it('onto a wildcard name: ERROR_INVALID_NAME (file.c:2139-2143)', () => {
    const image = smallImage();
    expect(() => moveFileNow(image, 'C:\\boot.ini', 'C:\\WINNT\\wild?.*', 0)).toThrow(errno(123));
    expect(image.exists('C:\\boot.ini')).toBe(true);
  });

  it('a source open with DELETE access and no sharing: ERROR_SHARING_VIOLATION (file.c:5994-5998)', () => {
    const image = smallImage();
    const handle = image.open('C:\\boot.ini', { access: ['delete'], share: [] });
    expect(() => moveFileNow(image, 'C:\\boot.ini', 'C:\\file1', 0)).toThrow(errno(32));
    handle.close();
    moveFileNow(image, 'C:\\boot.ini', 'C:\\file1', 0);
  });

  it('REPLACE_EXISTING onto a file open with every share mode: ERROR_ACCESS_DENIED (file.c:6014-6020)', () => {
    const image = smallImage();
    const handle = image.open('C:\\WINNT\\win.ini', { access: [...ALL], share: [...ALL] });
    expect(() => moveFileNow(image, 'C:\\boot.ini', 'C:\\WINNT\\win.ini', MOVEFILE.REPLACE_EXISTING)).toThrow(
      errno(5),
    );
    handle.close();
  });

  it('REPLACE_EXISTING onto a read-only file: ERROR_ACCESS_DENIED, both files kept (ntfile.c:2196-2233)', () => {
    const image = smallImage();
    setAttributes(image, 'C:\\WINNT\\win.ini', ['readonly']);
    const before = digestOf(image);
    expect(() => moveFileNow(image, 'C:\\boot.ini', 'C:\\WINNT\\win.ini', MOVEFILE.REPLACE_EXISTING)).toThrow(
      errno(5),
    );
    expect(digestOf(image)).toBe(before);
  });

  it('REPLACE_EXISTING of a file or a folder onto a folder: ERROR_ACCESS_DENIED (file.c:6024-6031)', () => {
    const image = smallImage();
    createDirectory(image, 'C:\\dir2');
    createDirectory(image, 'C:\\dir3');
    const before = digestOf(image);
    expect(() => moveFileNow(image, 'C:\\boot.ini', 'C:\\dir2', MOVEFILE.REPLACE_EXISTING)).toThrow(errno(5));
    expect(() => moveFileNow(image, 'C:\\dir3', 'C:\\dir2', MOVEFILE.REPLACE_EXISTING)).toThrow(errno(5));
    expect(digestOf(image)).toBe(before);
  });

  it('a folder with a file open inside it does not move: ERROR_ACCESS_DENIED (ntfile.c:1751-1782, todo_wine: Windows refuses)', () => {
    const image = smallImage();
    const handle = image.open('C:\\WINNT\\win.ini', { access: ['write', 'delete'], share: [] });
    const before = digestOf(image);
    expect(() => moveFileNow(image, 'C:\\WINNT', 'C:\\WINNT2', 0)).toThrow(errno(5));
    expect(digestOf(image)).toBe(before);
    handle.close();
    moveFileNow(image, 'C:\\WINNT', 'C:\\WINNT2', 0);
    expect(image.exists('C:\\WINNT2\\win.ini')).toBe(true);
  });

  it('a folder does not move to another volume, MOVEFILE_COPY_ALLOWED or not: ERROR_NOT_SAME_DEVICE (MoveFileEx docs: "When moving a directory, the destination must be on the same drive"; spec Volumes)', () => {
    const image = smallImage();
    const before = digestOf(image);
    for (const flags of [0, MOVEFILE.COPY_ALLOWED, MOVEFILE.COPY_ALLOWED | MOVEFILE.REPLACE_EXISTING]) {
      expect(() => moveFileNow(image, 'C:\\Program Files', 'D:\\Program Files', flags)).toThrow(errno(17));
    }
    expect(digestOf(image)).toBe(before);
    // a file does, with the flag: a copy and a delete (MoveFileWithProgressW falls back to CopyFileEx)
    expect(() => moveFileNow(image, 'C:\\boot.ini', 'D:\\boot.ini', 0)).toThrow(errno(17));
    moveFileNow(image, 'C:\\boot.ini', 'D:\\boot.ini', MOVEFILE.COPY_ALLOWED);
    expect(image.exists('C:\\boot.ini')).toBe(false);
    expect(image.readFile('D:\\boot.ini').toString()).toBe('[boot loader]');
  });
});

describe('CopyFile (file.c:679)', () => {
  it('bFailIfExists onto an existing file: ERROR_FILE_EXISTS; without it the copy replaces (file.c:721-727)', () => {
    const image = smallImage();
    expect(() => copyFile(image, 'C:\\boot.ini', 'C:\\WINNT\\win.ini', true)).toThrow(errno(80));
    copyFile(image, 'C:\\boot.ini', 'C:\\WINNT\\win.ini', false);
    expect(image.readFile('C:\\WINNT\\win.ini').toString()).toBe('[boot loader]');
  });

  it('a file onto itself: ERROR_SHARING_VIOLATION, the file unchanged (file.c:698-701)', () => {
    const image = smallImage();
    const before = digestOf(image);
    expect(() => copyFile(image, 'C:\\boot.ini', 'C:\\boot.ini')).toThrow(errno(32));
    expect(() => copyFile(image, 'C:\\boot.ini', 'c:\\BOOT.INI')).toThrow(errno(32));
    expect(digestOf(image)).toBe(before);
  });

  it('a missing source: ERROR_FILE_NOT_FOUND (file.c:744-747)', () => {
    expect(() => copyFile(smallImage(), 'C:\\25f99d3b', 'C:\\boot.ini')).toThrow(errno(2));
  });

  it('a read-locked source or a write- or delete-locked destination: ERROR_SHARING_VIOLATION (file.c:738-743, file.c:766-771, file.c:780-790)', () => {
    const image = smallImage();
    const readLocked = image.open('C:\\boot.ini', { access: ['read'], share: ['write'] });
    expect(() => copyFile(image, 'C:\\boot.ini', 'C:\\WINNT\\win.ini')).toThrow(errno(32));
    readLocked.close();
    const writeLocked = image.open('C:\\WINNT\\win.ini', { access: ['write'], share: ['read'] });
    expect(() => copyFile(image, 'C:\\boot.ini', 'C:\\WINNT\\win.ini')).toThrow(errno(32));
    writeLocked.close();
    const deleteLocked = image.open('C:\\WINNT\\win.ini', { access: ['delete'], share: [...ALL] });
    expect(() => copyFile(image, 'C:\\boot.ini', 'C:\\WINNT\\win.ini')).toThrow(errno(32));
    deleteLocked.close();
    expect(image.readFile('C:\\WINNT\\win.ini').toString()).toBe('[windows]');
  });

  it('a source open for reading and writing but sharing reads copies (file.c:750-756)', () => {
    const image = smallImage();
    const handle = image.open('C:\\boot.ini', { access: ['read', 'write'], share: ['read'] });
    copyFile(image, 'C:\\boot.ini', 'C:\\copy.ini');
    handle.close();
    expect(image.readFile('C:\\copy.ini').toString()).toBe('[boot loader]');
  });

  it('the copy keeps the source modification time (file.c:806-811)', () => {
    const image = smallImage();
    copyFile(image, 'C:\\boot.ini', 'C:\\copy.ini');
    expect(image.stat('C:\\copy.ini').modified).toEqual(image.stat('C:\\boot.ini').modified);
  });

  it('a read-only source gives a read-only copy, over an existing file or a new one (file.c:871-896)', () => {
    const image = smallImage();
    writeFile(image, 'C:\\dest.ini', Buffer.from('d'));
    setAttributes(image, 'C:\\boot.ini', ['readonly']);
    copyFile(image, 'C:\\boot.ini', 'C:\\dest.ini');
    expect(image.stat('C:\\dest.ini').attributes).toContain('readonly');
    copyFile(image, 'C:\\boot.ini', 'C:\\new.ini', true);
    expect(image.stat('C:\\new.ini').attributes).toContain('readonly');
  });
});
