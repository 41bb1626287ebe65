import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldName, isShortName, shortNameChecksum, shortNameFor } from '../../src/path/index.js';

/** Generates aliases for `names` in order, as files created one after another in one folder. */
function aliasesInOneFolder(names: string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const alias = shortNameFor(name, taken);
    taken.add(alias);
    return alias;
  });
}

describe('isShortName', () => {
  it('accepts valid 8.3 names in any case', () => {
    for (const name of [
      'README.TXT',
      'readme.txt',
      'A',
      'NTOSKRNL.EXE',
      'X.Y',
      'PROGRA~1',
      '$WIN_NT$.~BT',
      "A!#$%&'.(-)",
    ]) {
      expect(isShortName(name)).toBe(true);
    }
  });

  it('refuses long parts, spaces, extra dots, leading dots and 8.3-illegal characters', () => {
    const names = [
      'Program Files',
      'NINECHARS',
      'A.HTML',
      'A.B.C',
      '.profile',
      'A.',
      '',
      'A+B',
      'A,B',
      'A;B',
      'A=B',
      'A[B]',
      'ÉTÉ.TXT',
      'A B',
    ];
    for (const name of names) expect(isShortName(name)).toBe(false);
  });
});

describe('shortNameFor', () => {
  it("'Program Files' -> 'PROGRA~1', then ~2..~4", () => {
    expect(aliasesInOneFolder(['Program Files', 'Program Files 2', 'Programmer', 'program data'])).toEqual([
      'PROGRA~1',
      'PROGRA~2',
      'PROGRA~3',
      'PROGRA~4',
    ]);
  });

  it('after 4 collisions uses two characters, four hex digits of the checksum and ~1', () => {
    const names = ['Program A', 'Program B', 'Program C', 'Program D', 'Program E', 'Program F'];
    const aliases = aliasesInOneFolder(names);
    expect(aliases[4]).toBe(`PR${shortNameChecksum('Program E')}~1`);
    expect(aliases[4]).toMatch(/^PR[0-9A-F]{4}~1$/);
    expect(aliases[5]).toBe(`PR${shortNameChecksum('Program F')}~1`);
    expect(new Set(aliases).size).toBe(names.length);
  });

  it('the checksum follows the Windows 2000 algorithm', () => {
    // Worked by hand: 'abc' -> ('a'<<8)+'b' = 0x6162; then (0x6162>>1) + ('c'<<8) = 0x30B1 + 0x6300 = 0x93B1,
    // written low nibble first.
    expect(shortNameChecksum('abc')).toBe('1B39');
    expect(shortNameChecksum('a')).toBe('1600');
    expect(shortNameChecksum('')).toBe('0000');
  });

  it('keeps the extension, truncated to three characters', () => {
    expect(shortNameFor('index.html', new Set())).toBe('INDEX~1.HTM');
    expect(shortNameFor('my document.backup.txt', new Set())).toBe('MYDOCU~1.TXT');
  });

  it('strips spaces and extra dots and maps + , ; = [ ] to _', () => {
    expect(shortNameFor('a+b,c;d=e[f].txt', new Set())).toBe('A_B_C_~1.TXT');
    expect(shortNameFor('x y.z w', new Set())).toBe(`XY${shortNameChecksum('x y.z w')}~1.ZW`);
    expect(shortNameFor('v1.2.3 notes', new Set())).toBe('V12~1.3NO');
  });

  it('skips leading dots and inserts the checksum when two characters or fewer remain', () => {
    expect(shortNameFor('.htaccess', new Set())).toBe('HTACCE~1');
    expect(shortNameFor('ab cd', new Set())).toBe('ABCD~1');
    expect(shortNameFor('a b', new Set())).toBe(`AB${shortNameChecksum('a b')}~1`);
    expect(shortNameFor('日本語.txt', new Set())).toBe(`${shortNameChecksum('日本語.txt')}~1.TXT`);
  });

  it('returns a name that is already short upper-cased', () => {
    expect(shortNameFor('readme.txt', new Set())).toBe('README.TXT');
  });

  it('shortens the base when the index needs more digits', () => {
    const taken = new Set<string>(['PROGRA~1', 'PROGRA~2', 'PROGRA~3', 'PROGRA~4']);
    const hashed = `PR${shortNameChecksum('Program Files')}`;
    for (let index = 1; index <= 9; index++) taken.add(`${hashed}~${index}`);
    expect(shortNameFor('Program Files', taken)).toBe(`${hashed.slice(0, 5)}~10`);
  });
});

describe('an alias is its own folded form (the index stores it without folding)', () => {
  it('for any long name, with any aliases already taken', () => {
    const unit = fc.constantFrom(...'aZ0 .+,;=[]~_-!é中ßı', 'Program Files');
    fc.assert(
      fc.property(fc.array(unit, { minLength: 1, maxLength: 14 }), fc.nat({ max: 6 }), (units, taken) => {
        const name = units.join('');
        if (isShortName(name) || name.replace(/^\.+/, '') === '') return;
        const used = new Set<string>();
        for (let i = 0; i < taken; i++) used.add(shortNameFor(name, used));
        const alias = shortNameFor(name, used);
        expect(foldName(alias)).toBe(alias);
      }),
      { numRuns: 1500 },
    );
  });
});
