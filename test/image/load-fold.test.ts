import { describe, expect, it } from 'vitest';
import { ImageCore, decodeImage, encodeImage, walkEntries } from '../../src/image/index.js';
import { writeFile } from '../../src/ops/index.js';
import { smallImage } from '../helpers/small-image.js';

const create = (registry: ImageCore['registry']) => new ImageCore({ registry });

/** Every folder's index keys, by the path of the entry each names. */
function indexKeys(image: ImageCore): string[] {
  const keys: string[] = [];
  for (const volume of image.allVolumes())
    for (const entry of walkEntries(volume.root)) {
      for (const [key, child] of entry.children ?? []) keys.push(`${volume.letter} ${key} -> ${child.name}`);
      for (const [key, child] of entry.shortChildren ?? [])
        keys.push(`${volume.letter} ~${key} -> ${child.name}`);
    }
  return keys.sort();
}

describe('the names of a loaded entry table, folded as their volume folds them', () => {
  it('P6 R3: a load keys each name and alias as the image it saved did, ASCII or not, on the default and a later table (ASCII ones are folded as they are read)', () => {
    const image = smallImage();
    image.addVolume({ letter: 'F', capacity: 1 << 20, upcase: 'nt6.1' });
    const names = [
      'Readme.TXT',
      'a long name.txt',
      'straße.txt',
      'µ.dat',
      'x\ud800y.bin',
      'U+FFFD \ufffd.log',
      'ⱥ.txt',
    ];
    for (const drive of ['C', 'F'])
      for (const name of names) writeFile(image, `${drive}:\\${name}`, Buffer.from(name));
    const loaded = decodeImage(Buffer.concat(encodeImage(image)), 'test', create);
    expect(indexKeys(loaded)).toEqual(indexKeys(image));
    expect(indexKeys(loaded)).toContain('C README.TXT -> Readme.TXT');
    expect(indexKeys(loaded)).toContain('C ~ALONGN~1.TXT -> a long name.txt');
  });
});
