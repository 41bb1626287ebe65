import { describe, expect, it } from 'vitest';
import { createDirectory, moveFileNow, removeDirectory, writeFile, MOVEFILE } from '../../src/ops/index.js';
import { digestOf, smallImage } from '../helpers/small-image.js';

describe('MoveFileEx without delay', () => {
  it('refuses to replace an existing file without MOVEFILE_REPLACE_EXISTING (ERROR_ALREADY_EXISTS)', () => {
    const image = smallImage();
    expect(() => moveFileNow(image, 'C:\\boot.ini', 'C:\\WINNT\\win.ini', 0)).toThrow(
      expect.objectContaining({ errno: 183 }),
    );
    moveFileNow(image, 'C:\\boot.ini', 'C:\\WINNT\\win.ini', MOVEFILE.REPLACE_EXISTING);
    expect(image.readFile('C:\\WINNT\\win.ini').toString()).toBe('[boot loader]');
  });

  it('never replaces a folder, even a non-empty one (memfs would silently replace it)', () => {
    const image = smallImage();
    createDirectory(image, 'C:\\Other\\sub', { recursive: true });
    writeFile(image, 'C:\\Other\\sub\\keep.txt', Buffer.from('keep'));
    const before = digestOf(image);
    expect(() =>
      moveFileNow(image, 'C:\\WINNT\\system32\\drivers', 'C:\\Other\\sub', MOVEFILE.REPLACE_EXISTING),
    ).toThrow(expect.objectContaining({ code: 'ERROR_ACCESS_DENIED' }));
    expect(digestOf(image)).toBe(before);
  });

  it('refuses to move a folder into itself (memfs would drop the subtree)', () => {
    const image = smallImage();
    const before = digestOf(image);
    expect(() => moveFileNow(image, 'C:\\WINNT', 'C:\\WINNT\\system32\\WINNT', 0)).toThrow(
      expect.objectContaining({ errno: 32 }),
    );
    expect(digestOf(image)).toBe(before);
  });

  it('renames a folder with its subtree on the same volume', () => {
    const image = smallImage();
    moveFileNow(image, 'C:\\WINNT\\system32\\drivers', 'C:\\WINNT\\drivers.old', 0);
    expect(image.readFile('C:\\WINNT\\drivers.old\\tcpip.sys').toString()).toBe('tcpip v1');
    expect(image.exists('C:\\WINNT\\system32\\drivers')).toBe(false);
  });

  it('a rename into a missing folder fails with ERROR_PATH_NOT_FOUND', () => {
    const image = smallImage();
    expect(() => moveFileNow(image, 'C:\\boot.ini', 'C:\\missing\\boot.ini', 0)).toThrow(
      expect.objectContaining({ errno: 3 }),
    );
  });

  it('RemoveDirectory refuses a non-empty folder with ERROR_DIR_NOT_EMPTY', () => {
    const image = smallImage();
    expect(() => removeDirectory(image, 'C:\\WINNT\\system32')).toThrow(
      expect.objectContaining({ errno: 145 }),
    );
    createDirectory(image, 'C:\\empty');
    removeDirectory(image, 'C:\\empty');
    expect(image.exists('C:\\empty')).toBe(false);
  });

  it('unknown MoveFileEx flags are ERROR_INVALID_PARAMETER', () => {
    const image = smallImage();
    expect(() => moveFileNow(image, 'C:\\boot.ini', 'C:\\b.ini', 0x100)).toThrow(
      expect.objectContaining({ errno: 87 }),
    );
  });
});
