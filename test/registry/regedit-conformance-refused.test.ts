/**
 * Lines Windows' regedit skips (Wine's programs/regedit/tests/regedit.c expects the value or
 * key not to exist) or stops at. svcpack refuses the whole file instead, with an InputError
 * naming the line, and changes nothing: the project's rule for bad input.
 */

import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import { WinImage } from '../../src/machine/index.js';
import { BASE, fileBytes, KEY, V4 } from './regedit-helpers.js';

/** Lines regedit skips (the test expects the value or key not to exist) or stops at. */
const REFUSED: [wine: string, file: string, line: number][] = [
  [
    'test_basic_import Wine9c (no comma before \\)',
    `${V4}"Wine9c"=hex(2):4c,69,6e,65\\\n"Wine9d"="Value 2"\n`,
    4,
  ],
  ['test_basic_import Wine1-4 (a # line)', `${V4}"Wine2"="Test Value"\n#comment\n@="Test"\n`, 5],
  ['test_basic_import Wine13i (hex type over 32 bits)', `${V4}"Wine13i"=hex(100000000):56,61\n`, 4],
  ['test_basic_import Wine13j (hex(0x2))', `${V4}"Wine13j"=hex(0x2):56,61\n`, 4],
  ['test_invalid_import TestNoEndQuote', `${V4}"TestNoEndQuote"="Asdffdsa\n`, 4],
  ['test_invalid_import TestNoBeginQuote', `${V4}"TestNoBeginQuote"=Asdffdsa"\n`, 4],
  ['test_invalid_import NameNoEndQuote', `${V4}"NameNoEndQuote="Asdffdsa"\n`, 4],
  ['test_invalid_import NameNoBeginQuote', `${V4}NameNoBeginQuote"="Asdffdsa"\n`, 4],
  ['test_invalid_import MixedQuotes', `${V4}"MixedQuotes=Asdffdsa"\n`, 4],
  ...[
    'REGEDIT3',
    'regedit4',
    'REGEDIT 4',
    'REGEDIT4FOO',
    'REGEDIT4 FOO',
    'REGEDIT5',
    'Windows Registry Editor Version 4.00',
    'Windows Registry Editor Version 5',
    'WINDOWS REGISTRY EDITOR VERSION 5.00',
    'Windows Registry Editor version 5.00',
    'REGEDIT',
  ].map((header): [string, string, number] => [
    `test_invalid_import header '${header}' (REGEDIT: the Windows 3.1 form)`,
    `${header}\n\n[${KEY}]\n"Test1"="Value"\n`,
    1,
  ]),
  [
    'test_invalid_import Multi-Line2 (continuation line starts with a comma)',
    `${V4}"Multi-Line2"=hex(7):4c,69,\\\n  ,63,6f,00,00\n`,
    5,
  ],
  ...[
    '',
    'hello',
    '123456789',
    '012345678',
    '000000001',
    '12345678abc',
    '12345678 abc',
    '0x123',
    '123 456',
    '1234#5678',
  ].map((data): [string, string, number] => [
    `test_invalid_import / test_comments dword:${data}`,
    `${V4}"Test12"=dword:${data}\n`,
    4,
  ]),
  ['test_invalid_import Test15a ("foo"bar")', `${V4}"Test15a"="foo"bar"\n`, 4],
  ['test_invalid_import Test16a (nothing after =)', `${V4}"Test16a"=\n`, 4],
  ['test_invalid_import Test17a (a name continued with \\)', `${V4}"Test\\\n17a"="Value 1"\n`, 4],
  ['test_invalid_import Test18b (a string continued with \\)', `${V4}"Test18b"="Test \\\nValue"\n`, 4],
  ['test_invalid_import Test19d (a byte split across lines)', `${V4}"Test19d"=hex(0):56,00,7\\\n5,00\n`, 4],
  [
    'test_invalid_import Test19f (\\#comment)',
    `${V4}"Test19f"=hex(0):56,00,\\;comment\n  6c,00,\\#comment\n  65,00\n`,
    5,
  ],
  ['test_invalid_import Wine22a (a byte over ff)', `${V4}"Wine22a"=hex(0):25,50,100,54\n`, 4],
  ['test_invalid_import Wine23a-k (stray backslashes)', `${V4}"Wine23b"=hex(2):25,48,\\4f,4d\n`, 4],
  [
    'test_invalid_import Wine24a (a key line after a continuation)',
    `${V4}"Wine24a"=hex(2):4c,69,\\\n[${KEY}\\Subkey1]\n`,
    5,
  ],
  [
    'test_invalid_import Wine25c (a value line after ;comment after a continuation)',
    `${V4}"Wine25c"=hex(2):4c,\\\n;comment\n"Wine25d"="Test value"\n`,
    6,
  ],
  ['test_invalid_import Wine29a (a lone \\ line)', `${V4}"Wine29a"=hex:11,22,33,\\\n\\\n  44,55,66\n`, 5],
  ['test_invalid_import Wine30a (/ for \\)', `${V4}"Wine30a"=hex(0):25,48,/\n  25,00\n`, 4],
  ['test_invalid_import Wine33a ("\\0" in a string)', `${V4}"Wine33a"="\\0"\n`, 4],
  ['test_comments Wine3 (# after a string)', `${V4}"Wine3"="Value 1"#comment\n`, 4],
  ['test_comments Wine13 (# before the data)', `${V4}"Wine13"=#"Value 8"\n`, 4],
  [
    'test_comments Multi-Line2 (hex data after a line ending in a comma)',
    `${V4}"Multi-Line2"=hex(7):4c,69,\\\n  63,61,74,;comment\n  65,6e,00,00\n`,
    6,
  ],
  ['test_comments Wine28b (5c\\ without a comma)', `${V4}"Wine28b"=hex(2):25,48,5c\\\n  25,50,00\n`, 4],
  ['test_key_creation_and_deletion No_Opening_Bracket', `REGEDIT4\n\n${KEY}\\No_Opening_Bracket]\n`, 3],
  ['test_key_creation_and_deletion No_Closing_Bracket', `REGEDIT4\n\n[${KEY}\\No_Closing_Bracket\n`, 3],
  ['test_key_creation_and_deletion Subkey1a ([ HKEY...])', `REGEDIT4\n\n[ ${KEY}\\Subkey1a]\n`, 3],
  ['test_key_creation_and_deletion Subkey1f (two trailing \\)', `REGEDIT4\n\n[${KEY}\\Subkey1f\\\\]\n`, 3],
  ['test_key_creation_and_deletion Subkey2a ([- HKEY...])', `REGEDIT4\n\n[- ${KEY}\\Subkey2a]\n`, 3],
  [
    'test_key_creation_and_deletion Subkey4b (HKEY_CURRENT_USERS)',
    `REGEDIT4\n\n[HKEY_CURRENT_USERS\\${BASE}\\Subkey4b]\n"Wine1b"=dword:12345678\n`,
    3,
  ],
  ['test_value_deletion Wine46d ("v"=-"Test")', `${V4}"Wine46d"=-"Test"\n`, 4],
  ['test_value_deletion Wine46f ("v"=- #comment)', `${V4}"Wine46f"=- #comment\n`, 4],
];

describe('lines regedit skips: svcpack refuses the file, naming the line, and changes nothing', () => {
  for (const [wine, file, line] of REFUSED) {
    it(wine, () => {
      const image = WinImage.empty();
      const before = image.digest();
      let error: unknown;
      try {
        image.registry.importReg(fileBytes(file, false), 'test.reg');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).problems[0].where).toMatch(new RegExp(`^${line}:`));
      expect(image.digest()).toBe(before);
    });
  }
});
