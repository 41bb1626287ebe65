import { describe, expect, it } from 'vitest';
import { WinError } from '../../src/errors/index.js';
import { RegistryStore } from '../../src/registry/index.js';
import { raw, rows } from './helpers.js';

const KEY = 'HKLM\\SOFTWARE\\Queue';

function storeWith(bytes: number[]): RegistryStore {
  const store = new RegistryStore();
  store.rawSetValue(KEY, 'List', { type: 7, bytes: new Uint8Array(bytes) });
  return store;
}

const bytesOf = (store: RegistryStore): number[] => [...store.getRawValue(KEY, 'List')!.bytes];

function thrown(fn: () => unknown): WinError {
  try {
    fn();
  } catch (error) {
    if (error instanceof WinError) return error;
    throw error;
  }
  throw new Error('expected a WinError');
}

describe('RegistryStore.rawAppendValue', () => {
  it('cuts at `at`, appends, keeps type, stored name and position, and returns what it cut', () => {
    const store = storeWith([1, 2, 0, 0]);
    store.rawSetValue(KEY, 'After', raw('REG_SZ', 'x'));
    expect([...store.rawAppendValue(KEY, 'LIST', 2, new Uint8Array([3, 0, 0]))]).toEqual([0, 0]);
    expect(bytesOf(store)).toEqual([1, 2, 3, 0, 0]);
    expect(store.getRawValue(KEY, 'List')!.type).toBe(7);
    expect(store.listValues(KEY)).toEqual(['List', 'After']);
  });

  it('undone by the same call with the bytes it cut, after many appends', () => {
    const store = storeWith([9, 0]);
    const undo: { at: number; cut: Uint8Array }[] = [];
    for (let i = 0; i < 300; i++) {
      const at = bytesOf(store).length - 1;
      undo.push({ at, cut: store.rawAppendValue(KEY, 'List', at, new Uint8Array([i & 0xff, i >> 8, 0])) });
    }
    expect(bytesOf(store)).toHaveLength(2 + 300 * 2);
    for (const { at, cut } of undo.reverse()) store.rawAppendValue(KEY, 'List', at, cut);
    expect(bytesOf(store)).toEqual([9, 0]);
  });

  it('never changes bytes handed out before: a read, entries() and a clone keep theirs', () => {
    const store = storeWith([1, 0]);
    store.rawAppendValue(KEY, 'List', 1, new Uint8Array([2, 0]));
    const read = store.getRawValue(KEY, 'List')!.bytes;
    const listed = [...store.entries()].find((e) => e.name === 'List')!.value.bytes;
    const copy = store.clone();
    store.rawAppendValue(KEY, 'List', 2, new Uint8Array([3, 0]));
    copy.rawAppendValue(KEY, 'List', 2, new Uint8Array([7, 0]));
    store.rawAppendValue(KEY, 'List', 3, new Uint8Array([4, 0]));
    expect([...read]).toEqual([1, 2, 0]);
    expect([...listed]).toEqual([1, 2, 0]);
    expect(bytesOf(store)).toEqual([1, 2, 3, 4, 0]);
    expect(bytesOf(copy)).toEqual([1, 2, 7, 0]);
  });

  it('refuses an absent value (ERROR_FILE_NOT_FOUND) and a cut outside the bytes (ERROR_INVALID_PARAMETER), changing nothing', () => {
    const store = storeWith([1, 0]);
    const before = rows(store);
    expect(thrown(() => store.rawAppendValue(KEY, 'Nope', 0, new Uint8Array([1]))).code).toBe(
      'ERROR_FILE_NOT_FOUND',
    );
    expect(thrown(() => store.rawAppendValue(`${KEY}\\Nope`, 'List', 0, new Uint8Array([1]))).code).toBe(
      'ERROR_FILE_NOT_FOUND',
    );
    for (const at of [-1, 3, 1.5, Number.NaN]) {
      expect(thrown(() => store.rawAppendValue(KEY, 'List', at, new Uint8Array([1]))).code).toBe(
        'ERROR_INVALID_PARAMETER',
      );
    }
    expect(rows(store)).toEqual(before);
  });
});

describe('RegistryStore remembers looked-up keys, and forgets them when paths change', () => {
  const SESSION_MANAGER = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager';

  function machine(): RegistryStore {
    const store = new RegistryStore();
    store.rawSetValue('HKLM\\SYSTEM\\Select', 'Current', raw('REG_DWORD', 1));
    store.rawSetValue('HKLM\\SYSTEM\\ControlSet001\\Control\\Session Manager', 'Set', raw('REG_SZ', 'one'));
    store.rawSetValue('HKLM\\SYSTEM\\ControlSet002\\Control\\Session Manager', 'Set', raw('REG_SZ', 'two'));
    return store;
  }

  it('a lookup made before Select\\Current changes follows the new control set', () => {
    const store = machine();
    expect(store.getValue(SESSION_MANAGER, 'Set')?.data).toBe('one');
    store.rawSetValue('HKLM\\SYSTEM\\Select', 'Current', raw('REG_DWORD', 2));
    expect(store.getValue(SESSION_MANAGER, 'Set')?.data).toBe('two');
    store.rawDeleteValue('HKLM\\SYSTEM\\Select', 'Current');
    expect(store.keyExists(SESSION_MANAGER)).toBe(false);
  });

  it('a lookup made before its key is deleted, recreated or restored leads to the key there now', () => {
    const store = machine();
    const key = 'HKLM\\SYSTEM\\ControlSet001\\Control';
    expect(store.getValue(SESSION_MANAGER, 'Set')?.data).toBe('one');
    const snapshot = store.rawDeleteKey(key)!;
    expect(store.getValue(SESSION_MANAGER, 'Set')).toBeUndefined();
    store.rawSetValue(SESSION_MANAGER, 'Set', raw('REG_SZ', 'new'));
    expect(store.getValue('HKLM\\SYSTEM\\ControlSet001\\Control\\Session Manager', 'Set')?.data).toBe('new');
    store.rawRestoreKey(snapshot);
    expect(store.getValue(SESSION_MANAGER, 'Set')?.data).toBe('one');
    store.rawSetValue(SESSION_MANAGER, 'Other', raw('REG_SZ', 'x'));
    expect(store.listValues('HKLM\\SYSTEM\\ControlSet001\\Control\\Session Manager')).toEqual([
      'Set',
      'Other',
    ]);
  });
});

describe('RegistryStore remembers looked-up keys across a new control set', () => {
  it('R1: a lookup through CurrentControlSet made before Select\\Current names an existing set follows it once created', () => {
    const store = new RegistryStore();
    store.rawSetValue('HKLM\\SYSTEM\\Select', 'Current', raw('REG_DWORD', 1));
    store.rawSetValue('HKLM\\SYSTEM\\CurrentControlSet\\Control', 'Plain', raw('REG_SZ', 'plain key'));
    expect(store.getValue('HKLM\\SYSTEM\\CurrentControlSet\\Control', 'Plain')?.data).toBe('plain key');
    store.rawSetValue('HKLM\\SYSTEM\\ControlSet001\\Control', 'Set', raw('REG_SZ', 'one'));
    expect(store.getValue('HKLM\\SYSTEM\\CurrentControlSet\\Control', 'Set')?.data).toBe('one');
    expect(store.getValue('HKLM\\SYSTEM\\CurrentControlSet\\Control', 'Plain')).toBeUndefined();
  });
});
