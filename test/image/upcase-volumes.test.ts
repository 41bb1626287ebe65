import { describe, expect, it } from 'vitest';
import { encodeImage } from '../../src/image/index.js';
import { WinImage, coreOf } from '../../src/machine/index.js';
import { upcaseTable } from '../../src/path/index.js';

function twoEras(): WinImage {
  const image = WinImage.empty();
  image.addVolume({ letter: 'C', capacity: 1 << 20 });
  image.addVolume({ letter: 'D', capacity: 1 << 20, upcase: 'nt6.0' });
  return image;
}

function reloaded(image: WinImage, formatVersion?: 1 | 2 | 3 | 4): WinImage {
  return WinImage.fromBytes(Buffer.concat(encodeImage(coreOf(image), { formatVersion })));
}

describe('each volume folds names by its own $UpCase table', () => {
  it('P6: µsvc.dll and Μsvc.dll are two files on a Windows 2000 volume', () => {
    const image = twoEras();
    image.writeFile('C:\\µsvc.dll', 'micro');
    image.writeFile('C:\\Μsvc.dll', 'mu');
    expect(image.readdir('C:\\').sort()).toEqual(['Μsvc.dll', 'µsvc.dll'].sort());
    expect(image.readFile('C:\\µSVC.DLL').toString()).toBe('micro');
    const fs = image.fs('C');
    expect(fs.readFileSync('/ΜSVC.DLL', 'utf8')).toBe('mu');
    fs.writeFileSync('/µSvc.dll', 'micro 2');
    expect(fs.readdirSync('/')).toHaveLength(2);
  });

  it('P6: lowercase Georgian and Glagolitic names stay apart on nt5 and meet on a Vista volume', () => {
    const image = twoEras();
    for (const drive of ['C', 'D']) {
      image.writeFile(`${drive}:\\\u2d00.txt`, 'small');
      image.writeFile(`${drive}:\\\u10a0.txt`, 'capital');
      image.mkdir(`${drive}:\\\u2c30`);
      expect(image.exists(`${drive}:\\\u2c00`)).toBe(drive === 'D');
    }
    expect(image.readdir('C:\\')).toHaveLength(3);
    expect(image.readdir('D:\\')).toHaveLength(2);
    expect(image.readFile('D:\\\u2d00.txt').toString()).toBe('capital');
    expect(image.volumes().map((v) => v.upcase)).toEqual([undefined, 'nt6.0']);
  });

  it('P6: save, load and fork keep each volume its table; an image without one loads as Windows 2000', () => {
    const image = twoEras();
    image.writeFile('D:\\\ua723.txt', 'x');
    for (const copy of [image.fork(), reloaded(image), reloaded(image, 1), reloaded(image, 3)]) {
      expect(copy.volumes().map((v) => v.upcase)).toEqual([undefined, 'nt6.0']);
      expect(copy.exists('D:\\\u2d00')).toBe(false);
      copy.writeFile('D:\\\u2d00', '1');
      expect(copy.exists('D:\\\u10a0')).toBe(true);
      copy.writeFile('C:\\\u2d00', '1');
      expect(copy.exists('C:\\\u10a0')).toBe(false);
    }
    const header = Buffer.concat(encodeImage(coreOf(WinImage.create()))).toString('latin1');
    expect(header).not.toContain('"upcase"');
  });

  it('P6: a custom $UpCase (a later Windows) is saved with the image and loaded back', () => {
    const bytes = Buffer.from(upcaseTable('nt6.1').bytes());
    bytes.writeUInt16LE(0x39c, 0xb5 * 2); // folds micro onto mu, as no shipped table does
    const image = WinImage.empty();
    image.addVolume({ letter: 'E', capacity: 1 << 20, upcase: bytes });
    image.writeFile('E:\\µ', 'micro');
    for (const copy of [image.fork(), reloaded(image)]) {
      expect(copy.volumes()[0].upcase).toBe('custom');
      expect(copy.readFile('E:\\Μ').toString()).toBe('micro');
      copy.writeFile('E:\\Μ', 'mu');
      expect(copy.readdir('E:\\')).toEqual(['µ']);
    }
  });

  it('P6: an unknown table id is refused when the volume is added', () => {
    const image = WinImage.empty();
    expect(() => image.addVolume({ letter: 'C', capacity: 1 << 20, upcase: 'nt9' as 'nt5' })).toThrow(
      /unknown upcase table 'nt9'/,
    );
    expect(image.volumes()).toEqual([]);
  });
});
