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
 * `locate` and `find` remember the folders a normal drive path led to. Whatever changes the
 * folder tree afterwards, a lookup must see the tree as it is now.
 */
describe('folder cache of locate and find', () => {
  it('a path looked up before sees the file there now: created, deleted, renamed over, or by its 8.3 alias', () => {
    const image = smallImage();
    const path = 'C:\\WINNT\\system32\\drivers\\Long File Name.sys';
    const alias = 'C:\\WINNT\\system32\\drivers\\LONGFI~1.SYS';
    expect(image.find('C:\\WINNT\\system32\\drivers\\tcpip.sys')).toBeDefined();
    expect(image.find(path)).toBeUndefined();
    expect(image.find(alias)).toBeUndefined();
    writeFile(image, path, Buffer.from('one'));
    expect(image.find(path)?.name).toBe('Long File Name.sys');
    expect(image.find(alias)?.name).toBe('Long File Name.sys');
    expect(image.locate(path).entry?.size).toBe(3);
    deleteFile(image, path);
    expect(image.find(path)).toBeUndefined();
    expect(image.find(alias)).toBeUndefined();
    moveFileNow(image, 'C:\\WINNT\\system32\\drivers\\tcpip.sys', path, 0);
    expect(image.find(path)?.size).toBe(image.find(alias)?.size);
    expect(image.find('C:\\WINNT\\system32\\drivers\\tcpip.sys')).toBeUndefined();
  });

  it('a folder moved away after a lookup is not found at its old path, and is found at its new one', () => {
    const image = smallImage();
    expect(image.find('C:\\WINNT\\system32\\drivers\\tcpip.sys')).toBeDefined();
    expect(image.locate('C:\\WINNT\\system32\\drivers\\tcpip.sys').entry).toBeDefined();
    moveFileNow(image, 'C:\\WINNT\\system32\\drivers', 'C:\\WINNT\\drivers.old', 0);
    expect(image.find('C:\\WINNT\\system32\\drivers\\tcpip.sys')).toBeUndefined();
    expect(() => image.locate('C:\\WINNT\\system32\\drivers\\tcpip.sys')).toThrow(
      expect.objectContaining({ code: 'ERROR_PATH_NOT_FOUND' }),
    );
    expect(image.find('C:\\WINNT\\drivers.old\\tcpip.sys')?.name).toBe('tcpip.sys');
  });

  it('a folder removed and made again is the new folder, not the cached one', () => {
    const image = smallImage();
    createDirectory(image, 'C:\\Temp');
    writeFile(image, 'C:\\Temp\\a.txt', Buffer.from('a'));
    const before = image.find('C:\\Temp\\a.txt');
    expect(before).toBeDefined();
    deleteFile(image, 'C:\\Temp\\a.txt');
    removeDirectory(image, 'C:\\Temp');
    expect(image.find('C:\\Temp\\a.txt')).toBeUndefined();
    createDirectory(image, 'C:\\Temp');
    writeFile(image, 'C:\\Temp\\a.txt', Buffer.from('b'));
    const after = image.find('C:\\Temp\\a.txt');
    expect(after).not.toBe(before);
    expect(image.content(after!).toString()).toBe('b');
    expect(image.pathOf(image.locate('C:\\Temp\\a.txt').parent!)).toBe('C:\\Temp');
  });

  it('an undone folder creation is forgotten', () => {
    const image = smallImage();
    const undo = applyOp(image, { kind: 'mkdir', path: 'C:\\Staging' });
    writeFile(image, 'C:\\Staging\\x.bin', Buffer.from('x'));
    expect(image.find('C:\\Staging\\x.bin')).toBeDefined();
    deleteFile(image, 'C:\\Staging\\x.bin');
    for (const op of undo) applyOp(image, op);
    expect(image.find('C:\\Staging\\x.bin')).toBeUndefined();
    expect(() => writeFile(image, 'C:\\Staging\\x.bin', Buffer.from('y'))).toThrow(
      expect.objectContaining({ code: 'ERROR_PATH_NOT_FOUND' }),
    );
  });

  it('a volume taken out is not reached through a cached folder', () => {
    const image = smallImage();
    createDirectory(image, 'D:\\Spool');
    writeFile(image, 'D:\\Spool\\f.txt', Buffer.from('f'));
    expect(image.find('D:\\Spool\\f.txt')).toBeDefined();
    image.removeVolume('D');
    expect(image.find('D:\\Spool\\f.txt')).toBeUndefined();
    expect(() => image.locate('D:\\Spool\\f.txt')).toThrow(
      expect.objectContaining({ code: 'ERROR_PATH_NOT_FOUND' }),
    );
  });

  it('still validates the name in a cached folder: device names, bad characters, trailing dots', () => {
    const image = smallImage();
    expect(image.find('C:\\WINNT\\win.ini')).toBeDefined();
    expect(() => image.locate('C:\\WINNT\\CON')).toThrow(expect.objectContaining({ errno: 123 }));
    expect(() => image.locate('C:\\WINNT\\a?b')).toThrow(expect.objectContaining({ errno: 123 }));
    // A trailing dot is stripped as Win32 does, so the name still means win.ini.
    expect(image.locate('C:\\WINNT\\win.ini.').entry?.name).toBe('win.ini');
    expect(image.find('C:\\WINNT\\.')).toBe(image.find('C:\\WINNT'));
  });

  it('finds the same entry by another case or an 8.3 alias of the folder', () => {
    const image = smallImage();
    const entry = image.find('C:\\Program Files\\Common Files');
    expect(image.find('c:\\program files\\common files')).toBe(entry);
    expect(image.find('C:\\PROGRA~1\\COMMON~1')).toBe(entry);
    expect(image.find('C:\\Program Files\\nothing\\here')).toBeUndefined();
  });
});

