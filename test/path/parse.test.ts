import { describe, expect, it } from 'vitest';
import { parsePath } from '../../src/path/index.js';
import { expectWinError } from './helpers.js';

describe('parsePath', () => {
  it('parses a drive absolute path with either separator', () => {
    expect(parsePath('C:\\WINNT\\system32')).toEqual({
      kind: 'driveAbsolute',
      drive: 'C',
      segments: ['WINNT', 'system32'],
      original: 'C:\\WINNT\\system32',
    });
    expect(parsePath('c:/winnt/SYSTEM32').segments).toEqual(['winnt', 'SYSTEM32']);
    expect(parsePath('c:/winnt/SYSTEM32').drive).toBe('C');
  });

  it('backslash and slash are both separators except after \\\\?\\', () => {
    expect(parsePath('C:\\a/b\\c').segments).toEqual(['a', 'b', 'c']);
    expect(parsePath('\\\\?\\C:\\a\\b').segments).toEqual(['a', 'b']);
    // After \\?\ a slash is a plain character, so it ends up inside a name, which NTFS refuses.
    expectWinError(() => parsePath('\\\\?\\C:\\a/b'), 'ERROR_INVALID_NAME');
  });

  it('verbatim paths are not normalised: trailing dots stay and . or .. are names', () => {
    expect(parsePath('\\\\?\\C:\\foo.txt. ').segments).toEqual(['foo.txt. ']);
    expect(parsePath('\\\\?\\C:\\nul').segments).toEqual(['nul']);
    expectWinError(() => parsePath('\\\\?\\C:\\a\\..\\b'), 'ERROR_INVALID_NAME');
    expectWinError(() => parsePath('\\\\?\\C:\\a\\\\b'), 'ERROR_INVALID_NAME');
  });

  it('\\??\\C:\\x parses as ntObject with drive C', () => {
    expect(parsePath('\\??\\c:\\WINNT\\x.dll')).toEqual({
      kind: 'ntObject',
      drive: 'C',
      segments: ['WINNT', 'x.dll'],
      original: '\\??\\c:\\WINNT\\x.dll',
    });
  });

  it('\\\\?\\UNC\\srv\\share\\x is UNC-verbatim', () => {
    const parsed = parsePath('\\\\?\\UNC\\srv\\share\\x\\y');
    expect(parsed.kind).toBe('verbatim');
    expect(parsed.server).toBe('srv');
    expect(parsed.share).toBe('share');
    expect(parsed.drive).toBeUndefined();
    expect(parsed.segments).toEqual(['x', 'y']);
    expect(parsePath('\\??\\UNC\\srv\\share\\x').server).toBe('srv');
  });

  it('C:x is drive-relative and C: alone names the drive current folder', () => {
    expect(parsePath('D:system32')).toMatchObject({
      kind: 'driveRelative',
      drive: 'D',
      segments: ['system32'],
    });
    expect(parsePath('d:')).toMatchObject({ kind: 'driveRelative', drive: 'D', segments: [] });
  });

  it('\\x is rooted and x\\y relative, with . and .. kept as written', () => {
    expect(parsePath('\\WINNT')).toMatchObject({ kind: 'rooted', segments: ['WINNT'] });
    expect(parsePath('a\\.\\..\\b. ')).toMatchObject({ kind: 'relative', segments: ['a', '.', '..', 'b. '] });
  });

  it('parses UNC paths and refuses a UNC path without a share', () => {
    expect(parsePath('\\\\server\\share\\i386')).toMatchObject({
      kind: 'unc',
      server: 'server',
      share: 'share',
      segments: ['i386'],
    });
    expectWinError(() => parsePath('\\\\server'), 'ERROR_INVALID_NAME');
    expectWinError(() => parsePath('\\\\'), 'ERROR_INVALID_NAME');
  });

  it('reads \\\\.\\C:\\x as the drive path it names and refuses other devices', () => {
    expect(parsePath('\\\\.\\C:\\x\\..\\y')).toMatchObject({
      kind: 'driveAbsolute',
      drive: 'C',
      segments: ['y'], // P2: a device path collapses under \\.\ first
    });
    expect(parsePath('//?/c:/a')).toMatchObject({ kind: 'driveAbsolute', drive: 'C', segments: ['a'] });
    expect(parsePath('\\\\.\\UNC\\srv\\sh\\a')).toMatchObject({
      kind: 'unc',
      server: 'srv',
      share: 'sh',
      segments: ['a'],
    });
    expectWinError(() => parsePath('\\\\.\\PhysicalDrive0'), 'ERROR_INVALID_NAME');
    expectWinError(() => parsePath('\\\\srv\\..\\x'), 'ERROR_INVALID_NAME');
    expectWinError(() => parsePath('\\\\?\\Volume{1234}\\x'), 'ERROR_INVALID_NAME');
  });

  it('empty path is ERROR_PATH_NOT_FOUND', () => {
    expectWinError(() => parsePath(''), 'ERROR_PATH_NOT_FOUND');
  });

  it('refuses bad characters and device names with ERROR_INVALID_NAME', () => {
    for (const bad of [
      'C:\\a<b',
      'C:\\a|b',
      'C:\\a"b',
      'C:\\a*',
      'C:\\a?',
      'C:\\a:b\\c',
      'C:\\a\u0001b',
      'C:\\WINNT\\nul.txt',
    ]) {
      const error = expectWinError(() => parsePath(bad), 'ERROR_INVALID_NAME');
      expect(error.errno).toBe(123);
      expect(error.path).toBe(bad);
    }
  });

  it('P7: a name over 255 characters is ERROR_INVALID_NAME, a path over 32767 ERROR_FILENAME_EXCED_RANGE', () => {
    expect(parsePath(`C:\\${'n'.repeat(255)}`).segments[0]).toHaveLength(255);
    expectWinError(() => parsePath(`C:\\${'n'.repeat(256)}`), 'ERROR_INVALID_NAME');
    expectWinError(() => parsePath(`\\\\?\\C:\\${'n'.repeat(256)}`), 'ERROR_INVALID_NAME');
    expectWinError(() => parsePath(`\\\\?\\C:\\${'a\\'.repeat(16_400)}`), 'ERROR_FILENAME_EXCED_RANGE');
  });
});
