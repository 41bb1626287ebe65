import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import { applyRegChanges, parseReg, RegistryStore } from '../../src/registry/index.js';
import { raw, rows } from './helpers.js';

const V5 = 'Windows Registry Editor Version 5.00';

function problemsOf(text: string): { where: string; message: string }[] {
  try {
    parseReg(text);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return [...(error as InputError).problems];
  }
  throw new Error('expected an InputError');
}

describe('parseReg', () => {
  it('reads keys, every value form, deletions, comments, blank lines and continuations', () => {
    const text = [
      V5,
      '',
      '; a comment',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\App]',
      '@="default"',
      '"Str" = "a \\"quoted\\" C:\\\\path"',
      '"Dw"=dword:0000000A ; trailing comment',
      '"Bin"=hex:01,02,\\',
      '  ; a comment between continuation lines',
      '  03,ff',
      '"Multi"=hex(7):61,00,00,00,00,00,62,00,00,00,00,00',
      '"Gone"=-',
      '"Empty"=hex:',
      '[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Old]',
      '"Ignored"="under a deleted key"',
      '[hklm\\software\\app\\sub\\]',
      '',
    ].join('\r\n');
    expect(parseReg(text)).toEqual([
      { kind: 'createKey', key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\App' },
      {
        kind: 'setValue',
        key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\App',
        name: '',
        value: raw('REG_SZ', 'default'),
      },
      {
        kind: 'setValue',
        key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\App',
        name: 'Str',
        value: raw('REG_SZ', 'a "quoted" C:\\path'),
      },
      { kind: 'setValue', key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\App', name: 'Dw', value: raw('REG_DWORD', 10) },
      {
        kind: 'setValue',
        key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\App',
        name: 'Bin',
        value: raw('REG_BINARY', Uint8Array.of(1, 2, 3, 255)),
      },
      {
        kind: 'setValue',
        key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\App',
        name: 'Multi',
        value: raw('REG_MULTI_SZ', ['a', '', 'b']),
      },
      { kind: 'deleteValue', key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\App', name: 'Gone' },
      {
        kind: 'setValue',
        key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\App',
        name: 'Empty',
        value: raw('REG_BINARY', new Uint8Array()),
      },
      { kind: 'deleteKey', key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Old' },
      { kind: 'createKey', key: 'HKEY_LOCAL_MACHINE\\software\\app\\sub' },
    ]);
  });

  it('reads hex(2) and hex(7) of a REGEDIT4 file as ANSI and stores them UTF-16LE', () => {
    const changes = parseReg(
      'REGEDIT4\n\n[HKEY_CURRENT_USER\\Environment]\n"TEMP"=hex(2):25,53,59,53,54,45,4d,44,52,49,56,45,25,5c,53,48,54,65,6d,70,00\n"S"="é"\n"B"=hex(1):41,00\n',
    );
    expect(changes.slice(1)).toEqual([
      {
        kind: 'setValue',
        key: 'HKEY_CURRENT_USER\\Environment',
        name: 'TEMP',
        value: raw('REG_EXPAND_SZ', '%SYSTEMDRIVE%\\SHTemp'),
      },
      { kind: 'setValue', key: 'HKEY_CURRENT_USER\\Environment', name: 'S', value: raw('REG_SZ', 'é') },
      {
        kind: 'setValue',
        key: 'HKEY_CURRENT_USER\\Environment',
        name: 'B',
        value: { type: 1, bytes: Uint8Array.of(0x41, 0) },
      },
    ]);
  });

  it('reports every problem at once with line:column', () => {
    const text = [
      'Windows Registry Editor Version 4.00',
      '"Early"="before any key"',
      '[HKEY_CURRENT_USER\\Good]',
      '"Unterminated"="abc',
      '"BadHex"=hex:01,zz',
      '"LongDword"=dword:123456789',
      '"ThreeDigits"=hex:012',
      '"BadEscape"="a\\qb"',
      '[HKEY_NOWHERE\\X]',
      '[HKEY_CURRENT_USER\\Unclosed',
      '"NoEquals" "x"',
      'garbage',
      '"Type"=word:1',
      '[-HKEY_LOCAL_MACHINE]',
      '"Ok"=dword:1',
    ].join('\n');
    expect(problemsOf(text).map((p) => p.where)).toEqual([
      '1:1',
      '2:1',
      '4:16',
      '5:17',
      '6:19',
      '7:19',
      '8:15',
      '9:2',
      '10:1',
      '11:12',
      '12:1',
      '13:8',
      '14:2',
    ]);
    const byLine = new Map(problemsOf(text).map((p) => [p.where, p.message]));
    expect(byLine.get('1:1')).toMatch(/version/);
    expect(byLine.get('2:1')).toMatch(/before any \[KEY\]/);
    expect(byLine.get('4:16')).toMatch(/unterminated string/);
    expect(byLine.get('5:17')).toMatch(/hex/);
    expect(byLine.get('6:19')).toMatch(/9 hex digits/);
    expect(byLine.get('9:2')).toMatch(/unknown root/);
  });

  it('reports a missing header and a root deletion', () => {
    expect(problemsOf('[HKEY_CURRENT_USER\\X]\n[-HKEY_LOCAL_MACHINE]\n')).toEqual([
      { where: '1:1', message: expect.stringMatching(/first line/) },
      { where: '2:2', message: expect.stringMatching(/cannot be deleted/) },
    ]);
  });

  it('changes nothing in a store when the text is malformed', () => {
    const store = new RegistryStore();
    store.rawSetValue('HKCU\\Keep', 'v', raw('REG_SZ', 'kept'));
    const before = rows(store);
    const apply = (): void =>
      applyRegChanges(
        store,
        parseReg(`${V5}\n[HKEY_CURRENT_USER\\Keep]\n"v"=-\n"w"=dword:1\n"bad"=hex:1g\n`),
      );
    expect(apply).toThrow(InputError);
    expect(rows(store)).toEqual(before);
    expect(store.keyExists('HKCU\\Keep')).toBe(true);
  });

  it('names the source in the error', () => {
    expect(() => parseReg('nope', 'fix.reg')).toThrow(/^fix\.reg: /);
  });
});

describe('applyRegChanges', () => {
  it('applies creates, deletions and value changes in order', () => {
    const store = new RegistryStore();
    store.rawSetValue('HKCU\\Old\\Deep', 'x', raw('REG_DWORD', 1));
    store.rawSetValue('HKCU\\App', 'Gone', raw('REG_DWORD', 1));
    applyRegChanges(
      store,
      parseReg(
        `${V5}\r\n\r\n[-HKEY_CURRENT_USER\\Old]\r\n[HKEY_CURRENT_USER\\App\\Empty]\r\n[HKEY_CURRENT_USER\\App]\r\n"Gone"=-\r\n"New"="v"\r\n`,
      ),
    );
    expect(store.keyExists('HKCU\\Old')).toBe(false);
    expect(store.keyExists('HKCU\\App\\Empty')).toBe(true);
    expect(store.listValues('HKCU\\App')).toEqual(['New']);
  });

  it('checks every change before applying any', () => {
    const store = new RegistryStore();
    expect(() =>
      applyRegChanges(store, [
        { kind: 'createKey', key: 'HKCU\\Fine' },
        { kind: 'deleteKey', key: 'HKLM' },
        { kind: 'createKey', key: 'HKXX\\Bad' },
      ]),
    ).toThrow(
      expect.objectContaining({
        problems: [
          expect.objectContaining({ where: 'change 1' }),
          expect.objectContaining({ where: 'change 2' }),
        ],
      }),
    );
    expect(store.keyExists('HKCU\\Fine')).toBe(false);
  });
});
