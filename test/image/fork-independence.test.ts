import { describe, expect, it } from 'vitest';
import { ImageCore, copyImage, encodeImage, type Entry } from '../../src/image/index.js';
import {
  createDirectory,
  deleteFile,
  moveFileNow,
  removeTree,
  setAttributes,
  setRegistryValue,
  writeFile,
} from '../../src/ops/index.js';
import { newEntry } from '../../src/image/tree.js';
import { smallImage } from '../helpers/small-image.js';

function fork(source: ImageCore): ImageCore {
  const copy = new ImageCore({ registry: source.registry.clone() });
  copyImage(source, copy);
  return copy;
}

/** The image file an image saves as, whole. */
function saved(image: ImageCore): Buffer {
  return Buffer.concat(encodeImage(image));
}

const KERNEL = 'C:\\WINNT\\system32\\kernel32.dll';
const T = Date.UTC(2003, 5, 1);

/** A small image with what a fork copies beyond the plain files: an alias, fractions, a cached hash. */
function richImage(): ImageCore {
  const image = smallImage();
  createDirectory(image, 'C:\\Documents and Settings\\Administrator', { recursive: true });
  writeFile(image, 'C:\\Documents and Settings\\Administrator\\long file name.txt', Buffer.from('long'));
  const system32 = image.require('C:\\WINNT\\system32');
  image.rawAdopt(system32, 'fractions.dat', Buffer.from('times'), {
    attributes: 0x21,
    version: '1.2.3.4',
    created: T,
    createdFraction: 1234,
    modified: T + 5,
    modifiedFraction: 9999,
  });
  image.volume('C').used += image.volume('C').allocation(5);
  return image;
}

/** Every change kind, applied to one image. */
const CHANGES: [string, (image: ImageCore) => void][] = [
  ['content', (image) => writeFile(image, KERNEL, Buffer.from('kernel32 v2'))],
  ['attributes', (image) => setAttributes(image, KERNEL, ['readonly', 'hidden'])],
  [
    'times',
    (image) => writeFile(image, 'C:\\boot.ini', Buffer.from('[boot loader]'), { created: T, modified: T }),
  ],
  ['a file renamed', (image) => moveFileNow(image, KERNEL, 'C:\\WINNT\\system32\\kernel32.old', 0)],
  ['a folder renamed', (image) => moveFileNow(image, 'C:\\Program Files', 'C:\\Programs', 0)],
  ['a file deleted', (image) => deleteFile(image, 'C:\\WINNT\\win.ini')],
  ['a tree deleted', (image) => removeTree(image, 'C:\\WINNT\\system32\\drivers')],
  ['a long name added', (image) => createDirectory(image, 'C:\\Documents and Settings\\All Users')],
  ['a registry value', (image) => setRegistryValue(image, 'HKLM\\SYSTEM\\Select', 'Current', 'REG_DWORD', 2)],
];

describe('a fork is independent of its origin: a change in either never shows in the other', () => {
  it('a fork saves byte for byte as its origin does, and keeps its aliases, times and hashes', () => {
    const image = richImage();
    image.require(KERNEL).contentHash = 42n;
    const copy = fork(image);
    expect(saved(copy).equals(saved(image))).toBe(true);
    const alias = image.require('C:\\Documents and Settings').shortName!;
    expect(copy.require(`C:\\${alias}\\Administrator\\long file name.txt`).name).toBe('long file name.txt');
    const times = (e: Entry) => [e.created, e.createdFraction, e.modified, e.modifiedFraction, e.version];
    const path = 'C:\\WINNT\\system32\\fractions.dat';
    expect(times(copy.require(path))).toEqual(times(image.require(path)));
    expect(copy.require(KERNEL).contentHash).toBe(42n);
  });

  for (const [what, change] of CHANGES) {
    it(`${what}: in the fork, not in the origin; in the origin, not in the fork`, () => {
      const image = richImage();
      const before = saved(image);
      const copy = fork(image);
      change(copy);
      expect(saved(copy).equals(before)).toBe(false);
      expect(saved(image).equals(before)).toBe(true);
      const second = fork(image);
      change(image);
      expect(saved(second).equals(before)).toBe(true);
      // the same change on each side leaves the two saving alike
      expect(saved(image).equals(saved(copy))).toBe(true);
    });
  }

  it('a new long name in a fork takes the next alias: the fork has its folder alias index', () => {
    const image = richImage();
    const copy = fork(image);
    createDirectory(copy, 'C:\\Documents and Settings2');
    createDirectory(image, 'C:\\Documents and Settings3');
    const alias = (i: ImageCore, path: string) => i.require(path).shortName;
    expect(alias(copy, 'C:\\Documents and Settings2')).toBe('DOCUME~2');
    expect(alias(image, 'C:\\Documents and Settings3')).toBe('DOCUME~2');
    expect(copy.locate('C:\\Documents and Settings3').entry).toBeUndefined();
    expect(image.locate('C:\\Documents and Settings2').entry).toBeUndefined();
  });

  it("a fork's files and folders have an entry's properties in newEntry's order (one hidden class)", () => {
    const image = richImage();
    const copy = fork(image);
    const order = Object.keys(newEntry('x', undefined, false, undefined, 0, T));
    for (const path of [KERNEL, 'C:\\WINNT\\system32', 'C:\\Documents and Settings'])
      expect(Object.keys(copy.require(path))).toEqual(order);
  });

  it('an alias recorded in lower case is found in the fork under its folded form', () => {
    const image = smallImage();
    image.rawAdopt(image.require('C:\\WINNT'), 'Lower Case Alias.txt', Buffer.from('x'), {
      attributes: 0x20,
      version: undefined,
      created: T,
      modified: T,
      shortName: 'lower~1.txt',
    });
    const copy = fork(image);
    expect(copy.require('C:\\WINNT\\LOWER~1.TXT').name).toBe('Lower Case Alias.txt');
    expect(copy.require('C:\\WINNT\\lower~1.txt').name).toBe('Lower Case Alias.txt');
  });
});
