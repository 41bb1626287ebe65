import { describe, expect, it } from 'vitest';
import { decodePendingRenames } from '../../src/boot/codec.js';

const utf16 = (text: string): Buffer => Buffer.from(text, 'utf16le');
const pairs = (bytes: Uint8Array, value?: 1 | 2) =>
  decodePendingRenames(bytes, value).entries.map((e) => [e.source, e.destination, e.replaceExisting]);

describe('decodePendingRenames', () => {
  it('reads pairs with every field, tagged with value and index', () => {
    const result = decodePendingRenames(utf16('\\??\\C:\\a\0!\\??\\C:\\b\0\\??\\C:\\c\0\0\0'));
    expect(result.problems).toEqual([]);
    expect(result.endsWithDoubleNul).toBe(true);
    expect(result.entries).toEqual([
      {
        source: '\\??\\C:\\a',
        destination: '\\??\\C:\\b',
        replaceExisting: true,
        rawSource: '\\??\\C:\\a',
        rawDestination: '!\\??\\C:\\b',
        value: 1,
        index: 0,
      },
      {
        source: '\\??\\C:\\c',
        destination: null,
        replaceExisting: false,
        rawSource: '\\??\\C:\\c',
        rawDestination: '',
        value: 1,
        index: 1,
      },
    ]);
  });

  it('Q6: does not stop at the empty destination of a delete: every later entry is kept', () => {
    const data = utf16(
      '\\??\\C:\\del1\0\0\\??\\C:\\a\0\\??\\C:\\b\0\\??\\C:\\del2\0\0\\??\\C:\\c\0!\\??\\C:\\d\0\0',
    );
    expect(pairs(data)).toEqual([
      ['\\??\\C:\\del1', null, false],
      ['\\??\\C:\\a', '\\??\\C:\\b', false],
      ['\\??\\C:\\del2', null, false],
      ['\\??\\C:\\c', '\\??\\C:\\d', true],
    ]);
    expect(decodePendingRenames(data).problems).toEqual([]);
  });

  it('B1: value 2 entries are tagged value 2 with their own indexes', () => {
    const result = decodePendingRenames(utf16('\\??\\C:\\a\0\\??\\C:\\b\0\\??\\C:\\c\0\0\0'), 2);
    expect(result.entries.map((e) => [e.value, e.index])).toEqual([
      [2, 0],
      [2, 1],
    ]);
    expect(decodePendingRenames(utf16('\\??\\C:\\a\0\\??\\C:\\b\0\0')).entries[0].value).toBe(1);
  });

  it("ReactOS '@': stripped from a delete's source, on a destination it means replace", () => {
    const result = decodePendingRenames(
      utf16('@\\??\\C:\\gone\0\0\\??\\C:\\a\0@\\??\\C:\\b\0@\\??\\C:\\x\0\\??\\C:\\y\0\0'),
    );
    expect(result.problems).toEqual([]);
    expect(
      result.entries.map((e) => [e.source, e.destination, e.replaceExisting, e.rawSource, e.rawDestination]),
    ).toEqual([
      ['\\??\\C:\\gone', null, false, '@\\??\\C:\\gone', ''],
      ['\\??\\C:\\a', '\\??\\C:\\b', true, '\\??\\C:\\a', '@\\??\\C:\\b'],
      // '@' on a rename's source is not stripped (ReactOS strips it for deletes only)
      ['@\\??\\C:\\x', '\\??\\C:\\y', false, '@\\??\\C:\\x', '\\??\\C:\\y'],
    ]);
  });

  it('an empty or all-NUL value is an empty list without problems', () => {
    for (const data of [new Uint8Array(0), utf16('\0'), utf16('\0\0'), utf16('\0\0\0\0')]) {
      const result = decodePendingRenames(data);
      expect(result.entries).toEqual([]);
      expect(result.problems).toEqual([]);
    }
  });

  it('reads from a view with an odd byteOffset', () => {
    const data = utf16('\\??\\C:\\é\0\\??\\C:\\b\0\0');
    const backing = new Uint8Array(data.length + 1);
    backing.set(data, 1);
    expect(pairs(backing.subarray(1))).toEqual([['\\??\\C:\\é', '\\??\\C:\\b', false]]);
  });
});

describe('decodePendingRenames on damaged data', () => {
  it('odd byte length: the last byte is ignored and reported, entries still read', () => {
    const data = Buffer.concat([utf16('\\??\\C:\\a\0\\??\\C:\\b\0\0'), Buffer.from([0x41])]);
    const result = decodePendingRenames(data);
    expect(result.problems).toEqual([
      { offset: data.length - 1, message: expect.stringMatching(/odd byte length/) },
    ]);
    expect(pairs(data)).toEqual([['\\??\\C:\\a', '\\??\\C:\\b', false]]);
    expect(result.endsWithDoubleNul).toBe(true);
  });

  it('missing final NULs: the unterminated last string is still read', () => {
    const data = utf16('\\??\\C:\\a\0\\??\\C:\\b\0\\??\\C:\\c\0!\\??\\C:\\d');
    const result = decodePendingRenames(data);
    expect(pairs(data)).toEqual([
      ['\\??\\C:\\a', '\\??\\C:\\b', false],
      ['\\??\\C:\\c', '\\??\\C:\\d', true],
    ]);
    expect(result.problems).toEqual([
      { offset: data.length, message: expect.stringMatching(/no terminating NUL/) },
    ]);
    expect(result.endsWithDoubleNul).toBe(false);
  });

  it('B16: a list without its final NUL is read but reported, and does not end in two NULs', () => {
    const data = utf16('\\??\\C:\\a\0\\??\\C:\\b\0');
    const result = decodePendingRenames(data);
    expect(pairs(data)).toEqual([['\\??\\C:\\a', '\\??\\C:\\b', false]]);
    expect(result.problems).toEqual([
      { offset: data.length, message: expect.stringMatching(/no final NUL/) },
    ]);
    expect(result.endsWithDoubleNul).toBe(false);
  });

  it('odd number of strings: the dangling source is a problem at its offset, not an entry', () => {
    const head = '\\??\\C:\\a\0\\??\\C:\\b\0';
    const data = utf16(`${head}\\??\\C:\\dangling\0\0`);
    const result = decodePendingRenames(data);
    expect(pairs(data)).toEqual([['\\??\\C:\\a', '\\??\\C:\\b', false]]);
    expect(result.problems).toEqual([
      { offset: head.length * 2, message: expect.stringMatching(/dangling.*no destination/) },
    ]);
  });

  it('extra NULs after the list and empty pairs are reported, the entries kept', () => {
    const data = utf16('\\??\\C:\\a\0\\??\\C:\\b\0\0\0\0');
    const result = decodePendingRenames(data);
    expect(pairs(data)).toEqual([['\\??\\C:\\a', '\\??\\C:\\b', false]]);
    expect(result.problems.map((p) => p.offset)).toEqual(['\\??\\C:\\a\0\\??\\C:\\b\0'.length * 2]);
  });

  it('an empty source inside the list is reported and its pair skipped; later pairs still read', () => {
    const head = '\\??\\C:\\a\0\\??\\C:\\b\0';
    const data = utf16(`${head}\0\\??\\C:\\orphan\0\\??\\C:\\c\0\\??\\C:\\d\0\0`);
    const result = decodePendingRenames(data);
    expect(result.entries.map((e) => [e.source, e.index])).toEqual([
      ['\\??\\C:\\a', 0],
      ['\\??\\C:\\c', 2],
    ]);
    expect(result.problems).toEqual([
      { offset: head.length * 2, message: expect.stringMatching(/empty source/) },
    ]);
  });
});
