import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_UPCASE_TABLE,
  foldName,
  namesEqual,
  upcaseTable,
  upcaseTableFrom,
} from '../../src/path/index.js';

/** MD5 of the 128 KiB $UpCase each Windows writes, as ntfs-3g's unistr.c documents them. */
const DOCUMENTED_MD5 = {
  nt5: '6fa3db2468275286210751e869d36373', // Windows XP (and NT 4.0 / 2000)
  'nt6.0': '2f03b5a69d486ff3864cecbd07f24440', // Vista
  'nt6.1': '7ff498a44e45e77374cc7c962b1b92f2', // listed for Windows 8; 7 writes the same table
};

describe('the $UpCase tables', () => {
  it('P6: each shipped table has the documented checksum of its Windows $UpCase file', () => {
    for (const [id, md5] of Object.entries(DOCUMENTED_MD5)) expect(upcaseTable(id).checksum()).toBe(md5);
  });

  it('P6: the committed table data is what scripts/upcase-tables.mjs generates', () => {
    expect(() => execFileSync(process.execPath, ['scripts/upcase-tables.mjs', '--check'])).not.toThrow();
  });

  it('P6: the default table is Windows 2000 and XP (nt5)', () => {
    expect(DEFAULT_UPCASE_TABLE).toBe('nt5');
    expect(upcaseTable().checksum()).toBe(DOCUMENTED_MD5.nt5);
  });

  it('P6: µ (U+00B5) and Μ (U+039C) are two names on a Windows 2000 volume', () => {
    expect(foldName('µ')).toBe('µ');
    expect(namesEqual('µsvc.dll', 'Μsvc.dll')).toBe(false);
    expect(namesEqual('μsvc.dll', 'Μsvc.dll')).toBe(true); // Greek small mu does fold
  });

  it('P6: lowercase Georgian, Cherokee, Glagolitic and Latin Extended-D keep their own names on nt5', () => {
    const pairs = [
      ['\u2d00', '\u10a0'], // Georgian small an / capital an
      ['\uab70', '\u13a0'], // Cherokee small a / capital a
      ['\u2c30', '\u2c00'], // Glagolitic small azu / capital azu
      ['\ua723', '\ua722'], // Latin Extended-D small / capital egyptological alef
    ];
    for (const [small, capital] of pairs) {
      expect(foldName(small)).toBe(small);
      expect(namesEqual(`${small}.txt`, `${capital}.txt`)).toBe(false);
    }
  });

  it('P6: later tables fold what their Windows folds (Vista: Georgian, Glagolitic; 7: Latin Extended-D)', () => {
    const vista = upcaseTable('nt6.0');
    const seven = upcaseTable('nt6.1');
    expect(foldName('\u2d00', vista)).toBe('\u10a0');
    expect(foldName('\u2c30', vista)).toBe('\u2c00');
    expect(foldName('\ua723', vista)).toBe('\ua723');
    expect(foldName('\ua723', seven)).toBe('\ua722');
    expect(foldName('\uab70', seven)).toBe('\uab70'); // Cherokee small letters came after Windows 8
  });

  it('P6: folding is one unit to one unit and idempotent in every shipped table', () => {
    for (const id of Object.keys(DOCUMENTED_MD5)) {
      const table = upcaseTable(id);
      const notIdempotent: number[] = [];
      for (let unit = 0; unit < 65536; unit++) {
        const upper = table.foldUnit(unit);
        if (table.foldUnit(upper) !== upper) notIdempotent.push(unit);
      }
      expect(notIdempotent).toEqual([]);
    }
  });

  it('P6: a name folds unit by unit through its table in every table, whichever blocks of units were folded before (where the host agrees is learnt per block)', () => {
    // a custom table: Windows 2000's, but for ā, which it keeps, and ß onto ẞ, which no host does
    const units = new Uint16Array(65536).map((_, unit) => upcaseTable('nt5').foldUnit(unit));
    units[0x101] = 0x101;
    units[0xdf] = 0x1e9e;
    const tables = [...Object.keys(DOCUMENTED_MD5).map((id) => upcaseTable(id)), upcaseTableFrom(units)];
    for (const table of tables) {
      // from the last block down, each name a unit amid ASCII and a unit of the block after it
      const wrong: number[] = [];
      for (let unit = 65535; unit >= 0x80; unit--) {
        const next = unit + 256 < 65536 ? unit + 256 : 0x41;
        const name = `a${String.fromCharCode(unit)}b${String.fromCharCode(next)}`;
        const expected = String.fromCharCode(0x41, table.foldUnit(unit), 0x42, table.foldUnit(next));
        if (table.fold(name) !== expected) wrong.push(unit);
      }
      expect(wrong, table.id).toEqual([]);
    }
    expect(tables[3].fold('straße ā')).toBe('STRA\u1e9eE \u0101');
  });

  it('P6: a volume of another Windows brings its own $UpCase bytes; a shipped one is recognised', () => {
    expect(upcaseTableFrom(upcaseTable('nt6.0').bytes())).toBe(upcaseTable('nt6.0'));
    const units = new Uint16Array(65536).map((_, unit) => unit);
    units[0xb5] = 0x39c; // a table that folds micro onto mu
    const custom = upcaseTableFrom(units);
    expect(custom.id).toBe('custom');
    expect(foldName('µ', custom)).toBe('Μ');
    expect(() => upcaseTableFrom(new Uint8Array(100))).toThrow(/131072 bytes/);
    expect(() => upcaseTable('nt7')).toThrow(/unknown upcase table 'nt7'/);
  });
});
