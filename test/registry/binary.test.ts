import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import { RegistryStore } from '../../src/registry/index.js';
import { raw, rows } from './helpers.js';

function sample(): RegistryStore {
  const store = new RegistryStore();
  store.rawSetValue('HKLM\\SYSTEM\\Select', 'Current', raw('REG_DWORD', 1));
  store.rawSetValue(
    'HKLM\\SYSTEM\\ControlSet001\\Control\\Session Manager',
    'PendingFileRenameOperations',
    raw('REG_MULTI_SZ', ['\\??\\C:\\a', '', 'x']),
  );
  store.rawSetValue('HKCU\\Environment', 'TEMP', raw('REG_EXPAND_SZ', '%USERPROFILE%\\Temp'));
  store.rawSetValue('HKCU\\Environment', '', raw('REG_SZ', 'défaut ☃'));
  store.rawSetValue('HKCU\\Environment', 'odd', { type: 0x9999, bytes: Uint8Array.of(1, 2, 3) });
  store.rawCreateKey('HKU\\.DEFAULT\\Empty');
  return store;
}

describe('serialize / deserialize', () => {
  it('round-trips every key, value, byte, stored case and value order', () => {
    const store = sample();
    const again = RegistryStore.deserialize(store.serialize());
    expect(rows(again)).toEqual(rows(store));
    expect([...again.allKeys()]).toEqual([...store.allKeys()]);
    expect(again.listValues('HKCU\\Environment')).toEqual(['TEMP', '', 'odd']);
    expect(again.resolveKey('hklm\\system\\currentcontrolset\\control')).toBe(
      'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control',
    );
    expect(again.serialize()).toEqual(store.serialize());
  });

  it('gives equal bytes for equal trees built in different orders', () => {
    const a = new RegistryStore();
    a.rawCreateKey('HKLM\\x');
    a.rawCreateKey('HKLM\\y');
    const b = new RegistryStore();
    b.rawCreateKey('HKLM\\y');
    b.rawCreateKey('HKLM\\x');
    expect(b.serialize()).toEqual(a.serialize());
  });

  it('does not share the input buffer', () => {
    const bytes = sample().serialize();
    const store = RegistryStore.deserialize(bytes);
    const expected = rows(store);
    bytes.fill(0);
    expect(rows(store)).toEqual(expected);
  });

  it('refuses every truncation with an InputError naming a byte offset', () => {
    const bytes = sample().serialize();
    for (let length = 0; length < bytes.length; length++) {
      let caught: unknown;
      try {
        RegistryStore.deserialize(bytes.subarray(0, length));
      } catch (error) {
        caught = error;
      }
      expect(caught, `length ${length}`).toBeInstanceOf(InputError);
      expect((caught as InputError).problems[0].where).toMatch(/^byte \d+$/);
    }
  });

  it('refuses bad magic, trailing bytes and an unknown version', () => {
    const bytes = sample().serialize();
    const badMagic = bytes.slice();
    badMagic[0] = 0;
    expect(() => RegistryStore.deserialize(badMagic)).toThrow(InputError);
    const trailing = new Uint8Array(bytes.length + 1);
    trailing.set(bytes);
    expect(() => RegistryStore.deserialize(trailing)).toThrow(/unexpected bytes/);
    const version = bytes.slice();
    version[4] = 9;
    expect(() => RegistryStore.deserialize(version)).toThrow(/version/);
  });

  it('refuses duplicate names under one key', () => {
    const store = new RegistryStore();
    store.rawSetValue('HKLM\\K', 'ab', raw('REG_DWORD', 1));
    store.rawSetValue('HKLM\\K', 'cd', raw('REG_DWORD', 2));
    const bytes = store.serialize();
    const text = Buffer.from(bytes);
    const at = text.indexOf(Buffer.from('c\0d\0', 'latin1'));
    text.write('A\0B\0', at, 'latin1');
    expect(() => RegistryStore.deserialize(new Uint8Array(text))).toThrow(/duplicate value name/);
  });
});
