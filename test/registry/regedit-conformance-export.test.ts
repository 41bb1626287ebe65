/**
 * `.reg` export checked against the files Windows' `regedit /e` writes, as Wine's conformance
 * test test_export (wine-mirror/wine programs/regedit/tests/regedit.c, run on real Windows)
 * records them. Values are set as that test sets them with RegSetValueExA: string types
 * converted to UTF-16LE, other types stored as the bytes given.
 */

import { describe, expect, it } from 'vitest';
import { WinImage } from '../../src/machine/index.js';
import { decodeRegFile, encodeRegFile, exportReg, RegistryStore } from '../../src/registry/index.js';
import { BASE, fileBytes, KEY } from './regedit-helpers.js';

const HEADER = 'Windows Registry Editor Version 5.00\r\n\r\n';
const STRING_TYPES = new Set([1, 2, 7]);

/** RegSetValueExA(key, name, type, data, size): `data` holds the `size` bytes the test passes. */
function addValue(store: RegistryStore, subkey: string, name: string, type: number, data: string): void {
  const bytes = Buffer.from(data, STRING_TYPES.has(type) ? 'utf16le' : 'latin1');
  store.rawSetValue(subkey === '' ? KEY : `${KEY}\\${subkey}`, name, { type, bytes: new Uint8Array(bytes) });
}

const dword = (n: number): string => Buffer.from(Uint32Array.of(n).buffer).toString('latin1');

