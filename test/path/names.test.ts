import { describe, expect, it } from 'vitest';
import { isReservedDeviceName, stripTrailingDotsAndSpaces, validateName } from '../../src/path/index.js';
import { expectWinError } from './helpers.js';

describe('validateName', () => {
  it('nul.txt, COM1, Lpt9.log, aux are invalid', () => {
    for (const name of ['nul.txt', 'COM1', 'Lpt9.log', 'aux', 'CON', 'prn.tar.gz', 'nul .txt', 'Com5 ']) {
      expect(isReservedDeviceName(name)).toBe(true);
      const error = expectWinError(() => validateName(name, `C:\\x\\${name}`), 'ERROR_INVALID_NAME');
      expect(error.path).toBe(`C:\\x\\${name}`);
    }
  });

  it('COM0, LPT10, CONSOLE are valid', () => {
    for (const name of ['COM0', 'LPT10', 'CONSOLE', 'nul_', 'auxiliary.txt', 'xcon', 'COM', 'a.nul']) {
      expect(isReservedDeviceName(name)).toBe(false);
      expect(() => validateName(name)).not.toThrow();
    }
  });

  it('refuses characters 0-31 and < > : " / \\ | ? *', () => {
    const bad = [
      '<',
      '>',
      ':',
      '"',
      '/',
      '\\',
      '|',
      '?',
      '*',
      ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)),
    ];
    for (const character of bad) expectWinError(() => validateName(`a${character}b`), 'ERROR_INVALID_NAME');
    expect(() => validateName('a+b,c;d=e[f]g h.txt')).not.toThrow();
  });

  it('refuses empty, . and ..', () => {
    for (const name of ['', '.', '..']) expectWinError(() => validateName(name), 'ERROR_INVALID_NAME');
  });

  it('P7: one name is at most 255 characters; a longer one is ERROR_INVALID_NAME', () => {
    expect(() => validateName('x'.repeat(255))).not.toThrow();
    const error = expectWinError(() => validateName('x'.repeat(256)), 'ERROR_INVALID_NAME');
    expect(error.errno).toBe(123);
  });
});

describe('stripTrailingDotsAndSpaces', () => {
  it('foo.txt. becomes foo.txt', () => {
    expect(stripTrailingDotsAndSpaces('foo.txt. ')).toBe('foo.txt');
    expect(stripTrailingDotsAndSpaces('a . . ')).toBe('a');
    expect(stripTrailingDotsAndSpaces(' a')).toBe(' a');
    expect(stripTrailingDotsAndSpaces('...')).toBe('');
  });
});
