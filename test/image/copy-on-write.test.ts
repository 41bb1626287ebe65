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

describe('copy-on-write byte store: a file goes into memfs when its content first changes', () => {
  it('a fork shares bytes until a change, which then lands in its own memfs volume only', () => {
    const image = smallImage();
    const copy = fork(image);
    expect(inMemfs(copy, '/WINNT/system32/kernel32.dll')).toBeUndefined();
    expect(copy.readFile('C:\\WINNT\\system32\\kernel32.dll').toString()).toBe('kernel32 v1');
    writeFile(copy, 'C:\\WINNT\\system32\\kernel32.dll', Buffer.from('v2'));
    expect(inMemfs(copy, '/WINNT/system32/kernel32.dll')).toBe('v2');
    expect(inMemfs(image, '/WINNT/system32/kernel32.dll')).toBeUndefined();
    expect(image.readFile('C:\\WINNT\\system32\\kernel32.dll').toString()).toBe('kernel32 v1');
    writeFile(image, 'C:\\WINNT\\system32\\kernel32.dll', Buffer.from('v3'));
    expect(inMemfs(image, '/WINNT/system32/kernel32.dll')).toBe('v3');
    expect(copy.readFile('C:\\WINNT\\system32\\kernel32.dll').toString()).toBe('v2');
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

  it('a new file keeps the bytes it was created with until it changes, then memfs holds it under its folders', () => {
    const image = smallImage();
    const bytes = Buffer.from('created');
    createDirectory(image, 'C:\\Work');
    createDirectory(image, 'C:\\Work\\Sub');
    writeFile(image, 'C:\\Work\\Sub\\a.txt', bytes);
    expect(inMemfs(image, '/Work/Sub/a.txt')).toBeUndefined();
    expect(image.volume('C').store.volume.existsSync('/Work')).toBe(false);
    expect(image.content(image.require('C:\\Work\\Sub\\a.txt'))).toBe(bytes);
    moveFileNow(image, 'C:\\Work\\Sub', 'C:\\Work\\Renamed', 0);
    writeFile(image, 'C:\\Work\\Renamed\\a.txt', Buffer.from('changed'));
    expect(inMemfs(image, '/Work/Renamed/a.txt')).toBe('changed');
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
