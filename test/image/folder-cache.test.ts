import { describe, expect, it } from 'vitest';
import {
  applyOp,
  createDirectory,
  deleteFile,
  moveFileNow,
  removeDirectory,
  writeFile,
} from '../../src/ops/index.js';
import { ImageCore, copyImage } from '../../src/image/index.js';
import { smallImage } from '../helpers/small-image.js';

/**
 * `locate` and `lookup` remember the folders a normal drive path led to. Whatever changes the
 * folder tree afterwards, a lookup must see the tree as it is now.
 */
describe('folder cache of locate and lookup', () => {
  it('a path looked up before sees the file there now: created, deleted, renamed over, or by its 8.3 alias', () => {
    const image = smallImage();
    const path = 'C:\\WINNT\\system32\\drivers\\Long File Name.sys';
    const alias = 'C:\\WINNT\\system32\\drivers\\LONGFI~1.SYS';
    expect(image.lookup('C:\\WINNT\\system32\\drivers\\tcpip.sys')).toBeDefined();
    expect(image.lookup(path)).toBeUndefined();
    expect(image.lookup(alias)).toBeUndefined();
    writeFile(image, path, Buffer.from('one'));
    expect(image.lookup(path)?.name).toBe('Long File Name.sys');
    expect(image.lookup(alias)?.name).toBe('Long File Name.sys');
    expect(image.locate(path).entry?.size).toBe(3);
    deleteFile(image, path);
    expect(image.lookup(path)).toBeUndefined();
    expect(image.lookup(alias)).toBeUndefined();
    moveFileNow(image, 'C:\\WINNT\\system32\\drivers\\tcpip.sys', path, 0);
    expect(image.lookup(path)?.size).toBe(image.lookup(alias)?.size);
    expect(image.lookup('C:\\WINNT\\system32\\drivers\\tcpip.sys')).toBeUndefined();
  });

  it('a folder moved away after a lookup is not found at its old path, and is found at its new one', () => {
    const image = smallImage();
    expect(image.lookup('C:\\WINNT\\system32\\drivers\\tcpip.sys')).toBeDefined();
    expect(image.locate('C:\\WINNT\\system32\\drivers\\tcpip.sys').entry).toBeDefined();
    moveFileNow(image, 'C:\\WINNT\\system32\\drivers', 'C:\\WINNT\\drivers.old', 0);
    expect(image.lookup('C:\\WINNT\\system32\\drivers\\tcpip.sys')).toBeUndefined();
    expect(() => image.locate('C:\\WINNT\\system32\\drivers\\tcpip.sys')).toThrow(
      expect.objectContaining({ code: 'ERROR_PATH_NOT_FOUND' }),
    );
    expect(image.lookup('C:\\WINNT\\drivers.old\\tcpip.sys')?.name).toBe('tcpip.sys');
  });

  it('a folder removed and made again is the new folder, not the cached one', () => {
    const image = smallImage();
    createDirectory(image, 'C:\\Temp');
    writeFile(image, 'C:\\Temp\\a.txt', Buffer.from('a'));
    const before = image.lookup('C:\\Temp\\a.txt');
    expect(before).toBeDefined();
    deleteFile(image, 'C:\\Temp\\a.txt');
    removeDirectory(image, 'C:\\Temp');
    expect(image.lookup('C:\\Temp\\a.txt')).toBeUndefined();
    createDirectory(image, 'C:\\Temp');
    writeFile(image, 'C:\\Temp\\a.txt', Buffer.from('b'));
    const after = image.lookup('C:\\Temp\\a.txt');
    expect(after).not.toBe(before);
    expect(image.content(after!).toString()).toBe('b');
    expect(image.pathOf(image.locate('C:\\Temp\\a.txt').parent!)).toBe('C:\\Temp');
  });

  it('an undone folder creation is forgotten', () => {
    const image = smallImage();
    const undo = applyOp(image, { kind: 'mkdir', path: 'C:\\Staging' });
    writeFile(image, 'C:\\Staging\\x.bin', Buffer.from('x'));
    expect(image.lookup('C:\\Staging\\x.bin')).toBeDefined();
    deleteFile(image, 'C:\\Staging\\x.bin');
    for (const op of undo) applyOp(image, op);
    expect(image.lookup('C:\\Staging\\x.bin')).toBeUndefined();
    expect(() => writeFile(image, 'C:\\Staging\\x.bin', Buffer.from('y'))).toThrow(
      expect.objectContaining({ code: 'ERROR_PATH_NOT_FOUND' }),
    );
  });

  it('a volume taken out is not reached through a cached folder', () => {
    const image = smallImage();
    createDirectory(image, 'D:\\Spool');
    writeFile(image, 'D:\\Spool\\f.txt', Buffer.from('f'));
    expect(image.lookup('D:\\Spool\\f.txt')).toBeDefined();
    image.removeVolume('D');
    expect(image.lookup('D:\\Spool\\f.txt')).toBeUndefined();
    expect(() => image.locate('D:\\Spool\\f.txt')).toThrow(
      expect.objectContaining({ code: 'ERROR_PATH_NOT_FOUND' }),
    );
  });

  it('still validates the name in a cached folder: device names, bad characters, trailing dots', () => {
    const image = smallImage();
    expect(image.lookup('C:\\WINNT\\win.ini')).toBeDefined();
    expect(() => image.locate('C:\\WINNT\\CON')).toThrow(expect.objectContaining({ errno: 123 }));
    expect(() => image.locate('C:\\WINNT\\a?b')).toThrow(expect.objectContaining({ errno: 123 }));
    // A trailing dot is stripped as Win32 does, so the name still means win.ini.
    expect(image.locate('C:\\WINNT\\win.ini.').entry?.name).toBe('win.ini');
    expect(image.lookup('C:\\WINNT\\.')).toBe(image.lookup('C:\\WINNT'));
  });

  it('finds the same entry by another case or an 8.3 alias of the folder', () => {
    const image = smallImage();
    const entry = image.lookup('C:\\Program Files\\Common Files');
    expect(image.lookup('c:\\program files\\common files')).toBe(entry);
    expect(image.lookup('C:\\PROGRA~1\\COMMON~1')).toBe(entry);
    expect(image.lookup('C:\\Program Files\\nothing\\here')).toBeUndefined();
  });
});

