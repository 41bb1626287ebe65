import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import { WinImage } from '../../src/machine/index.js';
import { decodeRegFile, encodeRegFile } from '../../src/registry/index.js';

describe('encodeRegFile / decodeRegFile', () => {
  it('writes Version 5.00 text as UTF-16LE with a BOM and reads it back', () => {
    const text = 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\☃]\r\n';
    const bytes = encodeRegFile(text);
    expect([...bytes.subarray(0, 4)]).toEqual([0xff, 0xfe, 0x57, 0x00]);
    expect(bytes.length).toBe(2 + 2 * text.length);
    expect(decodeRegFile(bytes)).toBe(text);
  });

  it('keeps lone surrogates through UTF-16LE', () => {
    const text = 'Windows Registry Editor Version 5.00\r\n"\ud800"="x"\r\n';
    expect(decodeRegFile(encodeRegFile(text))).toBe(text);
  });

  it('writes REGEDIT4 text in the ANSI code page, one byte a character', () => {
    const text = 'REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\é]\r\n';
    const bytes = encodeRegFile(text);
    expect(bytes.length).toBe(text.length);
    expect(bytes[text.indexOf('é')]).toBe(0xe9);
    expect(decodeRegFile(bytes)).toBe(text);
  });

  it('refuses REGEDIT4 text with characters outside the code page, with line:column', () => {
    try {
      encodeRegFile('REGEDIT4\r\n\r\n"a"="☃"\r\n');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).problems).toEqual([
        { where: '3:6', message: expect.stringContaining('U+2603') },
      ]);
    }
  });

  it('reads UTF-8 and UTF-16BE files with a BOM', () => {
    expect(decodeRegFile(Uint8Array.of(0xef, 0xbb, 0xbf, 0xc3, 0xa9))).toBe('é');
    expect(decodeRegFile(Uint8Array.of(0xfe, 0xff, 0x26, 0x03))).toBe('☃');
  });
});

describe('UTF-16 .reg bytes of odd length', () => {
  it('are an InputError naming the last byte, for both byte orders, and importReg changes nothing', () => {
    const bytes = encodeRegFile(
      'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\r\n',
    );
    const cut = bytes.subarray(0, bytes.length - 1);
    expect(() => decodeRegFile(cut, 'a.reg')).toThrow(InputError);
    expect(() => decodeRegFile(cut, 'a.reg')).toThrow(
      `a.reg: byte ${cut.length - 1}: a UTF-16 file has an even number of bytes`,
    );
    const bigEndian = Uint8Array.from([0xfe, 0xff, 0x00, 0x57, 0x00]);
    expect(() => decodeRegFile(bigEndian)).toThrow(InputError);
    const image = WinImage.empty();
    const before = image.digest();
    expect(() => image.registry.importReg(cut, 'a.reg')).toThrow(InputError);
    expect(image.digest()).toBe(before);
    expect(image.registry.importReg(bytes)).toBe(1);
  });
});
