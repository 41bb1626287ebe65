import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImageCore, decodeImage, digestImage, encodeImage } from '../../src/image/index.js';
import { createDirectory, setAttributes, writeFile } from '../../src/ops/index.js';
import { smallImage } from '../helpers/small-image.js';

const load = (bytes: Buffer) => decodeImage(bytes, 'test.svcimg', (registry) => new ImageCore({ registry }));

/** Every entry of drive C with what the file format keeps of it. */
function listing(image: ImageCore): unknown[] {
  const rows: unknown[] = [];
  const visit = (path: string): void => {
    for (const name of image.readdir(path)) {
      const child = `${path}\\${name}`;
      const stat = image.stat(child);
      rows.push([child, stat]);
      if (stat.isDirectory) visit(child);
    }
  };
  visit('C:');
  return rows;
}

const segment = fc
  .array(fc.constantFrom(...'abcXYZ019 _-~$.', 'é', 'ß', 'Ω', '中', 'Long File Name'), {
    minLength: 1,
    maxLength: 10,
  })
  .map((units) => units.join('').replace(/^[. ]+|[. ]+$/g, ''))
  .filter((name) => name.length > 0 && !/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(name));

const change = fc.record({
  folders: fc.array(segment, { minLength: 1, maxLength: 3 }),
  name: segment,
  size: fc.nat({ max: 300 }),
  version: fc.option(fc.constantFrom('5.0.2195.6717', '1.0', '10.0.0.1'), { nil: undefined }),
  hidden: fc.boolean(),
});

describe('image file format 2: the entry table keeps every entry as format 1 did', () => {
  it('names in any script, 8.3 aliases, versions, attributes, empty folders: the same image back, both formats', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 12 }), (changes) => {
        const image = smallImage();
        changes.forEach(({ folders, name, size, version, hidden }, i) => {
          const folder = `C:\\${folders.join('\\')}`;
          createDirectory(image, folder, { recursive: true });
          const path = `${folder}\\${name}`;
          if (image.find(path)?.isDir) return;
          writeFile(image, path, Buffer.alloc(size, i), version ? { version } : {});
          if (hidden) setAttributes(image, path, ['hidden']);
        });
        const v2 = load(Buffer.concat(encodeImage(image)));
        const v1 = load(Buffer.concat(encodeImage(image, { formatVersion: 1 })));
        expect(digestImage(v2)).toBe(digestImage(image));
        expect(digestImage(v1)).toBe(digestImage(image));
        expect(listing(v2)).toEqual(listing(image));
        expect(listing(v1)).toEqual(listing(image));
      }),
      { numRuns: 60 },
    );
  });
});
