import { describe, expect, it } from 'vitest';
import { WinError } from '../../src/errors/index.js';
import { decodeRegData, encodeRegData, REG_TYPES, type RegType } from '../../src/registry/index.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('encodeRegData', () => {
  it('writes strings as UTF-16LE with one NUL', () => {
    expect(hex(encodeRegData('REG_SZ', 'Ab'))).toBe('410062000000');
    expect(hex(encodeRegData('REG_EXPAND_SZ', '%X%'))).toBe('250058002500' + '0000');
    expect(hex(encodeRegData('REG_SZ', ''))).toBe('0000');
  });

  it('writes REG_LINK without a terminator', () => {
    expect(hex(encodeRegData('REG_LINK', 'A'))).toBe('4100');
  });

  it('writes REG_MULTI_SZ as each string and NUL, then a final NUL, keeping empty strings inside', () => {
    expect(hex(encodeRegData('REG_MULTI_SZ', ['a', '', 'b']))).toBe(
      '6100' + '0000' + '0000' + '6200' + '0000' + '0000',
    );
    expect(hex(encodeRegData('REG_MULTI_SZ', ['a', '']))).toBe('6100' + '0000' + '0000' + '0000');
    expect(hex(encodeRegData('REG_MULTI_SZ', []))).toBe('0000');
  });

  it('writes DWORD little-endian, DWORD_BIG_ENDIAN big-endian, QWORD as 8 bytes LE', () => {
    expect(hex(encodeRegData('REG_DWORD', 0x12345678))).toBe('78563412');
    expect(hex(encodeRegData('REG_DWORD', 0xffffffff))).toBe('ffffffff');
    expect(hex(encodeRegData('REG_DWORD_BIG_ENDIAN', 0x12345678))).toBe('12345678');
    expect(hex(encodeRegData('REG_QWORD', 0x0102030405060708n))).toBe('0807060504030201');
    expect(hex(encodeRegData('REG_QWORD', 5))).toBe('0500000000000000');
  });

  it('copies binary data', () => {
    const input = Uint8Array.of(1, 2, 3);
    const encoded = encodeRegData('REG_BINARY', input);
    input[0] = 9;
    expect([...encoded]).toEqual([1, 2, 3]);
  });

  it.each<[RegType, unknown]>([
    ['REG_SZ', 5],
    ['REG_SZ', 'a\0b'],
    ['REG_MULTI_SZ', 'a'],
    ['REG_MULTI_SZ', ['a\0']],
    ['REG_DWORD', -1],
    ['REG_DWORD', 0x100000000],
    ['REG_DWORD', 1.5],
    ['REG_DWORD', 'x'],
    ['REG_QWORD', -1n],
    ['REG_QWORD', 2n ** 64n],
    ['REG_QWORD', 2 ** 60],
    ['REG_BINARY', 'ab'],
    ['REG_NONE', [1]],
  ])('refuses %s data %s with ERROR_INVALID_PARAMETER', (type, data) => {
    const call = (): Uint8Array => encodeRegData(type, data as never);
    expect(call).toThrow(WinError);
    try {
      call();
    } catch (error) {
      expect((error as WinError).code).toBe('ERROR_INVALID_PARAMETER');
      expect((error as WinError).errno).toBe(87);
    }
  });
});

describe('decodeRegData', () => {
  it('decodes every type back to the data encoded', () => {
    const samples: [RegType, unknown][] = [
      ['REG_SZ', 'héllo ☃'],
      ['REG_EXPAND_SZ', '%SystemRoot%\\x'],
      ['REG_LINK', '\\Registry\\Machine\\X'],
      ['REG_MULTI_SZ', ['\\??\\C:\\a', '', '\\??\\C:\\b', '!\\??\\C:\\c']],
      ['REG_MULTI_SZ', ['only', '']],
      ['REG_MULTI_SZ', ['']],
      ['REG_MULTI_SZ', []],
      ['REG_DWORD', 0xdeadbeef],
      ['REG_DWORD_BIG_ENDIAN', 7],
      ['REG_QWORD', 0xfedcba9876543210n],
      ['REG_BINARY', Uint8Array.of(0, 255, 3)],
      ['REG_NONE', Uint8Array.of(9)],
      ['REG_RESOURCE_LIST', Uint8Array.of(1, 2)],
    ];
    for (const [type, data] of samples) {
      expect(decodeRegData(REG_TYPES[type], encodeRegData(type, data as never))).toEqual({ type, data });
    }
  });

  it('drops an odd last byte and tolerates a missing terminator', () => {
    expect(decodeRegData(1, Uint8Array.of(0x41, 0, 0x42))).toEqual({ type: 'REG_SZ', data: 'A' });
    expect(decodeRegData(1, Uint8Array.of(0x41, 0, 0x42, 0))).toEqual({ type: 'REG_SZ', data: 'AB' });
    expect(decodeRegData(7, Uint8Array.of(0x41, 0, 0, 0, 0x42, 0))).toEqual({
      type: 'REG_MULTI_SZ',
      data: ['A', 'B'],
    });
    expect(decodeRegData(7, new Uint8Array(0))).toEqual({ type: 'REG_MULTI_SZ', data: [] });
  });

  it('stops a REG_SZ at its first NUL, as programs read it', () => {
    expect(decodeRegData(1, Uint8Array.of(0x41, 0, 0, 0, 0x42, 0, 0, 0))).toEqual({
      type: 'REG_SZ',
      data: 'A',
    });
  });

  it('zero-extends short integers and cuts long ones', () => {
    expect(decodeRegData(4, Uint8Array.of(1, 2))).toEqual({ type: 'REG_DWORD', data: 0x0201 });
    expect(decodeRegData(4, Uint8Array.of(1, 0, 0, 0, 9))).toEqual({ type: 'REG_DWORD', data: 1 });
    expect(decodeRegData(11, Uint8Array.of(1))).toEqual({ type: 'REG_QWORD', data: 1n });
  });

  it('decodes an unknown type number as REG_NONE with its bytes', () => {
    expect(decodeRegData(0x20001, Uint8Array.of(5, 6))).toEqual({
      type: 'REG_NONE',
      data: Uint8Array.of(5, 6),
    });
  });
});
