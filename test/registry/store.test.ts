import { describe, expect, it } from 'vitest';
import { WinError } from '../../src/errors/index.js';
import { RegistryStore } from '../../src/registry/index.js';
import { raw, rows } from './helpers.js';

describe('RegistryStore keys', () => {
  it('has the five roots, by full name or abbreviation', () => {
    const store = new RegistryStore();
    for (const [short, full] of [
      ['HKLM', 'HKEY_LOCAL_MACHINE'],
      ['hkcu', 'HKEY_CURRENT_USER'],
      ['HKU', 'HKEY_USERS'],
      ['HKCR', 'HKEY_CLASSES_ROOT'],
      ['HKCC', 'HKEY_CURRENT_CONFIG'],
    ]) {
      expect(store.resolveKey(short)).toBe(full);
      expect(store.resolveKey(full.toLowerCase())).toBe(full);
    }
    expect(store.keyExists('HKEY_NOPE')).toBe(false);
  });

  it('creates missing parents and reports them, parents first', () => {
    const store = new RegistryStore();
    expect(store.rawCreateKey('HKLM\\SOFTWARE\\Vendor\\App')).toEqual({
      created: [
        'HKEY_LOCAL_MACHINE\\SOFTWARE',
        'HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor',
        'HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\App',
      ],
    });
    expect(store.rawCreateKey('hklm\\software\\VENDOR\\app\\Sub')).toEqual({
      created: ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\App\\Sub'],
    });
    expect(store.rawCreateKey('HKLM\\SOFTWARE')).toEqual({ created: [] });
  });

  it('is case-insensitive and case-preserving for keys and values', () => {
    const store = new RegistryStore();
    store.rawCreateKey('HKLM\\Software\\MixedCase');
    expect(store.resolveKey('hklm\\SOFTWARE\\mixedcase')).toBe('HKEY_LOCAL_MACHINE\\Software\\MixedCase');
    store.rawSetValue('HKLM\\Software\\MixedCase', 'ValueName', raw('REG_SZ', 'one'));
    const previous = store.rawSetValue('HKLM\\SOFTWARE\\MIXEDCASE', 'VALUENAME', raw('REG_SZ', 'two'));
    expect(previous).toEqual(raw('REG_SZ', 'one'));
    expect(store.listValues('hklm\\software\\mixedcase')).toEqual(['ValueName']);
    expect(store.getValue('HKLM\\software\\mixedcase', 'valuename')).toEqual({ type: 'REG_SZ', data: 'two' });
    expect(store.listSubkeys('HKLM')).toEqual(['Software']);
  });

  it('folds non-ASCII names per UTF-16 unit, leaving characters whose upper case is longer', () => {
    const store = new RegistryStore();
    store.rawCreateKey('HKLM\\Ärger');
    store.rawCreateKey('HKLM\\straße');
    expect(store.resolveKey('HKLM\\äRGER')).toBe('HKEY_LOCAL_MACHINE\\Ärger');
    expect(store.resolveKey('HKLM\\STRAßE')).toBe('HKEY_LOCAL_MACHINE\\straße');
    expect(store.resolveKey('HKLM\\STRASSE')).toBeUndefined();
  });

  it('lists subkeys in folded order and values in creation order', () => {
    const store = new RegistryStore();
    for (const name of ['beta', 'Alpha', 'gamma', '_x']) store.rawCreateKey(`HKCU\\K\\${name}`);
    expect(store.listSubkeys('HKCU\\K')).toEqual(['Alpha', 'beta', 'gamma', '_x']);
    for (const name of ['z', 'A', '']) store.rawSetValue('HKCU\\K', name, raw('REG_DWORD', 1));
    expect(store.listValues('HKCU\\K')).toEqual(['z', 'A', '']);
    store.rawSetValue('HKCU\\K', 'z', raw('REG_DWORD', 2));
    expect(store.listValues('HKCU\\K')).toEqual(['z', 'A', '']);
    expect(store.listValues('HKCU\\Missing')).toEqual([]);
  });

  it('refuses unknown roots and malformed paths', () => {
    const store = new RegistryStore();
    expect(() => store.rawCreateKey('HKXX\\A')).toThrow(
      expect.objectContaining({ code: 'ERROR_INVALID_HANDLE' }),
    );
    expect(() => store.rawCreateKey('HKLM\\A\\\\B')).toThrow(
      expect.objectContaining({ code: 'ERROR_INVALID_PARAMETER' }),
    );
    expect(() => store.rawCreateKey(`HKLM\\${'k'.repeat(256)}`)).toThrow(WinError);
    expect(store.rawCreateKey('HKLM\\Trailing\\').created).toEqual(['HKEY_LOCAL_MACHINE\\Trailing']);
    expect(store.keyExists('HKLM\\A\\\\B')).toBe(false);
  });
});

