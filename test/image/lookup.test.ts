import { describe, expect, it } from 'vitest';
import { WinError } from '../../src/errors/index.js';
import { createDirectory, moveFileNow, writeFile } from '../../src/ops/index.js';
import { smallImage } from '../helpers/small-image.js';

describe('lookups: case-insensitive and case-preserving', () => {
  it('finds a file whatever the case and the separator', () => {
    const image = smallImage();
    expect(image.readFile('c:/winnt/SYSTEM32/Kernel32.DLL').toString()).toBe('kernel32 v1');
    expect(image.stat('C:\\WINNT\\system32\\KERNEL32.dll').path).toBe('C:\\WINNT\\system32\\kernel32.dll');
  });

  it('keeps the stored case in readdir', () => {
    const image = smallImage();
    writeFile(image, 'C:\\WINNT\\MixedCase.TXT', Buffer.from('x'));
    expect(image.readdir('c:\\winnt')).toContain('MixedCase.TXT');
  });

  it('straße and STRASSE are different names (NTFS upcase, not toUpperCase)', () => {
    const image = smallImage();
    writeFile(image, 'C:\\straße.txt', Buffer.from('sharp s'));
    writeFile(image, 'C:\\STRASSE.txt', Buffer.from('double s'));
    expect(image.readFile('C:\\STRAßE.TXT').toString()).toBe('sharp s');
    expect(image.readFile('C:\\strasse.txt').toString()).toBe('double s');
  });

  it('dotless i is not i', () => {
    const image = smallImage();
    writeFile(image, 'C:\\fıle.txt', Buffer.from('dotless'));
    expect(image.exists('C:\\FILE.txt')).toBe(false);
    expect(image.exists('C:\\fıle.TXT')).toBe(true);
  });

  it('a case-only rename is legal and changes the stored name', () => {
    const image = smallImage();
    moveFileNow(image, 'C:\\WINNT\\system32\\kernel32.dll', 'C:\\WINNT\\system32\\KERNEL32.DLL', 0);
    expect(image.readdir('C:\\WINNT\\system32')).toContain('KERNEL32.DLL');
    expect(image.readdir('C:\\WINNT\\system32')).not.toContain('kernel32.dll');
  });

  it('long names get an 8.3 alias that lookups accept', () => {
    const image = smallImage();
    const stat = image.stat('C:\\Program Files');
    expect(stat.shortName).toBe('PROGRA~1');
    expect(image.stat('C:\\PROGRA~1\\COMMON~1').path).toBe('C:\\Program Files\\Common Files');
  });

  it('a missing folder on the way is ERROR_PATH_NOT_FOUND, a missing leaf ERROR_FILE_NOT_FOUND', () => {
    const image = smallImage();
    expect(() => image.readFile('C:\\nope\\x.dll')).toThrow(
      expect.objectContaining({ code: 'ERROR_PATH_NOT_FOUND', errno: 3 }),
    );
    expect(() => image.readFile('C:\\WINNT\\x.dll')).toThrow(
      expect.objectContaining({ code: 'ERROR_FILE_NOT_FOUND', errno: 2 }),
    );
  });

  it('refuses device names and bad characters with ERROR_INVALID_NAME, changing nothing', () => {
    const image = smallImage();
    for (const bad of ['C:\\WINNT\\nul.txt', 'C:\\WINNT\\COM1', 'C:\\WINNT\\a<b.txt', 'C:\\WINNT\\a|b']) {
      const error = (() => {
        try {
          writeFile(image, bad, Buffer.from('x'));
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(WinError);
      expect((error as WinError).errno).toBe(123);
    }
    expect(image.readdir('C:\\WINNT')).toEqual(['system32', 'win.ini']);
  });

  it('refuses a path past MAX_PATH with ERROR_FILENAME_EXCED_RANGE and a deep folder past 247', () => {
    const image = smallImage();
    const long = `C:\\${'a'.repeat(120)}\\${'b'.repeat(140)}`;
    expect(() => createDirectory(image, long, { recursive: true })).toThrow(
      expect.objectContaining({ errno: 206 }),
    );
  });

  it('trailing dots and spaces are stripped from names', () => {
    const image = smallImage();
    writeFile(image, 'C:\\WINNT\\notes.txt. ', Buffer.from('n'));
    expect(image.readdir('C:\\WINNT')).toContain('notes.txt');
  });
});

describe('protected and OEM paths', () => {
  it('are matched by path, case-insensitively, whether or not the file exists now', () => {
    const image = smallImage();
    image.protectPaths(['C:\\WINNT\\system32\\kernel32.dll', 'c:\\winnt\\system32\\gone.dll']);
    expect(image.isProtectedPath('C:\\WINNT\\SYSTEM32\\KERNEL32.DLL')).toBe(true);
    expect(image.isProtectedPath('C:\\WINNT\\system32\\GONE.DLL')).toBe(true);
    expect(image.isProtectedPath('C:\\WINNT\\system32\\spoolsv.exe')).toBe(false);
    expect(image.displayPath('c:/winnt/./system32/../x.dll')).toBe('C:\\winnt\\x.dll');
    image.markOem('C:\\WINNT\\system32\\drivers\\tcpip.sys');
    expect(image.isOemPath('c:\\winnt\\system32\\drivers\\TCPIP.SYS')).toBe(true);
  });
});
