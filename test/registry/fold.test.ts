import { describe, expect, it } from 'vitest';
import { foldKeyName, parseKeyPath, RegistryStore } from '../../src/registry/index.js';
import { raw } from './helpers.js';

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

describe('registry names fold as Windows 2000 folds them, not as the host does', () => {
  it('keeps µ and Μ, ı and I, ſ and S apart, as the Windows 2000 upcase table does', () => {
    expect(foldKeyName('µ')).not.toBe(foldKeyName('Μ'));
    expect(foldKeyName('ı')).not.toBe(foldKeyName('I'));
    expect(foldKeyName('ſ')).not.toBe(foldKeyName('S'));
    const store = new RegistryStore();
    for (const name of ['µ', 'Μ', 'ı', 'I'])
      store.rawSetValue(`HKLM\\SOFTWARE\\${name}`, name, raw('REG_SZ', name));
    expect(store.listSubkeys('HKLM\\SOFTWARE')).toHaveLength(4);
    expect(store.getValue('HKLM\\SOFTWARE\\µ', 'µ')?.data).toBe('µ');
    expect(store.getValue('HKLM\\SOFTWARE\\ı', 'ı')?.data).toBe('ı');
    expect(store.keyExists('HKLM\\SOFTWARE\\i')).toBe(true);
  });

  it('folds by the table shipped as data, not by the host Unicode version (U+019B has no capital in Windows 2000)', () => {
    expect(foldKeyName('\u019b')).toBe('\u019b');
    expect(foldKeyName('\u023f')).toBe('\u023f');
  });
});