describe('RegistryStore values', () => {
  it('keeps the exact bytes of damaged data and unknown types', () => {
    const store = new RegistryStore();
    const odd = { type: 1, bytes: Uint8Array.of(0x41, 0, 0x42) };
    const strange = { type: 0x12345, bytes: Uint8Array.of(1, 2, 3) };
    store.rawSetValue('HKLM\\X', 'odd', odd);
    store.rawSetValue('HKLM\\X', 'strange', strange);
    expect(store.getRawValue('HKLM\\X', 'odd')).toEqual(odd);
    expect(store.getRawValue('HKLM\\X', 'strange')).toEqual(strange);
    expect(store.getValue('HKLM\\X', 'odd')).toEqual({ type: 'REG_SZ', data: 'A' });
  });

  it('copies the bytes it is given', () => {
    const store = new RegistryStore();
    const bytes = Uint8Array.of(1, 2);
    store.rawSetValue('HKLM\\X', 'v', { type: 3, bytes });
    bytes[0] = 7;
    expect([...store.getRawValue('HKLM\\X', 'v')!.bytes]).toEqual([1, 2]);
  });

  it('refuses a bad type number or non-byte data', () => {
    const store = new RegistryStore();
    expect(() => store.rawSetValue('HKLM\\X', 'v', { type: -1, bytes: new Uint8Array() })).toThrow(WinError);
    expect(() => store.rawSetValue('HKLM\\X', 'v', { type: 1, bytes: 'x' as never })).toThrow(WinError);
    expect(store.keyExists('HKLM\\X')).toBe(false);
  });

  it('deletes values and returns what was there', () => {
    const store = new RegistryStore();
    store.rawSetValue('HKLM\\X', 'Name', raw('REG_SZ', 'v'));
    expect(store.rawDeleteValue('HKLM\\x', 'NAME')).toEqual({ name: 'Name', value: raw('REG_SZ', 'v') });
    expect(store.rawDeleteValue('HKLM\\x', 'NAME')).toBeUndefined();
    expect(store.rawDeleteValue('HKLM\\missing', 'NAME')).toBeUndefined();
    expect(store.getValue('HKLM\\X', 'Name')).toBeUndefined();
  });
});

describe('RegistryStore key deletion and restore', () => {
  function sample(): RegistryStore {
    const store = new RegistryStore();
    store.rawSetValue('HKLM\\SOFTWARE\\App', 'Version', raw('REG_SZ', '1.0'));
    store.rawSetValue('HKLM\\SOFTWARE\\App', '', raw('REG_DWORD', 3));
    store.rawSetValue('HKLM\\SOFTWARE\\App\\Sub\\Deep', 'List', raw('REG_MULTI_SZ', ['a', '', 'b']));
    store.rawCreateKey('HKLM\\SOFTWARE\\App\\Empty');
    store.rawSetValue('HKLM\\SOFTWARE\\Other', 'x', raw('REG_BINARY', Uint8Array.of(1)));
    return store;
  }

  it('deletes the whole subtree and restores it exactly', () => {
    const store = sample();
    const before = {
      rows: rows(store),
      keys: [...store.allKeys()],
      values: store.listValues('HKLM\\SOFTWARE\\App'),
    };
    const snapshot = store.rawDeleteKey('hklm\\software\\app');
    expect(snapshot?.key).toBe('HKEY_LOCAL_MACHINE\\SOFTWARE\\App');
    expect(store.keyExists('HKLM\\SOFTWARE\\App\\Sub\\Deep')).toBe(false);
    expect(store.keyExists('HKLM\\SOFTWARE\\Other')).toBe(true);
    store.rawRestoreKey(snapshot!);
    expect(rows(store)).toEqual(before.rows);
    expect([...store.allKeys()]).toEqual(before.keys);
    expect(store.listValues('HKLM\\SOFTWARE\\App')).toEqual(before.values);
  });

  it('a snapshot survives later changes and can be restored twice', () => {
    const store = sample();
    const expected = rows(store);
    const snapshot = store.rawDeleteKey('HKLM\\SOFTWARE\\App')!;
    store.rawRestoreKey(snapshot);
    store.rawSetValue('HKLM\\SOFTWARE\\App', 'Version', raw('REG_SZ', 'changed'));
    store.rawSetValue('HKLM\\SOFTWARE\\App\\New', 'n', raw('REG_DWORD', 1));
    store.rawRestoreKey(snapshot);
    expect(rows(store)).toEqual(expected);
    expect(store.keyExists('HKLM\\SOFTWARE\\App\\New')).toBe(false);
  });

  it('returns undefined for an absent key and refuses to delete a root', () => {
    const store = sample();
    expect(store.rawDeleteKey('HKLM\\SOFTWARE\\Nope')).toBeUndefined();
    expect(() => store.rawDeleteKey('HKLM')).toThrow(
      expect.objectContaining({ code: 'ERROR_ACCESS_DENIED' }),
    );
  });
});

