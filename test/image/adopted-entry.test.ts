import { describe, expect, it } from 'vitest';
import { ImageCore, decodeImage, encodeImage, type Entry } from '../../src/image/index.js';
import { newEntry } from '../../src/image/tree.js';
import { smallImage } from '../helpers/small-image.js';

const create = (registry: ImageCore['registry']) => new ImageCore({ registry });
const PATHS = ['C:\\WINNT', 'C:\\WINNT\\system32', 'C:\\WINNT\\system32\\kernel32.dll', 'C:\\Program Files'];

/** What an entry holds, its links to other entries and its bytes left out. */
function fields(entry: Entry): Record<string, unknown> {
  const { parent, children, shortChildren, pending, link, handles, ...rest } = entry;
  return {
    ...rest,
    parent: parent?.name,
    children: children && [...children.keys()].sort(),
    aliases: shortChildren && [...shortChildren.keys()].sort(),
    bytes: pending && Buffer.from(pending).toString('hex'),
    link: link !== undefined,
    handles: handles?.length,
  };
}

describe('entries a load adopts', () => {
  it("have an entry's properties in newEntry's order (one hidden class) and the saved entry's values", () => {
    const image = smallImage();
    image.require('C:\\WINNT\\system32\\kernel32.dll').createdFraction = 1234;
    const loaded = decodeImage(Buffer.concat(encodeImage(image)), 'adopted.svcimg', create);
    const order = Object.keys(newEntry('x', undefined, false, undefined, 0, 0));
    for (const path of PATHS) {
      const entry = loaded.require(path);
      expect(Object.keys(entry), path).toEqual(order);
      const { contentHash: _loaded, ...got } = fields(entry);
      const { contentHash: _saved, ...want } = fields(image.require(path));
      expect(got, path).toEqual(want);
    }
    expect(loaded.require(PATHS[2]).createdFraction).toBe(1234);
  });
});
