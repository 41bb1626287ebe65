/**
 * `.reg` import checked against what Windows' regedit does, as Wine's conformance tests record
 * it: wine-mirror/wine programs/regedit/tests/regedit.c (run on real Windows; each case names
 * its test function and value). A case is a file `regedit /s` imports and the values
 * `verify_reg` then reads with RegQueryValueExA: string data is given as those ANSI bytes
 * (the registry holds them UTF-16LE). Where regedit skips a bad line and goes on, svcpack
 * refuses the whole file with an InputError naming the line and changes nothing (the
 * project's rule for bad input); those cases are in regedit-conformance-refused.test.ts.
 */

import { describe, expect, it } from 'vitest';
import { WinImage } from '../../src/machine/index.js';
import {
  BASE,
  dw,
  expectValues,
  fileBytes,
  importFile,
  KEY,
  LINE_CONCAT,
  V4,
  V5,
  SZ,
  EXPAND,
  BINARY,
  DWORD,
  MULTI,
  type Expected,
} from './regedit-helpers.js';

interface ImportCase {
  wine: string;
  text: string;
  unicode?: boolean;
  values: Expected[];
}

const IMPORTS: ImportCase[] = [
  {
    wine: 'test_basic_import TestValue (LF)',
    text: `${V4}"TestValue"="AValue"\n`,
    values: [['TestValue', SZ, 'AValue\0']],
  },
  {
    wine: 'test_basic_import TestValue2 (CRLF)',
    text: `REGEDIT4\r\n\r\n[${KEY}]\r\n"TestValue2"="BValue"\r\n`,
    values: [['TestValue2', SZ, 'BValue\0']],
  },
  {
    wine: 'test_basic_import TestValue3 (5.00 header in an ANSI file)',
    text: `${V5}"TestValue3"="Value"\n`,
    values: [['TestValue3', SZ, 'Value\0']],
  },
  {
    wine: 'test_basic_import TestValue4 (CR only)',
    text: `REGEDIT4\r\r[${KEY}]\r"TestValue4"="DValue"\r`,
    values: [['TestValue4', SZ, 'DValue\0']],
  },
  {
    wine: 'test_basic_import TestDword, TestBinary, With=Equals, Empty string, ""=',
    text: `${V4}"TestDword"=dword:00000017\n"TestBinary"=hex:aa,bb,cc,11\n"With=Equals"="asdf"\n"Empty string"=""\n""="Default registry value"\n\n`,
    values: [
      ['TestDword', DWORD, dw(0x17)],
      ['TestBinary', BINARY, '\xaa\xbb\xcc\x11'],
      ['With=Equals', SZ, 'asdf\0'],
      ['Empty string', SZ, '\0'],
      ['', SZ, 'Default registry value\0'],
    ],
  },
  {
    wine: 'test_basic_import Line1-Line4 (blank lines), Wine5 (no final newline), Wine8a/b',
    text: `${V4}"Line1"="Value1"\n\n"Line2"="Value2"\n\n\n"Wine8a"=dword:1\n"Wine8b"=dword:4444\n"Wine5"="No newline"`,
    values: [
      ['Line1', SZ, 'Value1\0'],
      ['Line2', SZ, 'Value2\0'],
      ['Wine8a', DWORD, dw(1)],
      ['Wine8b', DWORD, dw(0x4444)],
      ['Wine5', SZ, 'No newline\0'],
    ],
  },
  {
    wine: 'test_basic_import Wine3, Wine9a, double"quote, single\'quote',
    text:
      `${V4}"Wine3"=hex(7):4c,69,6e,65,20,\\\n  63,6f,6e,63,61,74,65,6e,61,74,69,6f,6e,00,00\n` +
      `"Wine9a"=hex(2):4c,69,6e,65,00\n"double\\"quote"="valid \\"or\\" not"\n"single'quote"=dword:00000008\n`,
    values: [
      ['Wine3', MULTI, LINE_CONCAT],
      ['Wine9a', EXPAND, 'Line\0'],
      ['double"quote', SZ, 'valid "or" not\0'],
      ["single'quote", DWORD, dw(8)],
    ],
  },
  {
    wine: 'test_basic_import Wine10a-c, Wine11a-c, Wine12a-c (continuations, \\;comment)',
    text:
      `${V4}"Wine10a"=hex(0):56,00,61,00,6c,00,75,00,65,00,00,00\n` +
      `"Wine10b"=hex(0):56,00,61,00,6c,00,\\\n  75,00,65,00,00,00\n` +
      `"Wine10c"=hex(0):56,00,61,00,\\;comment\n  6c,00,75,00,\\\n  65,00,00,00\n` +
      `"Wine11b"=hex(2):25,50,41,\\\n  54,48,25,00\n` +
      `"Wine11c"=hex(2):25,50,41,\\;comment\n  54,48,\\\n  25,00\n` +
      `"Wine12c"=hex:11,22,33,44,\\;comment\n  55,66,\\\n  77,88\n`,
    values: [
      ['Wine10a', 0, 'V\0a\0l\0u\0e\0\0\0'],
      ['Wine10b', 0, 'V\0a\0l\0u\0e\0\0\0'],
      ['Wine10c', 0, 'V\0a\0l\0u\0e\0\0\0'],
      ['Wine11b', EXPAND, '%PATH%\0'],
      ['Wine11c', EXPAND, '%PATH%\0'],
      ['Wine12c', BINARY, '\x11\x22\x33\x44\x55\x66\x77\x88'],
    ],
  },
  {
    wine: 'test_basic_import Wine13a-h (hex(N) from 0 to ffffffff)',
    text: `${V4}${['0', '10', '100', '1000', '7fff', 'ffff', '7fffffff', 'ffffffff'].map((t) => `"Wine13-${t}"=hex(${t}):56,61,6c,75,65,00\n`).join('')}`,
    values: [0, 0x10, 0x100, 0x1000, 0x7fff, 0xffff, 0x7fffffff, 0xffffffff].map((t): Expected => [
      `Wine13-${t.toString(16)}`,
      t,
      'Value\0',
    ]),
  },
  {
    wine: 'test_basic_import Wine14a/b, Wine15, Wine16 (blanks before \\, trailing comma, hex(2):\\)',
    text:
      `${V4}"Wine14a"=hex(7):4c,69,6e,65,20,  \\\n  63,6f,6e,63,61,74,65,6e,61,74,69,6f,6e,00,00\n` +
      `"Wine14b"=hex(7):4c,69,6e,65,20,\t\\\n  63,6f,6e,63,61,74,65,6e,61,74,69,6f,6e,00,00\n` +
      `"Wine15"=hex(2):25,50,41,54,48,25,00,\n\n"Wine16"=hex(2):\\\n  25,48,4f,4d,45,25,00\n\n`,
    values: [
      ['Wine14a', MULTI, LINE_CONCAT],
      ['Wine14b', MULTI, LINE_CONCAT],
      ['Wine15', EXPAND, '%PATH%\0'],
      ['Wine16', EXPAND, '%HOME%\0'],
    ],
  },
  {
    wine: 'test_basic_import Wine17a (continuation at the end of the file)',
    text: `${V4}"Wine17a"=hex(0):56,61,6c,75,65,\\`,
    values: [['Wine17a', 0, 'Value']],
  },
  {
    wine: 'test_basic_import Wine17c',
    text: `${V4}"Wine17c"=hex:11,22,33,44,55,\\`,
    values: [['Wine17c', BINARY, '\x11\x22\x33\x44\x55']],
  },
  {
    wine: 'test_basic_import Wine17e',
    text: `${V4}"Wine17e"=hex(100):56,61,6c,75,65,\\`,
    values: [['Wine17e', 0x100, 'Value']],
  },
  {
    wine: 'test_basic_import Wine18a-c, Wine19a-c, Wine20c-f, Wine21c-d (terminated strings)',
    text:
      `${V4}"Wine18a"=hex(7):4c,69,6e,65,00,00\n"Wine18c"=hex(7):4c,69,6e,65,20,\\;comment\n  63,6f,6e,63,61,74,\\\n  65,6e,61,74,69,6f,6e,00,00\n` +
      `"Wine19a"=hex(100):25,50,41,54,48,25,00\n"Wine19c"=hex(100):25,50,41,\\;comment\n  54,48,\\\n  25,00\n` +
      `"Wine20c"=hex(7):4c,69,6e,65,00\n"Wine20d"=hex(7):4c,69,6e,65,00,\n"Wine20e"=hex(7):4c,69,6e,65,00,00\n"Wine20f"=hex(7):4c,69,6e,65,00,00,\n` +
      `"Wine21c"=hex(2):25,50,41,54,48,25,00\n"Wine21d"=hex(2):25,50,41,54,48,25,00,\n\n`,
    values: [
      ['Wine18a', MULTI, 'Line\0\0'],
      ['Wine18c', MULTI, LINE_CONCAT],
      ['Wine19a', 0x100, '%PATH%\0'],
      ['Wine19c', 0x100, '%PATH%\0'],
      ['Wine20c', MULTI, 'Line\0'],
      ['Wine20d', MULTI, 'Line\0'],
      ['Wine20e', MULTI, 'Line\0\0'],
      ['Wine20f', MULTI, 'Line\0\0'],
      ['Wine21c', EXPAND, '%PATH%\0'],
      ['Wine21d', EXPAND, '%PATH%\0'],
    ],
  },
  {
    wine: 'test_basic_import Wine22a-i (empty hex data of every type)',
    text: `${V4}${['1', '2', '3', '4', '7', '100', 'abcd'].map((t) => `"Wine22-${t}"=hex(${t}):\n`).join('')}"Wine22h"=hex:\n"Wine22i"=hex(0):\n\n`,
    values: [
      ...[1, 2, 3, 4, 7, 0x100, 0xabcd].map((t): Expected => [`Wine22-${t.toString(16)}`, t, '']),
      ['Wine22h', BINARY, ''],
      ['Wine22i', 0, ''],
    ],
  },
  {
    wine: 'test_basic_import Wine23a-f (escaped backslash before 0), count/up, \\foo\\bar',
    text: `${V4}"Wine23a"="\\\\0"\n"Wine23e"="Value3\\\\0Value4"\n"count/up"="one/two/three"\n"\\\\foo\\\\bar"=""\n\n`,
    values: [
      ['Wine23a', SZ, '\\0\0'],
      ['Wine23e', SZ, 'Value3\\0Value4\0'],
      ['count/up', SZ, 'one/two/three\0'],
      ['\\foo\\bar', SZ, '\0'],
    ],
  },
  {
    wine: 'test_basic_import_unicode Wine3, Wine9a, Wine11a, Wine21c (UTF-16 data)',
    unicode: true,
    text:
      `${V5}"Wine3"=hex(7):4c,00,69,00,6e,00,65,00,20,00,\\\n  63,00,6f,00,6e,00,63,00,61,00,74,00,\\\n` +
      `  65,00,6e,00,61,00,74,00,69,00,6f,00,6e,00,00,00,00,00\n"Wine9a"=hex(2):4c,00,69,00,6e,00,65,00,00,00\n` +
      `"Wine11a"=hex(2):25,00,50,00,41,00,54,00,48,00,25,00,00,00\n"Wine4"=dword:12345678\n\n`,
    values: [
      ['Wine3', MULTI, LINE_CONCAT],
      ['Wine9a', EXPAND, 'Line\0'],
      ['Wine11a', EXPAND, '%PATH%\0'],
      ['Wine4', DWORD, dw(0x12345678)],
    ],
  },
  {
    wine: 'test_basic_import (Wine 1.3) TestValue3, TestValue5: U+3041 in a 5.00 file, LF and CR',
    unicode: true,
    text: `${V5}"TestValue3"="\u3041Value"\n`.replace(/\n/g, '\r'),
    values: [['TestValue3', SZ, '\u3041Value\0']],
  },
  {
    wine: 'test_comments Wine2, Wine4, Wine6, Wine9, Wine15-20, Wine24, Wine25a/b, Wine26a/b',
    text:
      `${V4};comment\\\n"Wine2"="Line 2"\n"Wine4"="Value 2";comment\n"Wine6"=dword:02040608 ;comment\n` +
      `"Wine9"=hex(7):4c,69,6e,65,20,\\\n  ;comment\n  63,6f,6e,63,61,74,65,6e,61,74,69,6f,6e,00,00\n` +
      `"Wine15"="#comment1"\n"Wine16"=";comment2"\n"Wine19"="Value #comment5"\n"Wine20"="Value ;comment6"\n` +
      `"Wine24"=dword:00000004;comment\n"Wine25a"=dword:1234;5678\n"Wine25b"=dword:1234 ;5678\n` +
      `"Wine26a"="Value1"  ;comment\n"Wine26b"="Value2"\t\t;comment\n\n`,
    values: [
      ['Wine2', SZ, 'Line 2\0'],
      ['Wine4', SZ, 'Value 2\0'],
      ['Wine6', DWORD, dw(0x2040608)],
      ['Wine9', MULTI, LINE_CONCAT],
      ['Wine15', SZ, '#comment1\0'],
      ['Wine16', SZ, ';comment2\0'],
      ['Wine19', SZ, 'Value #comment5\0'],
      ['Wine20', SZ, 'Value ;comment6\0'],
      ['Wine24', DWORD, dw(4)],
      ['Wine25a', DWORD, dw(0x1234)],
      ['Wine25b', DWORD, dw(0x1234)],
      ['Wine26a', SZ, 'Value1\0'],
      ['Wine26b', SZ, 'Value2\0'],
    ],
  },
  {
    wine: 'test_comments Multi-Line3, Multi-Line4, Multi-Line6, Wine27a/b, Wine28a/c/e, Wine29a',
    text:
      `${V4}"Multi-Line3"=hex(7):4c,69,6e,\\;comment\n  65,20,\\;comment\n  63,6f,6e,\\;comment\n  63,61,74,\\;comment\n  65,6e,61,74,69,6f,6e,00,00\n` +
      `"Multi-Line4"=hex(7):4c,69,6e,\\;#comment\n  65,20,\\;#comment\n  63,6f,6e,\\;#comment\n  63,61,74,\\;#comment\n  65,6e,61,74,69,6f,6e,00,00\n` +
      `"Multi-Line6"=hex(7):4c,69,6e,65,20,\\\n  63,6f,6e,\\;comment\n  63,61,74,\\\n\n  65,6e,\\;comment\n\n  61,74,69,6f,6e,00,00\n` +
      `"Wine27a"=hex(2):25,50,41,54,48,25,00  ;comment\n"Wine27b"=hex(2):25,50,41,54,48,25,00\t;comment\n` +
      `"Wine28a"=hex(2):25,48,4f,4d,45,25,5c,\\\n  25,50,41,54,48,25,00\n` +
      `"Wine28c"=hex(2):25,48,4f,4d,45,25,5c,  \\  ;comment\n  25,50,41,54,48,25,00\n` +
      `"Wine28e"=hex(2):25,48,4f,4d,45,25,5c,\\\t  ;comment\n  25,50,41,54,48,25,00\n` +
      `"Wine29a"=hex(7):4c,69,6e,65,20,\\\n  63,6f,6e,63,61,74,\\\n;comment\n  65,6e,\\;comment\n  61,74,69,6f,6e,00,00\n\n`,
    values: [
      ['Multi-Line3', MULTI, LINE_CONCAT],
      ['Multi-Line4', MULTI, LINE_CONCAT],
      ['Multi-Line6', MULTI, LINE_CONCAT],
      ['Wine27a', EXPAND, '%PATH%\0'],
      ['Wine27b', EXPAND, '%PATH%\0'],
      ['Wine28a', EXPAND, '%HOME%\\%PATH%\0'],
      ['Wine28c', EXPAND, '%HOME%\\%PATH%\0'],
      ['Wine28e', EXPAND, '%HOME%\\%PATH%\0'],
      ['Wine29a', MULTI, LINE_CONCAT],
    ],
  },
  {
    wine: 'test_import_with_whitespace Wine4a-c, Wine5a-d, Wine6a-c, Wine7a/b, Wine8a/b, Wine9a/b, @, Wine10b',
    text:
      `  \t REGEDIT4\n\n\t\t\t[${KEY}]\n\t    "Wine4a"="Tab and four spaces"\n    "Wine4b"=dword:00112233\n` +
      `\t  \t  "Wine4c"=hex(7):4c,69,6e,65,20,\\\n        63,6f,6e,\\;comment\n\t\t\t\t63,61,74,\\;comment\n  \t65,6e,61,74,69,6f,6e,00,00\n` +
      `\t\t"Wine5b"\t\t="Leading tabs"\n    "Wine5d"    \t    =    \t    "More whitespace"\n` +
      `  "  Wine6c  "  =  "  Spaces everywhere  "  \n"Wine7b"="\t\tTwo tabs in the data"\n` +
      `"Wine8b"="Trailing tabs and spaces"\t  \t\n"Wine9a"=dword:  00000008\n"Wine9b"=dword:\t\t00000008\n` +
      `@  =  "Test Value"\n"Wine10b"=hex(7):4c,69,6e,65,20,\\\n  63,6f,6e,\\\n \n  63,61,74,\\\n\t\n\t\n` +
      `  65,6e,\\\n\t \t\n\t \t\n  61,74,69,6f,6e,00,00\n\n`,
    values: [
      ['Wine4a', SZ, 'Tab and four spaces\0'],
      ['Wine4b', DWORD, dw(0x112233)],
      ['Wine4c', MULTI, LINE_CONCAT],
      ['Wine5b', SZ, 'Leading tabs\0'],
      ['Wine5d', SZ, 'More whitespace\0'],
      ['  Wine6c  ', SZ, '  Spaces everywhere  \0'],
      ['Wine7b', SZ, '\t\tTwo tabs in the data\0'],
      ['Wine8b', SZ, 'Trailing tabs and spaces\0'],
      ['Wine9a', DWORD, dw(8)],
      ['Wine9b', DWORD, dw(8)],
      ['', SZ, 'Test Value\0'],
      ['Wine10b', MULTI, LINE_CONCAT],
    ],
  },
  {
    wine: 'test_import_with_whitespace \\t@\\t=\\tdword:\\t00000008\\t',
    text: `${V4}\t@\t=\tdword:\t00000008\t\n\n`,
    values: [['', DWORD, dw(8)]],
  },
];

