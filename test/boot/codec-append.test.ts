import { describe, expect, it } from 'vitest';
import { appendPendingRename, decodePendingRenames } from '../../src/boot/codec.js';

const utf16 = (text: string): Buffer => Buffer.from(text, 'utf16le');
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const rename = { source: '\\??\\C:\\new', destination: '\\??\\C:\\old', replaceExisting: true };

describe('appendPendingRename', () => {
  it('Q3: creates the value when there is none', () => {
    expect(hex(appendPendingRename(undefined, rename))).toBe(hex(utf16('\\??\\C:\\new\0!\\??\\C:\\old\0\0')));
  });

  it('Q3: strips the list NUL, appends after the existing pairs and re-terminates', () => {
    const existing = utf16('\\??\\C:\\a\0\\??\\C:\\b\0\0');
    expect(hex(appendPendingRename(existing, rename))).toBe(
      hex(utf16('\\??\\C:\\a\0\\??\\C:\\b\0\\??\\C:\\new\0!\\??\\C:\\old\0\0')),
    );
  });

  it('Q3: keeps a delete that ends the existing value', () => {
    const existing = utf16('\\??\\C:\\gone\0\0\0');
    const appended = appendPendingRename(existing, {
      source: '\\??\\C:\\x',
      destination: null,
      replaceExisting: false,
    });
    expect(hex(appended)).toBe(hex(utf16('\\??\\C:\\gone\0\0\\??\\C:\\x\0\0\0')));
    expect(decodePendingRenames(appended).entries.map((e) => e.source)).toEqual([
      '\\??\\C:\\gone',
      '\\??\\C:\\x',
    ]);
  });

  it('existing data without its list NUL: no string loses its NUL', () => {
    const appended = appendPendingRename(utf16('\\??\\C:\\a\0\\??\\C:\\b\0'), rename);
    expect(hex(appended)).toBe(hex(utf16('\\??\\C:\\a\0\\??\\C:\\b\0\\??\\C:\\new\0!\\??\\C:\\old\0\0')));
  });

  it('existing data whose last string is unterminated: it is terminated first', () => {
    const appended = appendPendingRename(utf16('\\??\\C:\\a\0\\??\\C:\\b'), rename);
    expect(hex(appended)).toBe(hex(utf16('\\??\\C:\\a\0\\??\\C:\\b\0\\??\\C:\\new\0!\\??\\C:\\old\0\0')));
  });

  it('an odd trailing byte is dropped; an all-NUL value counts as empty', () => {
    const odd = Buffer.concat([utf16('\\??\\C:\\a\0\\??\\C:\\b\0\0'), Buffer.from([7])]);
    expect(decodePendingRenames(appendPendingRename(odd, rename)).problems).toEqual([]);
    expect(hex(appendPendingRename(utf16('\0\0'), rename))).toBe(
      hex(utf16('\\??\\C:\\new\0!\\??\\C:\\old\0\0')),
    );
  });
});
