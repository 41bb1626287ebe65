import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeImage } from '../../src/image/index.js';
import { WinImage } from '../../src/machine/index.js';
import { coreOf } from '../../src/machine/internal.js';

/** Names that differ only in a lone surrogate, or in one against U+FFFD, which lossy UTF-8 would merge. */
const FILE_NAMES = ['a\ud800.txt', 'a\ud801.txt', 'a\ufffd.txt', 'b\udc00\ud800.txt', 'b\ud83d\ude00.txt'];
const KEY_NAMES = ['k\ud800', 'k\udfff', 'k\ufffd'];

function withStrangeNames(): WinImage {
  const image = WinImage.empty();
  image.addVolume({ letter: 'C', capacity: 1 << 20 });
  image.mkdir('C:\\odd\ud800');
  FILE_NAMES.forEach((name, i) =>
    image.writeFile(`C:\\odd\ud800\\${name}`, `file ${i}`, { version: `1.${i}\udc01` }),
  );
  KEY_NAMES.forEach((name, i) =>
    image.registry.setValue(`HKLM\\SOFTWARE\\${name}`, `v\udc00${i}`, 'REG_SZ', `data ${i}\ud800`),
  );
  return image;
}

/** Every name and content, unit for unit, as a comparable list. */
function units(image: WinImage): string[] {
  const files = image
    .readdir('C:\\odd\ud800')
    .map(
      (name) =>
        `${escape(name)}=${image.readFile(`C:\\odd\ud800\\${name}`).toString()};${escape(image.stat(`C:\\odd\ud800\\${name}`).version ?? '')}`,
    );
  const keys = image.registry.listSubkeys('HKLM\\SOFTWARE').filter((name) => name.startsWith('k'));
  const values = keys.flatMap((key) =>
    image.registry
      .listValues(`HKLM\\SOFTWARE\\${key}`)
      .map(
        (name) =>
          `${escape(key)}\\${escape(name)}=${escape(String(image.registry.getValue(`HKLM\\SOFTWARE\\${key}`, name)?.data))}`,
      ),
  );
  return [...files, ...values].sort();
}

function escape(text: string): string {
  return [...text]
    .map((c) =>
      c.length === 1 && c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdfff
        ? `<${c.charCodeAt(0).toString(16)}>`
        : c,
    )
    .join('');
}

describe('R3: names are UTF-16 units, kept exactly', () => {
  const original = withStrangeNames();
  const expected = units(original);

  it('R3: the image holds every name apart', () => {
    expect(expected).toHaveLength(FILE_NAMES.length + KEY_NAMES.length);
    expect(expected).toContain('a<d800>.txt=file 0;1.0<dc01>');
    expect(expected).toContain('b😀.txt=file 4;1.4<dc01>');
  });

  it('R3: save and load (file and bytes) keep lone surrogates unit for unit', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'svcpack-r3-')), 'odd.svcimg');
    await original.save(file);
    const loaded = await WinImage.load(file);
    expect(units(loaded)).toEqual(expected);
    expect(loaded.digest()).toBe(original.digest());
    expect(units(WinImage.fromBytes(Buffer.concat(encodeImage(coreOf(original)))))).toEqual(expected);
    expect(
      units(WinImage.fromBytes(Buffer.concat(encodeImage(coreOf(original), { formatVersion: 1 })))),
    ).toEqual(expected);
  });

  it('R3: the old format 2 refuses to write a name it would change', () => {
    expect(() => encodeImage(coreOf(original), { formatVersion: 2 })).toThrow(/format 2 cannot hold/);
  });

  it('R3: fork and diff keep the names apart', () => {
    const fork = original.fork();
    expect(units(fork)).toEqual(expected);
    // plain bytes over a file with a version: the file has none after (the version is the bytes')
    fork.writeFile('C:\\odd\ud800\\a\ud801.txt', 'changed');
    fork.registry.setValue('HKLM\\SOFTWARE\\k\udfff', 'v\udc001', 'REG_SZ', 'changed');
    const diff = original.diff(fork);
    expect(diff.files).toEqual([
      { path: 'C:\\odd\ud800\\a\ud801.txt', change: 'modified', details: ['content', 'version'] },
    ]);
    expect(diff.registry.map((change) => [change.key, change.name, change.change])).toEqual([
      ['HKEY_LOCAL_MACHINE\\SOFTWARE\\k\udfff', 'v\udc001', 'modified'],
    ]);
  });

  it('R3: .reg export and import keep registry names unit for unit', () => {
    const text = original.registry.exportReg('HKLM\\SOFTWARE');
    const again = WinImage.empty();
    again.registry.importReg(text);
    expect(again.registry.listSubkeys('HKLM\\SOFTWARE').filter((name) => name.startsWith('k'))).toEqual(
      original.registry.listSubkeys('HKLM\\SOFTWARE').filter((name) => name.startsWith('k')),
    );
    for (const key of KEY_NAMES)
      expect(again.registry.listValues(`HKLM\\SOFTWARE\\${key}`)).toEqual(
        original.registry.listValues(`HKLM\\SOFTWARE\\${key}`),
      );
    expect(again.registry.exportReg('HKLM\\SOFTWARE')).toBe(text);
  });
});