describe('regedit import conformance (Wine programs/regedit/tests/regedit.c)', () => {
  for (const { wine, text, unicode, values } of IMPORTS) {
    it(wine, () => expectValues(importFile(text, unicode), values));
  }
});

describe('regedit key and value creation and deletion conformance', () => {
  it('test_key_creation_and_deletion Subkey1c/1d/1e: trailing blanks are part of the name, one trailing \\ is not', () => {
    const image = importFile(
      `REGEDIT4\n\n[${KEY}\\Subkey1c ]\n[${KEY}\\Subkey1d\t]\n[${KEY}\\Subkey1e\\]\n"Wine"="Test value"\n\n`,
    );
    expect(image.registry.listSubkeys(KEY).sort()).toEqual(['Subkey1c ', 'Subkey1d\t', 'Subkey1e']);
    expectValues(image, [['Wine', SZ, 'Test value\0']], `${KEY}\\Subkey1e`);
  });

  it('test_key_creation_and_deletion Subkey2a/2b, 3a/3b, 4a: [-KEY] deletes in any case; values under it are ignored', () => {
    const image = WinImage.empty();
    const load = (text: string): number => image.registry.importReg(fileBytes(text, false));
    load(
      `REGEDIT4\n\n[${KEY}\\Subkey2a]\n\n[hkey_CURRENT_user\\${BASE}\\Subkey3a]\n\n[HkEy_CuRrEnT_uSeR\\${BASE}\\SuBkEy3b]\n\n`,
    );
    expect(image.registry.listSubkeys(KEY).sort()).toEqual(['Subkey2a', 'Subkey3a', 'SuBkEy3b'].sort());
    load(
      `REGEDIT4\n\n[-HKEY_CURRENT_USER\\${BASE}\\Subkey2a]\n"Wine1a"=dword:12345678\n\n` +
        `[-HKEY_current_USER\\${BASE}\\sUBKEY3A]\n\n[-hKeY_cUrReNt_UsEr\\${BASE}\\sUbKeY3B]\n\n`,
    );
    expect(image.registry.listSubkeys(KEY)).toEqual([]);
    expect(image.registry.listValues(KEY)).toEqual([]);
  });

  it('test_value_deletion Wine46a/b/c/e: "v"=- with blanks and a ; comment deletes the value', () => {
    const image = WinImage.empty();
    const load = (text: string): number => image.registry.importReg(fileBytes(text, true));
    const names = ['Wine46a', 'Wine46b', 'Wine46c', 'Wine46e', 'Kept'];
    load(`${V5}${names.map((name) => `"${name}"=dword:00000008\n`).join('')}`);
    load(`${V5}"Wine46a"=-\n"Wine46b"=  -\n"Wine46c"=  \t-\t  \n"Wine46e"=- ;comment\n\n`);
    expect(image.registry.listValues(KEY)).toEqual(['Kept']);
  });
});
