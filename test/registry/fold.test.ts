import { describe, expect, it } from 'vitest';
import { foldKeyName, parseKeyPath } from '../../src/registry/index.js';

describe('foldKeyName', () => {
  it('upcases ASCII and single-unit non-ASCII letters', () => {
    expect(foldKeyName('Session Manager')).toBe('SESSION MANAGER');
    expect(foldKeyName('éàü')).toBe('ÉÀÜ');
    expect(foldKeyName('ωσ')).toBe('ΩΣ');
  });

  it('leaves a character whose upper case is longer than one unit, and each surrogate, as it is', () => {
    expect(foldKeyName('ß')).toBe('ß');
    expect(foldKeyName('ŉ')).toBe('ŉ');
    expect(foldKeyName('𐐨')).toBe('𐐨'); // a Deseret small letter: toUpperCase of the pair would change it
    expect(foldKeyName('\ud800x')).toBe('\ud800X');
  });
});

describe('parseKeyPath', () => {
  it('accepts full and abbreviated roots in any case, and one trailing backslash', () => {
    expect(parseKeyPath('hkey_local_machine\\A\\b')).toEqual({
      root: 'HKEY_LOCAL_MACHINE',
      names: ['A', 'b'],
    });
    expect(parseKeyPath('Hku\\x\\')).toEqual({ root: 'HKEY_USERS', names: ['x'] });
    expect(parseKeyPath('HKCC')).toEqual({ root: 'HKEY_CURRENT_CONFIG', names: [] });
  });

  it('names what is wrong with a bad path', () => {
    expect(parseKeyPath('HKEY_DYN_DATA\\x')).toBe('unknown root');
    expect(parseKeyPath('\\HKLM')).toBe('unknown root');
    expect(parseKeyPath('HKLM\\\\x')).toBe('empty key name');
    expect(parseKeyPath(`HKLM\\${'n'.repeat(256)}`)).toBe('key name too long');
  });
});
