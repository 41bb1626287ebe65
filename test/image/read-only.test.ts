import { describe, expect, it } from 'vitest';
import { deleteFile, moveFileNow, setAttributes, writeFile, MOVEFILE } from '../../src/ops/index.js';
import { digestOf, smallImage } from '../helpers/small-image.js';

describe('read-only files and media', () => {
  it('delete and overwrite of a read-only file fail with ERROR_ACCESS_DENIED until the attribute is cleared', () => {
    const image = smallImage();
    setAttributes(image, 'C:\\boot.ini', ['readonly', 'hidden', 'system']);
    expect(image.stat('C:\\boot.ini').attributes).toEqual(['readonly', 'hidden', 'system']);
    const before = digestOf(image);
    expect(() => deleteFile(image, 'C:\\boot.ini')).toThrow(expect.objectContaining({ errno: 5 }));
    expect(() => writeFile(image, 'C:\\boot.ini', Buffer.from('x'))).toThrow(
      expect.objectContaining({ errno: 5 }),
    );
    expect(digestOf(image)).toBe(before);
    setAttributes(image, 'C:\\boot.ini', ['archive']);
    deleteFile(image, 'C:\\boot.ini');
    expect(image.exists('C:\\boot.ini')).toBe(false);
  });

  it('MOVEFILE_REPLACE_EXISTING onto a read-only target fails', () => {
    const image = smallImage();
    setAttributes(image, 'C:\\WINNT\\win.ini', ['readonly']);
    expect(() => moveFileNow(image, 'C:\\boot.ini', 'C:\\WINNT\\win.ini', MOVEFILE.REPLACE_EXISTING)).toThrow(
      expect.objectContaining({ code: 'ERROR_ACCESS_DENIED' }),
    );
  });

  it('a CD-ROM volume is read-only: ERROR_WRITE_PROTECT', () => {
    const image = smallImage();
    expect(() => writeFile(image, 'E:\\new.txt', Buffer.from('x'))).toThrow(
      expect.objectContaining({ code: 'ERROR_WRITE_PROTECT' }),
    );
    expect(() => deleteFile(image, 'E:\\I386\\UPDATE\\UPDATE.EXE')).toThrow(
      expect.objectContaining({ code: 'ERROR_WRITE_PROTECT' }),
    );
  });

  it('stat shows attributes as lower-case names, normal when none', () => {
    const image = smallImage();
    setAttributes(image, 'C:\\WINNT\\win.ini', []);
    expect(image.stat('C:\\WINNT\\win.ini').attributes).toEqual(['normal']);
    expect(image.stat('C:\\WINNT').attributes).toEqual(['directory']);
    expect(() => setAttributes(image, 'C:\\WINNT\\win.ini', ['bogus'])).toThrow(
      expect.objectContaining({ code: 'ERROR_INVALID_PARAMETER' }),
    );
  });
});
