import { describe, expect, it } from 'vitest';
import { RegistryStore } from '../../src/registry/index.js';
import { raw } from './helpers.js';

const SESSION_MANAGER = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager';

function machine(current: number): RegistryStore {
  const store = new RegistryStore();
  store.rawSetValue('HKLM\\SYSTEM\\Select', 'Current', raw('REG_DWORD', current));
  store.rawSetValue('HKLM\\SYSTEM\\ControlSet001\\Control\\Session Manager', 'Set', raw('REG_SZ', 'one'));
  store.rawSetValue('HKLM\\SYSTEM\\ControlSet002\\Control\\Session Manager', 'Set', raw('REG_SZ', 'two'));
  return store;
}

describe('CurrentControlSet alias', () => {
  it('resolves to the control set Select\\Current names, with stored case', () => {
    const store = machine(1);
    expect(store.resolveKey('hklm\\system\\currentcontrolset\\control')).toBe(
      'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control',
    );
    expect(store.getValue(SESSION_MANAGER, 'Set')).toEqual({ type: 'REG_SZ', data: 'one' });
  });

  it('follows a change of Select\\Current', () => {
    const store = machine(1);
    store.rawSetValue('HKLM\\SYSTEM\\Select', 'Current', raw('REG_DWORD', 2));
    expect(store.getValue(SESSION_MANAGER, 'Set')).toEqual({ type: 'REG_SZ', data: 'two' });
    expect(store.resolveKey('HKLM\\SYSTEM\\CurrentControlSet')).toBe(
      'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002',
    );
  });

  it('writes through the alias into the control set it names, creating the keys missing below it', () => {
    const store = machine(2);
    expect(store.rawCreateKey(`${SESSION_MANAGER}\\New`).created).toEqual([
      'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Control\\Session Manager\\New',
    ]);
    store.rawSetValue(
      SESSION_MANAGER,
      'PendingFileRenameOperations',
      raw('REG_MULTI_SZ', ['\\??\\C:\\a', '']),
    );
    expect(
      store.getValue('HKLM\\SYSTEM\\ControlSet002\\Control\\Session Manager', 'PendingFileRenameOperations'),
    ).toEqual({
      type: 'REG_MULTI_SZ',
      data: ['\\??\\C:\\a', ''],
    });
    expect(store.listSubkeys('HKLM\\SYSTEM')).not.toContain('CurrentControlSet');
  });

  it('R1: when Select\\Current names a control set that does not exist, CurrentControlSet is a plain key', () => {
    const store = machine(3);
    expect(store.rawCreateKey(`${SESSION_MANAGER}\\New`).created[0]).toBe(
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet',
    );
    expect(store.keyExists('HKLM\\SYSTEM\\ControlSet003')).toBe(false);
    expect(store.listSubkeys('HKLM\\SYSTEM')).toContain('CurrentControlSet');
    expect(store.resolveKey(`${SESSION_MANAGER}\\New`)).toBe(
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\New',
    );
  });

  it('deleting through the alias deletes the control set it names', () => {
    const store = machine(2);
    const snapshot = store.rawDeleteKey('HKLM\\SYSTEM\\CurrentControlSet\\Control');
    expect(snapshot?.key).toBe('HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Control');
    expect(store.keyExists('HKLM\\SYSTEM\\ControlSet001\\Control')).toBe(true);
  });

  it('is a plain name when Select\\Current is missing or not a DWORD', () => {
    const store = new RegistryStore();
    store.rawCreateKey('HKLM\\SYSTEM\\CurrentControlSet\\Literal');
    expect(store.resolveKey('HKLM\\SYSTEM\\CurrentControlSet\\Literal')).toBe(
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Literal',
    );
    store.rawSetValue('HKLM\\SYSTEM\\Select', 'Current', raw('REG_SZ', '1'));
    expect(store.resolveKey('HKLM\\SYSTEM\\CurrentControlSet')).toBe(
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet',
    );
  });

  it('only applies directly under HKLM\\SYSTEM', () => {
    const store = machine(1);
    store.rawCreateKey('HKLM\\SOFTWARE\\CurrentControlSet');
    expect(store.resolveKey('HKLM\\SOFTWARE\\CurrentControlSet')).toBe(
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\CurrentControlSet',
    );
    expect(store.resolveKey('HKCU\\SYSTEM\\CurrentControlSet')).toBeUndefined();
  });
});