/** A location from the folder cache, found before a change, must tell whether it still holds. */
describe('isStillCurrent: a location found earlier, checked without a lookup', () => {
  const file = 'C:\\WINNT\\system32\\drivers\\tcpip.sys';
  const missing = 'C:\\WINNT\\system32\\drivers\\new.sys';

  function located(image: ReturnType<typeof smallImage>, path: string) {
    const cut = path.lastIndexOf('\\');
    const folder = image.folder(path.slice(0, cut));
    const location = folder && image.locateIn(folder, path.slice(cut + 1), path);
    if (!location) throw new Error(`no location in a known folder for ${path}`);
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
    const location = image.locateIn(image.folder('C:\\WINNT\\system32\\drivers')!, 'tcpip.sys', path)!;
    const copy = new ImageCore({ registry: image.registry.clone() });
    copyImage(image, copy);
    expect(copy.find(path)).toBeDefined();
    expect(image.isStillCurrent(location)).toBe(true);
    expect(copy.isStillCurrent(location)).toBe(false);
  });
});

describe('folder and locateIn: many paths of one folder', () => {
  it('locates a name in a folder found before, and leaves a name not in normal form to locate', () => {
    const image = smallImage();
    const folder = image.folder('C:\\WINNT\\system32\\drivers')!;
    expect(folder.dir).toBe(image.find('C:\\WINNT\\system32\\drivers'));
    const found = image.locateIn(folder, 'TCPIP.SYS');
    expect(found?.entry).toBe(image.find('C:\\WINNT\\system32\\drivers\\tcpip.sys'));
    expect(found?.given).toBe('C:\\WINNT\\system32\\drivers\\TCPIP.SYS');
    expect(found && image.isStillCurrent(found)).toBe(true);
    const absent = image.locateIn(folder, 'new.sys');
    expect(absent?.entry).toBeUndefined();
    for (const name of ['nul .txt', 'a.', 'a ', 'a:b', 'x'.repeat(256)])
      expect(image.locateIn(folder, name)).toBeUndefined();
  });

  it('gives no folder for a missing path, a file, or a path not in normal form', () => {
    const image = smallImage();
    expect(image.folder('C:\\WINNT\\nothing')).toBeUndefined();
    expect(image.folder('C:\\WINNT\\system32\\drivers\\tcpip.sys')).toBeUndefined();
    expect(image.folder('C:\\WINNT\\system32\\..\\system32')).toBeUndefined();
    expect(image.folder('C:\\WINNT\\system32\\')).toBeUndefined();
    expect(image.folder('Q:\\WINNT')).toBeUndefined();
  });

  it('serves the same folder until a folder moves, then walks to where the path leads now', () => {
    const image = smallImage();
    createDirectory(image, 'C:\\Temp\\a\\b', { recursive: true });
    const first = image.folder('C:\\Temp\\a\\b')!;
    expect(image.folder('C:\\Temp\\a\\b')).toBe(first);
    moveFileNow(image, 'C:\\Temp\\a', 'C:\\Temp\\old', 0);
    expect(image.folder('C:\\Temp\\a\\b')).toBeUndefined();
    createDirectory(image, 'C:\\Temp\\a\\b', { recursive: true });
    const again = image.folder('C:\\Temp\\a\\b')!;
    expect(again.dir).not.toBe(first.dir);
    expect(again.dir).toBe(image.find('C:\\Temp\\a\\b'));
  });
});
