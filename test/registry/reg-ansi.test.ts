/**
 * REGEDIT4 files are in the ANSI code page, which on a Western Windows 2000 is Windows-1252:
 * regedit reads them with MultiByteToWideChar(CP_ACP) and writes them with WideCharToMultiByte
 * (wine-mirror/wine programs/regedit/regproc.c, GetWideString and REGPROC_write_line). Bytes
 * 0x80-0x9F are not the C1 controls of ISO-8859-1 but € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™
 * š › œ ž Ÿ (Microsoft's cp1252 table, bestfit1252.txt; the WHATWG Encoding Standard's
 * index-windows-1252 agrees, and maps the five unassigned bytes 0x81 0x8D 0x8F 0x90 0x9D to
 * U+0081 etc. as MultiByteToWideChar does). Node's own TextDecoder('windows-1252') cannot be the
 * reference: since 20.18.3 it decodes ISO-8859-1 (nodejs/node#56542, #60888).
 */

import { describe, expect, it } from 'vitest';
import { WinImage } from '../../src/machine/index.js';
import {
  decodeRegFile,
  encodeRegFile,
  exportReg,
  formatRegValue,
  RegistryStore,
} from '../../src/registry/index.js';
import { raw } from './helpers.js';

const HIGH = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
/** What bytes 0x80-0x9F are in Windows-1252 (WHATWG index-windows-1252, pointers 0-31). */
const HIGH_TEXT = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const KEY = 'HKEY_CURRENT_USER\\Software\\Ansi';

describe('REGEDIT4 files in Windows-1252', () => {
  it('decodes bytes 0x80-0x9F as Windows-1252 does', () => {
    const file = Buffer.concat([Buffer.from('REGEDIT4\r\n'), HIGH]);
    expect(HIGH_TEXT.length).toBe(32);
    expect(decodeRegFile(file)).toBe(`REGEDIT4\r\n${HIGH_TEXT}`);
  });

  it('encodes every Windows-1252 character back to its byte, and refuses one it lacks', () => {
    const text = `REGEDIT4\r\n${HIGH_TEXT}`;
    expect([...encodeRegFile(text).subarray(10)]).toEqual([...HIGH]);
    expect(() => encodeRegFile('REGEDIT4\r\n"a"="\u0080"\r\n')).toThrow(/2:6: character U\+0080/);
  });

  it('imports byte 0x80 of a REGEDIT4 file as €, in strings, names, keys and hex(2) data', () => {
    const image = WinImage.empty();
    const file = Buffer.concat([
      Buffer.from(`REGEDIT4\r\n\r\n[${KEY}\\`),
      Uint8Array.of(0x80),
      Buffer.from(']\r\n"'),
      Uint8Array.of(0x99),
      Buffer.from('"="'),
      Uint8Array.of(0x80),
      Buffer.from('"\r\n"x"=hex(2):80,9c,00\r\n'),
    ]);
    image.registry.importReg(file, 'ansi.reg');
    expect(image.registry.getValue(`${KEY}\\€`, '™')).toEqual({ type: 'REG_SZ', data: '€' });
    expect(image.registry.getValue(`${KEY}\\€`, 'x')).toEqual({ type: 'REG_EXPAND_SZ', data: '€œ' });
  });

  it('exports € as byte 0x80 and reads it back, in strings, names and hex(2)/hex(7) data', () => {
    const store = new RegistryStore();
    store.rawSetValue(`${KEY}\\Š`, '€', raw('REG_SZ', 'price: 5 €'));
    store.rawSetValue(`${KEY}\\Š`, 'expand', raw('REG_EXPAND_SZ', '%€%'));
    store.rawSetValue(`${KEY}\\Š`, 'multi', raw('REG_MULTI_SZ', ['Ÿ', '–']));
    const text = exportReg(store, KEY, { format: 'REGEDIT4' });
    expect(text).toContain(
      '"€"="price: 5 €"\r\n"expand"=hex(2):25,80,25,00\r\n"multi"=hex(7):9f,00,96,00,00\r\n',
    );
    const bytes = encodeRegFile(text);
    expect(bytes.length).toBe(text.length);
    expect([bytes[text.indexOf('€')], bytes[text.indexOf('Š')]]).toEqual([0x80, 0x8a]);
    const image = WinImage.empty();
    image.registry.importReg(bytes, 'ansi.reg');
    expect(image.registry.getValue(`${KEY}\\Š`, '€')).toEqual({ type: 'REG_SZ', data: 'price: 5 €' });
    expect(image.registry.getValue(`${KEY}\\Š`, 'expand')).toEqual({ type: 'REG_EXPAND_SZ', data: '%€%' });
    expect(image.registry.getValue(`${KEY}\\Š`, 'multi')).toEqual({ type: 'REG_MULTI_SZ', data: ['Ÿ', '–'] });
  });

  it('writes a character Windows-1252 lacks as ? in names and hex(2)/hex(7) data, as WideCharToMultiByte does', () => {
    expect(formatRegValue('\u0080\u0100', raw('REG_EXPAND_SZ', '\u2603\u0080'), 'REGEDIT4')).toBe(
      '"??"=hex(2):3f,3f,00',
    );
    expect(formatRegValue('s', raw('REG_SZ', '\u0080'), 'REGEDIT4')).toBe('"s"=hex(1):80,00,00,00');
  });
});
