/** `rawSetDword`, the registry write a boot makes once an entry for its progress, does what `rawSetValue` does. */
import { describe, expect, it } from 'vitest';
import { WinError } from '../../src/errors/index.js';
import { RegistryStore } from '../../src/registry/index.js';
import { raw, rows } from './helpers.js';

const KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager';

/** Two stores, each with the key and a value of the name in another case. */
function twoStores(): [RegistryStore, RegistryStore] {
  return [new RegistryStore(), new RegistryStore()].map((store) => {
    store.rawSetValue('HKLM\\SYSTEM\\Select', 'Current', raw('REG_DWORD', 1));
    store.rawSetValue(
      `${KEY.replace('CurrentControlSet', 'ControlSet001')}`,
      'PendingProgress',
      raw('REG_DWORD', 3),
    );
    return store;
  }) as [RegistryStore, RegistryStore];
}

describe('RegistryStore rawSetDword', () => {
  it('stores what rawSetValue stores, keeps the stored name case and gives back the previous value', () => {
    const [byDword, byValue] = twoStores();
    const key = byDword.resolveKey(KEY)!;
    for (const [name, value] of [
      ['PENDINGPROGRESS', 4],
      ['pendingprogress', 0xfffffffe],
      ['Other', 9],
    ] as const) {
      const previous = byDword.rawSetDword(key, name, value);
      const expected = byValue.rawSetValue(key, name, raw('REG_DWORD', value));
      expect(previous).toEqual(expected);
    }
    expect(rows(byDword)).toEqual(rows(byValue));
    expect(byDword.listValues(key)).toEqual(['PendingProgress', 'Other']);
  });

  it('never changes a value it handed out: each write stores new bytes', () => {
    const [store] = twoStores();
    const key = store.resolveKey(KEY)!;
    const first = store.rawSetDword(key, 'PendingProgress', 5);
    const second = store.rawSetDword(key, 'PendingProgress', 6);
    expect([...first!.bytes]).toEqual([3, 0, 0, 0]);
    expect([...second!.bytes]).toEqual([5, 0, 0, 0]);
    expect(Object.isFrozen(second)).toBe(true);
  });

  it('creates a key that is not there, as rawSetValue does, and refuses a name over 16,383 characters', () => {
    const store = new RegistryStore();
    expect(store.rawSetDword('HKLM\\SOFTWARE\\New', 'Count', 1)).toBeUndefined();
    expect(store.getRawValue('HKLM\\SOFTWARE\\New', 'count')?.bytes).toEqual(new Uint8Array([1, 0, 0, 0]));
    const before = rows(store);
    expect(() => store.rawSetDword('HKLM\\SOFTWARE\\New', 'x'.repeat(16_384), 1)).toThrow(WinError);
    expect(rows(store)).toEqual(before);
  });
});
