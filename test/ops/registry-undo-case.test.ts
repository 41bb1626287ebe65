import { describe, expect, it } from 'vitest';
import { WinImage } from '../../src/machine/index.js';

describe('undoing a registry value deletion', () => {
  it('gives the value back under its stored name, whatever spelling deleted it', () => {
    const image = WinImage.empty();
    const key = 'HKLM\\SOFTWARE\\Vendor';
    image.registry.setValue(key, 'First', 'REG_DWORD', 1);
    image.registry.setValue(key, 'Foo', 'REG_SZ', 'two');
    const digest = image.digest();
    const mark = image.mark();
    image.registry.deleteValue(key, 'FOO');
    image.registry.importReg(
      'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\VENDOR]\r\n"first"=-\r\n',
    );
    image.undo(mark);
    expect([...image.registry.listValues(key)].sort()).toEqual(['First', 'Foo']);
    expect(image.digest()).toBe(digest);
  });
});