describe('regedit export conformance (Wine test_export)', () => {
  it('empty_key_test: an empty key, and the file is UTF-16LE with a BOM', () => {
    const store = new RegistryStore();
    store.rawCreateKey(KEY);
    const text = exportReg(store, KEY);
    expect(text).toBe(`${HEADER}[${KEY}]\r\n\r\n`);
    const bytes = encodeRegFile(text);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(Buffer.from(bytes.subarray(2)).toString('utf16le')).toBe(text);
  });

  it('complex_test: every type, escapes, hex wrapping at column 77, subkeys in name order', () => {
    const store = new RegistryStore();
    addValue(store, '', 'DWORD', 4, dword(0x100));
    addValue(store, '', 'String', 1, 'Your text here...\0');
    addValue(store, 'Subkey1', 'Binary', 3, '\x11\x22\x33\x44');
    addValue(store, 'Subkey1', 'Undefined hex', 0x100, '%PATH%\0');
    addValue(store, 'Subkey2a', 'double"quote', 1, '"Hello, World!"\0');
    addValue(store, 'Subkey2a', "single'quote", 4, dword(8));
    addValue(store, 'Subkey2a\\Subkey2b', '', 1, 'Default value name\0');
    addValue(store, 'Subkey2a\\Subkey2b', 'Multiple strings', 7, 'Line1\0Line2\0Line3\0\0');
    addValue(store, 'Subkey3a', 'Backslash', 1, 'Use \\\\ to escape a backslash\0');
    store.rawCreateKey(`${KEY}\\Subkey3a\\Subkey3b`);
    addValue(store, 'Subkey3a\\Subkey3b\\Subkey3c', 'String expansion', 2, '%HOME%\\%PATH%\0');
    addValue(store, 'Subkey3a\\Subkey3b\\Subkey3c', 'Zero data type', 0, 'Value\0');
    addValue(store, 'Subkey4', '', 4, dword(0x12345678));
    addValue(store, 'Subkey4', '43981', 0xabcd, 'Value\0');
    expect(exportReg(store, KEY)).toBe(
      `${HEADER}[${KEY}]\r\n"DWORD"=dword:00000100\r\n"String"="Your text here..."\r\n\r\n` +
        `[${KEY}\\Subkey1]\r\n"Binary"=hex:11,22,33,44\r\n"Undefined hex"=hex(100):25,50,41,54,48,25,00\r\n\r\n` +
        `[${KEY}\\Subkey2a]\r\n"double\\"quote"="\\"Hello, World!\\""\r\n"single'quote"=dword:00000008\r\n\r\n` +
        `[${KEY}\\Subkey2a\\Subkey2b]\r\n@="Default value name"\r\n` +
        `"Multiple strings"=hex(7):4c,00,69,00,6e,00,65,00,31,00,00,00,4c,00,69,00,6e,\\\r\n` +
        `  00,65,00,32,00,00,00,4c,00,69,00,6e,00,65,00,33,00,00,00,00,00\r\n\r\n` +
        `[${KEY}\\Subkey3a]\r\n"Backslash"="Use \\\\\\\\ to escape a backslash"\r\n\r\n` +
        `[${KEY}\\Subkey3a\\Subkey3b]\r\n\r\n[${KEY}\\Subkey3a\\Subkey3b\\Subkey3c]\r\n` +
        `"String expansion"=hex(2):25,00,48,00,4f,00,4d,00,45,00,25,00,5c,00,25,00,50,\\\r\n` +
        `  00,41,00,54,00,48,00,25,00,00,00\r\n"Zero data type"=hex(0):56,61,6c,75,65,00\r\n\r\n` +
        `[${KEY}\\Subkey4]\r\n@=dword:12345678\r\n"43981"=hex(abcd):56,61,6c,75,65,00\r\n\r\n`,
    );
  });

  it('key_order_test and value_order_test: subkeys sorted by name, values in the order they were added', () => {
    const store = new RegistryStore();
    store.rawCreateKey(`${KEY}\\Subkey2`);
    store.rawCreateKey(`${KEY}\\Subkey1`);
    addValue(store, '', 'Value 2', 1, 'I was added first!\0');
    addValue(store, '', 'Value 1', 1, 'I was added second!\0');
    expect(exportReg(store, KEY)).toBe(
      `${HEADER}[${KEY}]\r\n"Value 2"="I was added first!"\r\n"Value 1"="I was added second!"\r\n\r\n` +
        `[${KEY}\\Subkey1]\r\n\r\n[${KEY}\\Subkey2]\r\n\r\n`,
    );
  });

  it('empty_hex_test: empty data of each non-string type as an empty hex form', () => {
    const store = new RegistryStore();
    for (const [name, type] of [
      ['Wine1a', 0],
      ['Wine1c', 2],
      ['Wine1d', 3],
      ['Wine1e', 4],
      ['Wine1f', 7],
      ['Wine1g', 0x100],
      ['Wine1h', 0xabcd],
    ] as const)
      addValue(store, '', name, type, '');
    expect(exportReg(store, KEY)).toBe(
      `${HEADER}[${KEY}]\r\n"Wine1a"=hex(0):\r\n"Wine1c"=hex(2):\r\n"Wine1d"=hex:\r\n"Wine1e"=hex(4):\r\n` +
        `"Wine1f"=hex(7):\r\n"Wine1g"=hex(100):\r\n"Wine1h"=hex(abcd):\r\n\r\n`,
    );
  });

  it('hex_types_test: hex(1), hex(3) and hex(4) imported come back in their usual forms; an 8-byte DWORD stays hex(4)', () => {
    const image = WinImage.empty();
    image.registry.importReg(
      fileBytes(
        `Windows Registry Editor Version 5.00\n\n[${KEY}]\n"Wine3a"=hex(1):56,00,61,00,6c,00,75,00,65,00,00,00\n` +
          `"Wine3b"=hex(3):12,34,56,78\n"Wine3c"=hex(4):40,30,20,10\n"Wine3d"=hex(4):80,70,60,50,40,30,20,10\n\n`,
        true,
      ),
    );
    const text = image.registry.exportReg(KEY);
    expect(text).toBe(
      `${HEADER}[${KEY}]\r\n"Wine3a"="Value"\r\n"Wine3b"=hex:12,34,56,78\r\n"Wine3c"=dword:10203040\r\n` +
        `"Wine3d"=hex(4):80,70,60,50,40,30,20,10\r\n\r\n`,
    );
    expect(decodeRegFile(encodeRegFile(text))).toBe(text);
  });

  it('slashes_test and escaped_null_test: / in names, \\ escaped, a key named https://winehq.org', () => {
    const store = new RegistryStore();
    store.rawCreateKey(`${KEY}\\https://winehq.org`);
    addValue(store, '', 'count/up', 1, 'one/two/three\0');
    addValue(store, '', '\\foo\\bar', 1, '\0');
    addValue(store, '', 'Wine5e', 1, 'Value3\\0Value4\0');
    expect(exportReg(store, `HKCU\\${BASE}`)).toBe(
      `${HEADER}[${KEY}]\r\n"count/up"="one/two/three"\r\n"\\\\foo\\\\bar"=""\r\n"Wine5e"="Value3\\\\0Value4"\r\n\r\n` +
        `[${KEY}\\https://winehq.org]\r\n\r\n`,
    );
  });
});
