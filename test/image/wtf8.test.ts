import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readWtf8, writeWtf8 } from '../../src/image/wtf8.js';

function encoded(text: string): Buffer {
  const bytes = Buffer.alloc(Buffer.byteLength(text, 'utf8'));
  expect(writeWtf8(bytes, 0, text)).toBe(bytes.length);
  return bytes;
}

const units = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 })
  .map((codes) => String.fromCharCode(...codes));

describe('WTF-8 for entry-table names', () => {
  it('R3: any sequence of UTF-16 units reads back unit for unit', () => {
    fc.assert(
      fc.property(units, (text) => {
        const bytes = encoded(text);
        expect(readWtf8(bytes, 0, bytes.length)).toBe(text);
      }),
    );
  });

  it('writes valid UTF-16 exactly as UTF-8', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(encoded(text).equals(Buffer.from(text, 'utf8'))).toBe(true);
      }),
    );
  });

  it('refuses what the writer never writes: invalid UTF-8, overlong forms, a pair written as two halves', () => {
    for (const bad of [
      [0xff],
      [0xc0, 0x80],
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80, 0xed, 0xb0, 0x80],
      [0xe2, 0x82],
      [0x80],
    ]) {
      expect(readWtf8(Buffer.from(bad), 0, bad.length), bad.join(',')).toBeUndefined();
    }
    expect(readWtf8(Buffer.from([0xed, 0xa0, 0x80, 0x41]), 0, 4)).toBe('\ud800A');
    expect(readWtf8(Buffer.from('\ufffd', 'utf8'), 0, 3)).toBe('\ufffd');
  });
});
