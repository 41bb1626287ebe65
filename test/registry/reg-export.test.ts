import { describe, expect, it } from 'vitest';
import { WinError } from '../../src/errors/index.js';
import { exportReg, formatRegValue, parseReg, RegistryStore } from '../../src/registry/index.js';
import { raw } from './helpers.js';

const TEMP = raw('REG_EXPAND_SZ', '%SYSTEMDRIVE%\\SHTemp');

describe('exportReg', () => {
  it('writes the header, each key, its values and a blank line, subkeys depth first, CRLF', () => {
    const store = new RegistryStore();
    store.rawSetValue('HKCU\\Software\\App', '', raw('REG_SZ', 'default'));
    store.rawSetValue('HKCU\\Software\\App', 'Count', raw('REG_DWORD', 10));
    store.rawSetValue('HKCU\\Software\\App\\b', 'Big', raw('REG_QWORD', 1n));
    store.rawCreateKey('HKCU\\Software\\App\\A');
    expect(exportReg(store, 'hkcu\\software\\app')).toBe(
      [
        'Windows Registry Editor Version 5.00',
        '',
        '[HKEY_CURRENT_USER\\Software\\App]',
        '@="default"',
        '"Count"=dword:0000000a',
        '',
        '[HKEY_CURRENT_USER\\Software\\App\\A]',
        '',
        '[HKEY_CURRENT_USER\\Software\\App\\b]',
        '"Big"=hex(b):01,00,00,00,00,00,00,00',
        '',
        '',
      ].join('\r\n'),
    );
  });

  it('wraps hex data like regedit (the TEMP example from the regedit 5 sources)', () => {
    expect(formatRegValue('TEMP', TEMP)).toBe(
      '"TEMP"=hex(2):25,00,53,00,59,00,53,00,54,00,45,00,4d,00,44,00,52,00,49,00,56,\\\r\n' +
        '  00,45,00,25,00,5c,00,53,00,48,00,54,00,65,00,6d,00,70,00,00,00',
    );
  });

  it('writes REG_EXPAND_SZ as ANSI bytes in REGEDIT4, as regedit 4 did', () => {
    expect(formatRegValue('TEMP', TEMP, 'REGEDIT4')).toBe(
      '"TEMP"=hex(2):25,53,59,53,54,45,4d,44,52,49,56,45,25,5c,53,48,54,65,6d,70,00',
    );
  });

  it('keeps every line within 80 columns, 25 bytes on each continuation line', () => {
    const line = formatRegValue(
      'n',
      raw(
        'REG_BINARY',
        new Uint8Array(200).map((_, i) => i),
      ),
    );
    const lines = line.split('\r\n');
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(lines.slice(1, -1).every((l) => l.length === 78 && l.startsWith('  ') && l.endsWith(',\\'))).toBe(
      true,
    );
    expect(
      lines.slice(1).join('').replace(/[\\ ]/g, '').split(',').length + lines[0].split(',').length - 1,
    ).toBe(200);
  });

  it('escapes quotes and backslashes, and uses hex forms regedit would', () => {
    expect(formatRegValue('a"b\\c', raw('REG_SZ', 'C:\\x "y"'))).toBe('"a\\"b\\\\c"="C:\\\\x \\"y\\""');
    expect(formatRegValue('e', raw('REG_BINARY', new Uint8Array()))).toBe('"e"=hex:');
    expect(formatRegValue('n', raw('REG_NONE', Uint8Array.of(1)))).toBe('"n"=hex(0):01');
    expect(formatRegValue('m', raw('REG_MULTI_SZ', ['a', '', 'b']))).toBe(
      '"m"=hex(7):61,00,00,00,00,00,62,00,00,00,00,00',
    );
    expect(formatRegValue('u', { type: 0x20001, bytes: Uint8Array.of(1) })).toBe('"u"=hex(20001):01');
  });

  it('writes damaged strings and odd-sized DWORDs in hex so the bytes survive', () => {
    expect(formatRegValue('odd', { type: 1, bytes: Uint8Array.of(0x41, 0, 0x42) })).toBe(
      '"odd"=hex(1):41,00,42',
    );
    expect(formatRegValue('nonul', { type: 1, bytes: Uint8Array.of(0x41, 0) })).toBe('"nonul"=hex(1):41,00');
    expect(formatRegValue('lf', raw('REG_SZ', 'a\nb'))).toBe('"lf"=hex(1):61,00,0a,00,62,00,00,00');
    expect(formatRegValue('d', { type: 4, bytes: Uint8Array.of(1, 2) })).toBe('"d"=hex(4):01,02');
  });

  it('writes strings outside Windows-1252 in REGEDIT4 as hex(1) and names with ?', () => {
    expect(formatRegValue('é', raw('REG_SZ', 'é'), 'REGEDIT4')).toBe('"é"="é"');
    expect(formatRegValue('€', raw('REG_SZ', '€'), 'REGEDIT4')).toBe('"€"="€"');
    expect(formatRegValue('☃', raw('REG_SZ', '☃'), 'REGEDIT4')).toBe('"?"=hex(1):03,26,00,00');
  });

  it('exports under the canonical path, not the CurrentControlSet alias', () => {
    const store = new RegistryStore();
    store.rawSetValue('HKLM\\SYSTEM\\Select', 'Current', raw('REG_DWORD', 1));
    store.rawCreateKey('HKLM\\SYSTEM\\ControlSet001\\Control');
    expect(exportReg(store, 'HKLM\\SYSTEM\\CurrentControlSet\\Control', { format: 'REGEDIT4' })).toBe(
      'REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control]\r\n\r\n',
    );
  });

  it('refuses a missing key with ERROR_FILE_NOT_FOUND', () => {
    expect(() => exportReg(new RegistryStore(), 'HKLM\\Nope')).toThrow(WinError);
  });

  it('refuses a key whose name holds a line break: no .reg line can hold it, and it would import as other keys', () => {
    const store = new RegistryStore();
    store.rawSetValue('HKCU\\T\\x]\r\n[HKEY_CURRENT_USER\\Elsewhere', 'v', raw('REG_DWORD', 1));
    store.rawCreateKey('HKCU\\U\\a\nb');
    for (const key of ['HKCU\\T', 'HKCU\\U', 'HKCU']) {
      let text: string | undefined;
      let error: unknown;
      try {
        text = exportReg(store, key);
      } catch (thrown) {
        error = thrown;
      }
      // Before: the export of HKCU\T imported as HKCU\T\x plus a key HKCU\Elsewhere outside it.
      if (text !== undefined)
        expect(parseReg(text).map((change) => change.key)).not.toContain('HKEY_CURRENT_USER\\Elsewhere');
      expect(error).toBeInstanceOf(WinError);
      expect((error as WinError).code).toBe('ERROR_INVALID_DATA');
      expect((error as WinError).message).toMatch(/line break/);
    }
  });
});
