import { describe, expect, it } from 'vitest';
import { pathFormer, pathLocator } from '../../src/servicing/state.js';
import { smallImage } from '../helpers/small-image.js';

describe('one display form of a path', () => {
  it("servicing's path former and locator give the image's displayPath, a drive root included", () => {
    const image = smallImage();
    const former = pathFormer(image);
    const locator = pathLocator(image);
    for (const path of [
      'C:\\',
      '%SystemDrive%\\',
      'c:\\winnt\\system32\\..\\notepad.exe',
      '%SystemRoot%\\x.dll',
    ]) {
      const expected = image.displayPath(image.expand(path));
      expect(former(path)).toBe(expected);
      expect(locator(path).path).toBe(expected);
    }
    expect(former('c:\\')).toBe('C:\\');
  });
});