/** A location from the folder cache, found before a change, must tell whether it still holds. */
describe('isStillCurrent: a location found earlier, checked without a lookup', () => {
  const file = 'C:\\WINNT\\system32\\drivers\\tcpip.sys';
  const missing = 'C:\\WINNT\\system32\\drivers\\new.sys';

  function located(image: ReturnType<typeof smallImage>, path: string) {
    image.lookup(path); // makes the folder known
    const location = image.locateInCachedFolder(path);
    if (!location) throw new Error(`no cached location for ${path}`);
    return location;
  }

  it('holds while nothing changes at its name, in its folder or above', () => {
    const image = smallImage();
    const existing = located(image, file);
    const absent = located(image, missing);
    writeFile(image, 'C:\\WINNT\\system32\\drivers\\other.sys', Buffer.from('x'));
    writeFile(image, file, Buffer.from('new content'));
    expect(image.isStillCurrent(existing)).toBe(true);
    expect(image.isStillCurrent(absent)).toBe(true);
  });

  it('fails once the entry is deleted, renamed away, or a file appears at an absent name', () => {
    const image = smallImage();
    const existing = located(image, file);
    const absent = located(image, missing);
    writeFile(image, missing, Buffer.from('x'));
    expect(image.isStillCurrent(absent)).toBe(false);
    deleteFile(image, file);
    expect(image.isStillCurrent(existing)).toBe(false);
    const renamed = located(image, missing);
    moveFileNow(image, missing, 'C:\\WINNT\\system32\\drivers\\moved.sys', 0);
    expect(image.isStillCurrent(renamed)).toBe(false);
  });

  it('fails once a folder moves or goes, and for an entry found by its 8.3 alias', () => {
    const image = smallImage();
    const existing = located(image, file);
    createDirectory(image, 'C:\\Temp\\gone', { recursive: true });
    removeDirectory(image, 'C:\\Temp\\gone');
    expect(image.isStillCurrent(existing)).toBe(false);
    writeFile(image, 'C:\\WINNT\\system32\\drivers\\Long File Name.sys', Buffer.from('one'));
    const byAlias = located(image, 'C:\\WINNT\\system32\\drivers\\LONGFI~1.SYS');
    expect(byAlias.entry?.name).toBe('Long File Name.sys');
    expect(image.isStillCurrent(byAlias)).toBe(false);
  });
});

describe('isStillCurrent across images', () => {
  it('a location found in one image is never current in a copy of it', () => {
    const image = smallImage();
    const path = 'C:\\WINNT\\system32\\drivers\\tcpip.sys';
    image.lookup(path);
    const location = image.locateInCachedFolder(path)!;
    const copy = new ImageCore({ registry: image.registry.clone() });
    copyImage(image, copy);
    expect(copy.structureGeneration).toBe(image.structureGeneration);
    expect(image.isStillCurrent(location)).toBe(true);
    expect(copy.isStillCurrent(location)).toBe(false);
  });
});

describe('locateIn', () => {
  it('locates a name in a folder entry found before, and leaves a name not in normal form to locate', () => {
    const image = smallImage();
    const dir = image.require('C:\\WINNT\\system32\\drivers');
    const volume = image.volume('C');
    const found = image.locateIn(volume, dir, 'TCPIP.SYS', 'C:\\WINNT\\system32\\drivers\\TCPIP.SYS');
    expect(found?.entry).toBe(image.lookup('C:\\WINNT\\system32\\drivers\\tcpip.sys'));
    expect(found && image.isStillCurrent(found)).toBe(true);
    const absent = image.locateIn(volume, dir, 'new.sys', 'C:\\WINNT\\system32\\drivers\\new.sys');
    expect(absent?.entry).toBeUndefined();
    for (const name of ['nul .txt', 'a.', 'a ', 'a:b', 'x'.repeat(256)])
      expect(image.locateIn(volume, dir, name, `C:\\WINNT\\system32\\drivers\\${name}`)).toBeUndefined();
  });
});