describe('RegistryStore enumeration and clone', () => {
  it('enumerates keys depth first in folded order and values in folded name order', () => {
    const store = new RegistryStore();
    store.rawSetValue('HKLM\\b', 'Z', raw('REG_DWORD', 1));
    store.rawSetValue('HKLM\\b', 'a', raw('REG_DWORD', 2));
    store.rawSetValue('HKLM\\A\\c', 'v', raw('REG_DWORD', 3));
    store.rawSetValue('HKCU\\u', 'v', raw('REG_DWORD', 4));
    expect([...store.entries()].map((e) => `${e.key}:${e.name}`)).toEqual([
      'HKEY_CURRENT_USER\\u:v',
      'HKEY_LOCAL_MACHINE\\A\\c:v',
      'HKEY_LOCAL_MACHINE\\b:a',
      'HKEY_LOCAL_MACHINE\\b:Z',
    ]);
    expect([...store.allKeys()]).toEqual([
      'HKEY_CLASSES_ROOT',
      'HKEY_CURRENT_CONFIG',
      'HKEY_CURRENT_USER',
      'HKEY_CURRENT_USER\\u',
      'HKEY_LOCAL_MACHINE',
      'HKEY_LOCAL_MACHINE\\A',
      'HKEY_LOCAL_MACHINE\\A\\c',
      'HKEY_LOCAL_MACHINE\\b',
      'HKEY_USERS',
    ]);
    expect(store.valueCount).toBe(4);
  });

  it('clone is independent both ways', () => {
    const store = new RegistryStore();
    store.rawSetValue('HKLM\\K\\S', 'v', raw('REG_SZ', 'orig'));
    const copy = store.clone();
    copy.rawSetValue('HKLM\\K\\S', 'v', raw('REG_SZ', 'copy'));
    copy.rawCreateKey('HKLM\\K\\OnlyInCopy');
    store.rawDeleteKey('HKLM\\K\\S');
    expect(copy.getValue('HKLM\\K\\S', 'v')).toEqual({ type: 'REG_SZ', data: 'copy' });
    expect(store.keyExists('HKLM\\K\\OnlyInCopy')).toBe(false);
    expect(store.keyExists('HKLM\\K\\S')).toBe(false);
    expect(copy.keyExists('HKLM\\K\\S')).toBe(true);
  });
});

describe('RegistryStore.subtree', () => {
  it('walks a key and its subtree depth first, values in enumeration order', () => {
    const store = new RegistryStore();
    store.rawSetValue('HKLM\\Top', 'z', raw('REG_DWORD', 1));
    store.rawSetValue('HKLM\\Top', 'a', raw('REG_DWORD', 2));
    store.rawCreateKey('HKLM\\Top\\b\\deep');
    store.rawCreateKey('HKLM\\Top\\A');
    store.rawCreateKey('HKLM\\Outside');
    const walked = [...store.subtree('hklm\\top')];
    expect(walked.map((entry) => entry.key)).toEqual([
      'HKEY_LOCAL_MACHINE\\Top',
      'HKEY_LOCAL_MACHINE\\Top\\A',
      'HKEY_LOCAL_MACHINE\\Top\\b',
      'HKEY_LOCAL_MACHINE\\Top\\b\\deep',
    ]);
    expect(walked[0].values.map((value) => value.name)).toEqual(['z', 'a']);
    expect([...store.subtree('HKLM\\Missing')]).toEqual([]);
  });
});
