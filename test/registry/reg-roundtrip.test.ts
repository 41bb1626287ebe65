import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyRegChanges,
  decodeRegFile,
  encodeRegData,
  encodeRegFile,
  exportReg,
  parseReg,
  RegistryStore,
  type RawRegValue,
  type RegFormat,
} from '../../src/registry/index.js';
import { raw, rows } from './helpers.js';

/** Export a key as a file, read the file back into an empty store. */
function throughFile(store: RegistryStore, key: string, format: RegFormat = '5.00'): RegistryStore {
  const bytes = encodeRegFile(exportReg(store, key, { format }));
  const again = new RegistryStore();
  applyRegChanges(again, parseReg(decodeRegFile(bytes)));
  return again;
}

function shape(store: RegistryStore): { rows: string[]; keys: string[]; order: string[][] } {
  const keys = [...store.allKeys()];
  return { rows: rows(store), keys, order: keys.map((key) => store.listValues(key)) };
}

/** Any single UTF-16 unit, lone surrogates included. */
const unit16 = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));

// Key names: anything but a backslash or a line break (a [KEY] line cannot hold one).
const keyName = fc
  .string({
    unit: fc.oneof(fc.constantFrom('a', 'Z', ' ', ']', '[', '"', ';', '-', 'é', '☃', '\ud800'), unit16),
    minLength: 1,
    maxLength: 12,
  })
  .filter((name) => !/[\\\r\n]/.test(name));
const valueName = fc.oneof(
  fc.constant(''),
  fc.string({
    unit: fc.oneof(fc.constantFrom('"', '\\', '\r', '\n', '@', '=', 'é', '☃'), unit16),
    maxLength: 12,
  }),
);
const text = fc
  .string({ unit: fc.oneof(fc.constantFrom('"', '\\', ';', 'é', '☃', '\r', '\n'), unit16), maxLength: 20 })
  .map((s) => s.replace(/\0/g, '0'));

const rawValue: fc.Arbitrary<RawRegValue> = fc.oneof(
  text.map((s) => raw('REG_SZ', s)),
  text.map((s) => raw('REG_EXPAND_SZ', s)),
  fc.array(text, { maxLength: 5 }).map((list) => raw('REG_MULTI_SZ', list)),
  fc.nat({ max: 0xffffffff }).map((n) => raw('REG_DWORD', n)),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((n) => raw('REG_QWORD', n)),
  fc.record({
    type: fc.oneof(fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), fc.nat({ max: 0xffffffff })),
    bytes: fc.uint8Array({ maxLength: 120 }),
  }),
);

const tree = fc.array(
  fc.record({
    path: fc.array(keyName, { minLength: 0, maxLength: 3 }),
    name: valueName,
    value: fc.option(rawValue, { nil: undefined }),
  }),
  { maxLength: 25 },
);

