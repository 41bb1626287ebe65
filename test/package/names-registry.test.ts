import { describe, expect, it } from 'vitest';
import {
  ADDREG_FLAGS,
  addRegData,
  addRegValueType,
  foldName,
  parseHexBytes,
  payloadNameProblem,
  targetProblem,
} from '../../src/package/index.js';
import { jsonSyntaxErrorOffset, lineColumn } from '../../src/package/json-syntax.js';

describe('payload names', () => {
  it.each(['i386/ntoskrnl.exe', 'i386/update/update.exe', 'sp4.cat', 'a b/c.d'])('accepts %j', (name) => {
    expect(payloadNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['', /empty/],
    ['../x', /'\.\.'/],
    ['i386/../../x', /'\.\.'/],
    ['./x', /'\.'/],
    ['/x', /absolute/],
    ['C:x', /drive/],
    ['i386\\x.dll', /'\/'/],
    ['i386//x.dll', /empty path segment/],
    ['i386/x.dll ', /dot or a space/],
    ['i386/a?b', /refuses/],
    ['i386/CON.txt', /reserved device/],
  ])('refuses %j', (name, why) => {
    expect(payloadNameProblem(name)).toMatch(why);
  });
});

describe('targets', () => {
  it.each([
    '%SystemRoot%\\system32\\ntoskrnl.exe',
    'C:\\Program Files\\x.dll',
    '%ProgramFiles%\\Common Files\\y.dll',
  ])('accepts %j', (target) => expect(targetProblem(target)).toBeUndefined());

  it.each([
    ['system32\\x.dll', /must start with/],
    ['%SystemRoot%/system32/x.dll', /uses '\/'/],
    ['%SystemRoot%\\..\\x.dll', /'\.\.'/],
    ['%SystemRoot%\\', /root/],
    [`C:\\${'a'.repeat(300)}`, /MAX_PATH/],
  ])('refuses %j', (target, why) => {
    expect(targetProblem(target)).toMatch(why);
  });
});

describe('foldName', () => {
  it('folds one character to one, unlike toUpperCase', () => {
    expect(foldName('system32\\Ntoskrnl.exe')).toBe('SYSTEM32\\NTOSKRNL.EXE');
    expect(foldName('straße')).toBe('STRAßE');
    expect(foldName('ÉTÉ')).toBe(foldName('été'));
  });
});

describe('AddReg flags', () => {
  it('maps FLG_ADDREG types to registry types', () => {
    expect(addRegValueType(0)).toBe('REG_SZ');
    expect(addRegValueType(ADDREG_FLAGS.TYPE_MULTI_SZ | ADDREG_FLAGS.APPEND)).toBe('REG_MULTI_SZ');
    expect(addRegValueType(ADDREG_FLAGS.TYPE_EXPAND_SZ | ADDREG_FLAGS.NOCLOBBER)).toBe('REG_EXPAND_SZ');
    expect(addRegValueType(0x10001)).toBe('REG_DWORD');
    expect(addRegValueType(0x1)).toBe('REG_BINARY');
    expect(addRegValueType(0x20001)).toBe('REG_NONE');
    expect(addRegValueType(0x30000)).toBeUndefined();
  });

  it('gives the typed data to write', () => {
    const line = { op: 'AddReg', root: 'HKLM', key: 'SOFTWARE\\A' } as const;
    expect(addRegData({ ...line, value: 'x' })).toBe('x');
    expect(addRegData({ ...line, flags: 0x10000, value: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(addRegData({ ...line, flags: 0x10001, value: 0xffffffff })).toBe(0xffffffff);
    expect(addRegData({ ...line, flags: 0x10001, value: 2 ** 32 })).toBeUndefined();
    expect(addRegData({ ...line, flags: 0x1, value: '01,02, ff' })).toEqual(Uint8Array.from([1, 2, 255]));
    expect(addRegData({ ...line, flags: ADDREG_FLAGS.DELVAL })).toBeUndefined();
    expect(parseHexBytes('0g')).toBeUndefined();
    expect(parseHexBytes('')).toEqual(new Uint8Array(0));
  });
});

describe('JSON syntax locations', () => {
  it.each([
    ['{"a": 1,}', 8],
    ['[1, 2', 5],
    ['{"a" 1}', 5],
    ['{"a": tru}', 6],
    ['{} x', 3],
    ['"\\q"', 0],
  ])('finds the error in %j at %i', (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonSyntaxErrorOffset(text)).toBe(offset);
  });

  it('says nothing for valid JSON and counts lines and columns from 1', () => {
    expect(jsonSyntaxErrorOffset('{"a": [1, -2.5e3, "x\\u0041", true, null]}')).toBeUndefined();
    expect(lineColumn('ab\ncd', 4)).toBe('2:2');
  });
});

describe('manifest names follow the path rules', () => {
  it('P4: a device name is refused only as the last segment of a target or payload name', () => {
    expect(targetProblem('C:\\nul\\x.dll')).toBeUndefined();
    expect(targetProblem('%SystemRoot%\\com1\\aux.txt')).toMatch(/'aux.txt' is a reserved device name/);
    expect(payloadNameProblem('con/x.dll')).toBeUndefined();
    expect(payloadNameProblem('i386/lpt1')).toMatch(/reserved device/);
  });

  it('P3: the superscript ports are device names in manifests too', () => {
    expect(targetProblem('%SystemRoot%\\COM¹.dll')).toMatch(/reserved device/);
    expect(payloadNameProblem('i386/lpt³')).toMatch(/reserved device/);
  });

  it('P7: a segment over 255 characters is refused, even in a target under MAX_PATH', () => {
    expect(targetProblem(`C:\\${'a'.repeat(256)}`)).toMatch(/longer than 255 characters/);
    expect(targetProblem(`C:\\${'a'.repeat(255)}`)).toBeUndefined();
    expect(payloadNameProblem(`i386/${'b'.repeat(256)}`)).toMatch(/longer than 255 characters/);
  });

  it('P6: manifest names fold by the Windows 2000 table: µ and Μ are two targets', () => {
    expect(foldName('µ.dll')).not.toBe(foldName('Μ.dll'));
    expect(foldName('ⴀ.dll')).toBe('ⴀ.DLL');
  });
});
