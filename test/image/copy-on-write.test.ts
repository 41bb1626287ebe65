import { describe, expect, it } from 'vitest';
import { ImageCore, copyImage, digestImage, decodeImage, encodeImage } from '../../src/image/index.js';
import { createDirectory, moveFileNow, writeFile, deleteFile, removeDirectory } from '../../src/ops/index.js';
import { smallImage } from '../helpers/small-image.js';

function fork(source: ImageCore): ImageCore {
  const copy = new ImageCore({ registry: source.registry.clone() });
  copyImage(source, copy);
  return copy;
}

/** The bytes memfs itself holds for a path of drive C (undefined if it has no node). */
function inMemfs(image: ImageCore, posixPath: string): string | undefined {
  const vol = image.volume('C').store.volume;
  return vol.existsSync(posixPath) ? vol.readFileSync(posixPath).toString() : undefined;
}

describe('copy-on-write byte store: a file keeps its bytes on its entry, shared until changed, never copied into memfs', () => {
  it('a fork shares bytes until a change, which the changed image alone then holds, with no memfs node', () => {
    const image = smallImage();
    const copy = fork(image);
    const kernel = 'C:\\WINNT\\system32\\kernel32.dll';
    expect(copy.content(copy.require(kernel))).toBe(image.content(image.require(kernel)));
    const v2 = Buffer.from('v2');
    writeFile(copy, kernel, v2);
    // the new bytes are the ones written, shared rather than copied (a memfs node would cost a few KB a file)
    expect(copy.content(copy.require(kernel))).toBe(v2);
    expect(inMemfs(copy, '/WINNT/system32/kernel32.dll')).toBeUndefined();
    expect(image.readFile(kernel).toString()).toBe('kernel32 v1');
    writeFile(image, kernel, Buffer.from('v3'));
    expect(image.readFile(kernel).toString()).toBe('v3');
    expect(inMemfs(image, '/WINNT/system32/kernel32.dll')).toBeUndefined();
    expect(copy.readFile(kernel).toString()).toBe('v2');
  });

  it('renames, deletes and new files work on entries that have no memfs node yet', () => {
    const image = smallImage();
    const copy = fork(image);
    moveFileNow(copy, 'C:\\WINNT\\system32\\drivers', 'C:\\WINNT\\drivers2', 0);
    writeFile(copy, 'C:\\WINNT\\drivers2\\new.sys', Buffer.from('new'));
    expect(copy.readFile('C:\\WINNT\\drivers2\\new.sys').toString()).toBe('new');
    expect(copy.readFile('C:\\WINNT\\drivers2\\tcpip.sys').toString()).toBe('tcpip v1');
    deleteFile(copy, 'C:\\WINNT\\drivers2\\tcpip.sys');
    deleteFile(copy, 'C:\\WINNT\\drivers2\\new.sys');
    removeDirectory(copy, 'C:\\WINNT\\drivers2');
    createDirectory(copy, 'C:\\WINNT\\drivers2');
    expect(copy.readdir('C:\\WINNT')).toContain('drivers2');
    expect(image.readFile('C:\\WINNT\\system32\\drivers\\tcpip.sys').toString()).toBe('tcpip v1');
  });

  it('a new file keeps the bytes it was created with, and a change its new bytes, through renames of its folder', () => {
    const image = smallImage();
    const bytes = Buffer.from('created');
    createDirectory(image, 'C:\\Work');
    createDirectory(image, 'C:\\Work\\Sub');
    writeFile(image, 'C:\\Work\\Sub\\a.txt', bytes);
    expect(inMemfs(image, '/Work/Sub/a.txt')).toBeUndefined();
    expect(image.volume('C').store.volume.existsSync('/Work')).toBe(false);
    expect(image.content(image.require('C:\\Work\\Sub\\a.txt'))).toBe(bytes);
    moveFileNow(image, 'C:\\Work\\Sub', 'C:\\Work\\Renamed', 0);
    const changed = Buffer.from('changed');
    writeFile(image, 'C:\\Work\\Renamed\\a.txt', changed);
    expect(image.content(image.require('C:\\Work\\Renamed\\a.txt'))).toBe(changed);
    expect(image.volume('C').store.volume.existsSync('/Work')).toBe(false);
    expect(image.readFile('C:\\Work\\Renamed\\a.txt').toString()).toBe('changed');
    writeFile(image, 'C:\\Work\\Renamed\\b.txt', Buffer.from('b'));
    deleteFile(image, 'C:\\Work\\Renamed\\a.txt');
    expect(inMemfs(image, '/Work/Renamed/a.txt')).toBeUndefined();
    expect(image.readdir('C:\\Work\\Renamed')).toEqual(['b.txt']);
  });

  it('a loaded image is equal to its source and independent of the buffer it came from', () => {
    const image = smallImage();
    const bytes = Buffer.concat(encodeImage(image));
    const loaded = decodeImage(bytes, 'test', (registry) => new ImageCore({ registry }));
    expect(digestImage(loaded)).toBe(digestImage(image));
    writeFile(loaded, 'C:\\boot.ini', Buffer.from('changed'));
    expect(image.readFile('C:\\boot.ini').toString()).toBe('[boot loader]');
    expect(loaded.volume('C').free).toBe(image.volume('C').free - 0);
  });
});