describe('.reg export then import', () => {
  it('gives back the same bytes for every value type (property)', () => {
    fc.assert(
      fc.property(tree, (entries) => {
        const store = new RegistryStore();
        store.rawCreateKey('HKCU\\T');
        for (const { path, name, value } of entries) {
          const key = ['HKCU\\T', ...path].join('\\');
          if (value === undefined) store.rawCreateKey(key);
          else store.rawSetValue(key, name, value);
        }
        expect(shape(throughFile(store, 'HKCU\\T'))).toEqual(shape(store));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps REG_MULTI_SZ with empty strings inside, an odd-length binary and unicode strings', () => {
    const store = new RegistryStore();
    store.rawSetValue('HKLM\\K', 'multi', raw('REG_MULTI_SZ', ['a', '', '', 'b', '']));
    store.rawSetValue('HKLM\\K', 'odd', { type: 3, bytes: Uint8Array.of(1, 2, 3, 4, 5) });
    store.rawSetValue('HKLM\\K', 'unicode ☃', raw('REG_SZ', 'Grüße ☃ 𝄞 \ud800'));
    store.rawSetValue('HKLM\\K', 'expand', raw('REG_EXPAND_SZ', '%SystemRoot%\\☃'));
    expect(rows(throughFile(store, 'HKLM\\K'))).toEqual(rows(store));
  });

  it('PendingFileRenameOperations round-trips byte for byte through a Version 5.00 file as hex(7)', () => {
    const queue = [
      '\\??\\C:\\WINNT\\system32\\old.dll',
      '',
      '\\??\\C:\\new.tmp',
      '!\\??\\C:\\WINNT\\system32\\new.dll',
      '\\??\\C:\\gone',
      '',
    ];
    const store = new RegistryStore();
    store.rawSetValue('HKLM\\SYSTEM\\Select', 'Current', raw('REG_DWORD', 1));
    store.rawCreateKey('HKLM\\SYSTEM\\ControlSet001');
    const sessionManager = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager';
    store.rawSetValue(sessionManager, 'PendingFileRenameOperations', raw('REG_MULTI_SZ', queue));
    const text = exportReg(store, sessionManager);
    expect(text).toContain('"PendingFileRenameOperations"=hex(7):5c,00,3f,00,3f,00,5c,00');
    const again = new RegistryStore();
    applyRegChanges(again, parseReg(decodeRegFile(encodeRegFile(text))));
    const original = store.getRawValue(sessionManager, 'PendingFileRenameOperations')!;
    const imported = again.getRawValue(
      'HKLM\\SYSTEM\\ControlSet001\\Control\\Session Manager',
      'PendingFileRenameOperations',
    )!;
    expect(imported.type).toBe(7);
    expect(Buffer.from(imported.bytes).equals(Buffer.from(original.bytes))).toBe(true);
    expect(
      again.getValue('HKLM\\SYSTEM\\ControlSet001\\Control\\Session Manager', 'PendingFileRenameOperations')
        ?.data,
    ).toEqual(queue);
  });

  it('REGEDIT4 round-trips ANSI strings, ANSI hex(2)/hex(7) and every non-string type', () => {
    const store = new RegistryStore();
    store.rawSetValue('HKCU\\K', 'sz', raw('REG_SZ', 'Café "x" \\y'));
    store.rawSetValue('HKCU\\K', 'wide', raw('REG_SZ', '☃'));
    store.rawSetValue('HKCU\\K', 'expand', raw('REG_EXPAND_SZ', '%TEMP%\\é'));
    store.rawSetValue('HKCU\\K', 'multi', raw('REG_MULTI_SZ', ['a', '', 'ÿ']));
    store.rawSetValue('HKCU\\K', 'dword', raw('REG_DWORD', 0x80000001));
    store.rawSetValue('HKCU\\K', 'qword', raw('REG_QWORD', 2n ** 63n));
    store.rawSetValue('HKCU\\K', 'bin', { type: 3, bytes: Uint8Array.of(9, 8, 7) });
    store.rawSetValue('HKCU\\K\\Sub', '', { type: 0, bytes: new Uint8Array() });
    const text = exportReg(store, 'HKCU\\K', { format: 'REGEDIT4' });
    expect(text).toContain('"sz"="Café \\"x\\" \\\\y"');
    expect(text).toContain('"multi"=hex(7):61,00,00,ff,00,00');
    expect(shape(throughFile(store, 'HKCU\\K', 'REGEDIT4'))).toEqual(shape(store));
  });

  it('REGEDIT4 loses what regedit loses: a character outside Windows-1252 in hex(7) comes back as ?', () => {
    const store = new RegistryStore();
    store.rawSetValue('HKCU\\K', 'multi', raw('REG_MULTI_SZ', ['☃']));
    const again = throughFile(store, 'HKCU\\K', 'REGEDIT4');
    expect(again.getValue('HKCU\\K', 'multi')).toEqual({ type: 'REG_MULTI_SZ', data: ['?'] });
  });

  it('an exported root imports back whole', () => {
    const store = new RegistryStore();
    store.rawSetValue('HKU\\.DEFAULT\\Control Panel', 'x', { type: 4, bytes: encodeRegData('REG_DWORD', 5) });
    store.rawCreateKey('HKU\\S-1-5-18');
    expect(shape(throughFile(store, 'HKEY_USERS'))).toEqual(shape(store));
  });
});
