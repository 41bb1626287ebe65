import { describe, expect, it } from 'vitest';
import { encodeImage } from '../../src/image/index.js';
import { WinImage } from '../../src/index.js';
import { install } from '../../src/servicing/index.js';
import { buildPackage, serverImage } from '../servicing/helpers.js';
import { coreOf } from '../../src/machine/internal.js';

/** Issue 14, symptom 3: what a caller hands the door is copied once there, as Node's fs copies. */
describe('caller buffers are copied at the door', () => {
  it('one buffer reused for three writeFile calls gives three files with their own content', () => {
    const image = WinImage.create();
    const buffer = Buffer.alloc(4);
    for (const name of ['a', 'b', 'c']) {
      buffer.write(name.repeat(4));
      image.writeFile(`C:\\${name}.txt`, buffer);
    }
    expect(['a', 'b', 'c'].map((name) => image.readFile(`C:\\${name}.txt`).toString())).toEqual([
      'aaaa',
      'bbbb',
      'cccc',
    ]);
  });

  it('a change to the buffer after writeFile does not reach the file, the digest or undo', () => {
    const image = WinImage.create();
    const buffer = Uint8Array.from([1, 2, 3]);
    image.writeFile('C:\\data.bin', buffer);
    const afterFirst = image.digest();
    const mark = image.mark();
    const second = Uint8Array.from([4, 5, 6]);
    image.writeFile('C:\\data.bin', second);
    buffer.fill(9);
    second.fill(9);
    expect([...image.readFile('C:\\data.bin')]).toEqual([4, 5, 6]);
    image.undo(mark);
    expect([...image.readFile('C:\\data.bin')]).toEqual([1, 2, 3]);
    expect(image.digest()).toBe(afterFirst);
  });

  it("fs().writeFileSync and fs().promises.writeFile copy the caller's buffer", async () => {
    const image = WinImage.create();
    const fs = image.fs('C');
    const buffer = Buffer.from('first');
    fs.writeFileSync('one.txt', buffer);
    buffer.write('later');
    const writing = fs.promises.writeFile('two.txt', buffer);
    buffer.write('after');
    await writing;
    expect(fs.readFileSync('one.txt', 'utf8')).toBe('first');
    expect(fs.readFileSync('two.txt', 'utf8')).toBe('later');
  });

  it('WinImage.fromBytes copies the image bytes: changing them later changes nothing', () => {
    const source = WinImage.empty();
    source.addVolume({ letter: 'C', capacity: 1 << 20 });
    source.writeFile('C:\\note.txt', 'kept');
    const file = encoded(source);
    const image = WinImage.fromBytes(file);
    const digest = image.digest();
    file.fill(0);
    expect(image.readFile('C:\\note.txt').toString()).toBe('kept');
    expect(image.digest()).toBe(digest);
  });

  it('install(image, bytes) copies the package bytes: the installed files keep what was verified', async () => {
    const image = serverImage();
    const payload = 'the new library, as signed';
    const bytes = new Uint8Array(
      buildPackage(
        [{ target: '%SystemRoot%\\system32\\newlib.dll', data: payload, version: '5.0.2195.6717' }],
        {
          kind: 'hotfix',
          id: 'Q123456',
          title: 'hotfix',
          level: undefined,
          catalog: { name: 'Q123456.cat' },
        },
      ).toBytes(),
    );
    const result = await install(coreOf(image), bytes, { noRestart: true });
    expect(result.code, result.message).toBe(0);
    const digest = image.digest();
    bytes.fill(0x41);
    expect(image.readFile('C:\\WINNT\\system32\\newlib.dll').toString()).toBe(payload);
    expect(image.digest()).toBe(digest);
  });

  it('registry: a REG_BINARY buffer changed after setValue, or the bytes getRawValue gave, change nothing', () => {
    const image = WinImage.create();
    const key = 'HKLM\\SOFTWARE\\Vendor';
    const data = Uint8Array.from([1, 2, 3, 4]);
    image.registry.setValue(key, 'Blob', 'REG_BINARY', data);
    data.fill(0);
    const digest = image.digest();
    image.registry.getRawValue(key, 'Blob')!.bytes.fill(7);
    expect([...image.registry.getRawValue(key, 'Blob')!.bytes]).toEqual([1, 2, 3, 4]);
    expect(image.digest()).toBe(digest);
  });
});

function encoded(image: WinImage): Buffer {
  return Buffer.concat(encodeImage(coreOf(image)));
}
