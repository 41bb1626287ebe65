import { describe, expect, test } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import { parseWineReg, WINE_REGISTRY_HEADER } from '../../src/host/index.js';
import { REG_TYPES, decodeRegData } from '../../src/registry/index.js';

const header = `${WINE_REGISTRY_HEADER}\n;; All keys relative to \\\\Machine\n\n#arch=win32\n\n`;

function parse(body: string) {
  return parseWineReg(header + body, 'HKLM', 'system.reg');
}

function problemsOf(text: string): { where: string; message: string }[] {
  try {
    parseWineReg(text, 'HKLM', 'system.reg');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return [...(error as InputError).problems];
  }
  throw new Error('expected an InputError');
}

describe('parseWineReg', () => {
  test('keys with escaped separators and a timestamp, below the given root', () => {
    const reg = parse('[Software\\\\Wine\\\\Drives] 1700000000\n#time=1d\n"c:"="hd"\n');
    expect(reg.keys).toEqual(['HKLM\\Software\\Wine\\Drives']);
    expect(reg.values).toHaveLength(1);
    expect(reg.values[0]).toMatchObject({ key: 'HKLM\\Software\\Wine\\Drives', name: 'c:', line: 8 });
    expect(decodeRegData(reg.values[0].value.type, reg.values[0].value.bytes)).toEqual({
      type: 'REG_SZ',
      data: 'hd',
    });
  });

  test('every value form: string, str(2), str(7), dword, hex, hex(7), hex(b), default value', () => {
    const reg = parse(
      [
        '[K] 1',
        '"s"="a\\\\b \\"q\\" \\x00e9\\t\\101"',
        '"e"=str(2):"%SystemRoot%\\\\x"',
        '"m"=str(7):"one\\0two\\0"',
        '"d"=dword:0000000a',
        '"b"=hex:de,ad,\\',
        '  be,ef',
        '"m2"=hex(7):61,00,00,00,62,00,00,00,00,00',
        '"q"=hex(b):01,00,00,00,00,00,00,00',
        '"none"=hex(0):',
        '@="default"',
        '',
      ].join('\n'),
    );
    const byName = new Map(reg.values.map((v) => [v.name, decodeRegData(v.value.type, v.value.bytes)]));
    expect(byName.get('s')).toEqual({ type: 'REG_SZ', data: 'a\\b "q" é\tA' });
    expect(byName.get('e')).toEqual({ type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\x' });
    expect(byName.get('m')).toEqual({ type: 'REG_MULTI_SZ', data: ['one', 'two'] });
    expect(byName.get('d')).toEqual({ type: 'REG_DWORD', data: 10 });
    expect(byName.get('b')).toEqual({ type: 'REG_BINARY', data: new Uint8Array([0xde, 0xad, 0xbe, 0xef]) });
    expect(byName.get('m2')).toEqual({ type: 'REG_MULTI_SZ', data: ['a', 'b'] });
    expect(byName.get('q')).toEqual({ type: 'REG_QWORD', data: 1n });
    expect(reg.values.find((v) => v.name === 'none')!.value).toEqual({
      type: REG_TYPES.REG_NONE,
      bytes: new Uint8Array(),
    });
    expect(byName.get('')).toEqual({ type: 'REG_SZ', data: 'default' });
    expect(reg.values.find((v) => v.name === 'q')!.line).toBe(14);
  });

  test('keys marked #link are left out and listed', () => {
    const reg = parse(
      '[System\\\\CurrentControlSet] 1\n#link\n"SymbolicLinkValue"=hex(6):41,00\n\n[System\\\\Select] 1\n"Current"=dword:1\n',
    );
    expect(reg.keys).toEqual(['HKLM\\System\\Select']);
    expect(reg.values.map((v) => v.name)).toEqual(['Current']);
    expect(reg.links).toEqual([{ key: 'HKLM\\System\\CurrentControlSet', line: 6 }]);
  });

  test('a wrong header is an InputError at line 1', () => {
    expect(problemsOf('REGEDIT4\n[K]\n')).toEqual([
      { where: '1:1', message: `expected '${WINE_REGISTRY_HEADER}'` },
    ]);
    expect(problemsOf('')[0].where).toBe('1:1');
  });

  test('every malformed line is reported with its line number', () => {
    const problems = problemsOf(
      header +
        [
          '"orphan"="before any key"',
          '[K] 1',
          '"d"=dword:xyz',
          '"h"=hex:01,zz',
          '"s"="unterminated',
          '"n"=wat:1',
          'garbage line',
          '[Bad\\\\\\\\Key] 1',
          '[K2] 1 trailing',
          '"ok"="fine"',
        ].join('\n'),
    );
    expect(problems.map((p) => p.where.split(':')[0])).toEqual(['6', '8', '9', '10', '11', '12', '13', '14']);
    expect(problems[0].message).toMatch(/before any \[key\]/);
    expect(problems[1].message).toMatch(/DWORD/);
    expect(problems[2].message).toMatch(/'zz' is not a hex byte/);
    expect(problems[3].message).toMatch(/not closed/);
    expect(problems[6].message).toMatch(/empty key name/);
  });
});
