import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import { decodePendingRenames, encodePendingRenames } from '../../src/boot/codec.js';

/** The value as a JS string with explicit NULs, encoded independently of the codec. */
const utf16 = (text: string): Buffer => Buffer.from(text, 'utf16le');

describe('encodePendingRenames', () => {
  it('writes a plain rename as src NUL dst NUL then the list NUL', () => {
    const bytes = encodePendingRenames([
      { source: '\\??\\C:\\WINNT\\a.tmp', destination: '\\??\\C:\\WINNT\\a.dll', replaceExisting: false },
    ]);
    expect(Buffer.from(bytes).equals(utf16('\\??\\C:\\WINNT\\a.tmp\0\\??\\C:\\WINNT\\a.dll\0\0'))).toBe(true);
  });

  it("B4: a replace entry is written with '!' before the destination", () => {
    const bytes = encodePendingRenames([
      { source: '\\??\\C:\\x.new', destination: '\\??\\C:\\x.dll', replaceExisting: true },
    ]);
    expect(Buffer.from(bytes).equals(utf16('\\??\\C:\\x.new\0!\\??\\C:\\x.dll\0\0'))).toBe(true);
  });

  it('Q6: a delete entry has an empty destination, also in the middle of the list', () => {
    const bytes = encodePendingRenames([
      { source: '\\??\\C:\\a', destination: '\\??\\C:\\b', replaceExisting: false },
      { source: '\\??\\C:\\gone.dll', destination: null, replaceExisting: false },
      { source: '\\??\\C:\\c', destination: '\\??\\C:\\d', replaceExisting: true },
    ]);
    expect(Buffer.from(bytes).toString('hex')).toBe(
      utf16('\\??\\C:\\a\0\\??\\C:\\b\0\\??\\C:\\gone.dll\0\0\\??\\C:\\c\0!\\??\\C:\\d\0\0').toString('hex'),
    );
  });

  it("a delete at the end ends in three NUL units; '!' never marks a delete", () => {
    const bytes = encodePendingRenames([
      { source: '\\??\\C:\\gone', destination: null, replaceExisting: true },
    ]);
    expect(Buffer.from(bytes).equals(utf16('\\??\\C:\\gone\0\0\0'))).toBe(true);
  });

  it('an empty list is a single NUL', () => {
    expect([...encodePendingRenames([])]).toEqual([0, 0]);
  });

  it('round-trips byte for byte: deletes in the middle, replaces and non-ASCII names', () => {
    const entries = [
      {
        source: '\\??\\C:\\WINNT\\system32\\Ünïcødé.dll',
        destination: '\\??\\C:\\WINNT\\系统.dll',
        replaceExisting: true,
      },
      { source: '\\??\\D:\\temp\\😀.tmp', destination: null, replaceExisting: false },
      { source: '\\??\\C:\\Program Files\\Ölfaß\\x', destination: '\\??\\C:\\y', replaceExisting: false },
      { source: '\\??\\C:\\deleted\\too', destination: null, replaceExisting: false },
    ];
    const bytes = encodePendingRenames(entries);
    const decoded = decodePendingRenames(bytes);
    expect(decoded.problems).toEqual([]);
    expect(
      decoded.entries.map((e) => ({
        source: e.source,
        destination: e.destination,
        replaceExisting: e.replaceExisting,
      })),
    ).toEqual(entries);
    expect(Buffer.from(encodePendingRenames(decoded.entries)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('refuses entries it cannot store, listing every problem with where it is', () => {
    const attempt = (): Uint8Array =>
      encodePendingRenames([
        { source: '', destination: null, replaceExisting: false },
        { source: '\\??\\C:\\a\0b', destination: '\\??\\C:\\c', replaceExisting: false },
        { source: '\\??\\C:\\a', destination: '', replaceExisting: false },
      ]);
    expect(attempt).toThrow(InputError);
    try {
      attempt();
    } catch (error) {
      expect((error as InputError).problems.map((p) => p.where)).toEqual([
        'entries[0].source',
        'entries[1].source',
        'entries[2].destination',
      ]);
    }
  });
});
