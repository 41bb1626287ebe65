import { describe, expect, it } from 'vitest';
import {
  formatPath,
  isReservedDeviceName,
  parsePath,
  resolvePath,
  toVerbatimPath,
  type PathContext,
} from '../../src/path/index.js';
import { expectWinError } from './helpers.js';

const ctx: PathContext = { currentDrive: 'C' };
const show = (input: string): string => formatPath(resolvePath(input, ctx));

describe('the path rules of windows-fs.md', () => {
  it('P1: a folder ending in a period loses one period and keeps its trailing spaces', () => {
    expect(show('C:\\test..\\file')).toBe('C:\\test.\\file');
    expect(show('C:\\test.\\file')).toBe('C:\\test\\file');
    expect(show('C:\\dir \\x')).toBe('C:\\dir \\x');
    expect(resolvePath('C:\\dir  \\x', ctx).segments).toEqual(['dir  ', 'x']);
  });

  it('P1: the last segment loses every trailing period and space, unless the path ends in a separator', () => {
    expect(show('C:\\foo.txt. .')).toBe('C:\\foo.txt');
    expect(show('C:\\a\\dir. . ')).toBe('C:\\a\\dir');
    expect(resolvePath('C:\\a\\dir \\', ctx).segments).toEqual(['a', 'dir ']);
    expect(resolvePath('C:\\a\\dir..\\', ctx).segments).toEqual(['a', 'dir.']);
  });

  it('P1: a segment of three or more periods is a name, wherever it stands', () => {
    expect(resolvePath('C:\\...\\x', ctx).segments).toEqual(['...', 'x']);
    expect(resolvePath('C:\\a\\....', ctx).segments).toEqual(['a', '....']);
    expect(resolvePath('C:\\a\\..\\b', ctx).segments).toEqual(['b']);
  });

  it('P1: verbatim paths are not trimmed at all', () => {
    expect(resolvePath('\\\\?\\C:\\dir. \\x. ', ctx).segments).toEqual(['dir. ', 'x. ']);
  });

  it('P2: a device path normalises under \\\\.\\, so .. can leave the drive and name another device', () => {
    expect(show('\\\\.\\C:\\a\\..\\b')).toBe('C:\\b');
    const error = expectWinError(() => resolvePath('\\\\.\\C:\\..\\x', ctx), 'ERROR_INVALID_NAME');
    expect(error.message).toMatch(/device 'x' is not a file system path/);
    expect(show('\\\\.\\C:\\')).toBe('C:\\');
    expect(show('\\\\.\\UNC\\srv\\share\\a\\..\\b')).toBe('\\\\srv\\share\\b');
  });

  it('P2: \\\\.\\C: and \\\\?\\C: name the volume itself: refused, unlike C:\\', () => {
    for (const volume of ['\\\\.\\C:', '\\\\?\\C:', '//./c:', '\\??\\C:', '\\\\.\\C:\\x\\..\\.']) {
      const error = expectWinError(() => resolvePath(volume, ctx), 'ERROR_ACCESS_DENIED');
      expect(error.message).toMatch(/the volume C: itself/);
    }
    expect(toVerbatimPath(resolvePath('\\\\?\\C:\\', ctx))).toBe('\\\\?\\C:\\');
  });

  it('P3: COM¹ COM² COM³ LPT¹ LPT² LPT³ are devices, with an extension and trailing spaces too', () => {
    for (const name of ['COM¹', 'com²', 'COM³.txt', 'LPT¹', 'lpt² .log', 'LPT³ ', 'nul .txt']) {
      expect(isReservedDeviceName(name)).toBe(true);
      expectWinError(() => resolvePath(`C:\\x\\${name}`, ctx), 'ERROR_INVALID_NAME');
    }
    expect(isReservedDeviceName('COM⁴')).toBe(false);
    expect(isReservedDeviceName('COM¹¹')).toBe(false);
  });

  it('P4: only the last component is checked for a device name', () => {
    expect(show('C:\\nul\\foo.txt')).toBe('C:\\nul\\foo.txt');
    expect(show('C:\\com1.txt\\lpt¹\\x')).toBe('C:\\com1.txt\\lpt¹\\x');
    expectWinError(() => resolvePath('C:\\nul', ctx), 'ERROR_INVALID_NAME');
    expectWinError(() => resolvePath('C:\\nul\\', ctx), 'ERROR_INVALID_NAME');
    expectWinError(() => resolvePath('C:\\x\\nul\\.', ctx), 'ERROR_INVALID_NAME');
    expect(show('C:\\x\\nul\\..')).toBe('C:\\x');
  });

  it('P5: name::$DATA is the file itself, in any case', () => {
    expect(show('C:\\a\\file.txt::$DATA')).toBe('C:\\a\\file.txt');
    expect(show('C:\\a\\file.txt::$data')).toBe('C:\\a\\file.txt');
    expect(resolvePath('\\\\?\\C:\\file.txt::$DATA', ctx).segments).toEqual(['file.txt']);
  });

  it('P5: a named stream is refused with ERROR_NOT_SUPPORTED naming the stream, not taken as a file', () => {
    for (const path of ['C:\\file.txt:stream', 'C:\\file.txt:stream:$DATA', '\\\\?\\C:\\f:s']) {
      const error = expectWinError(() => resolvePath(path, ctx), 'ERROR_NOT_SUPPORTED');
      expect(error.errno).toBe(50);
      expect(error.message).toMatch(/names the data stream/);
    }
    expectWinError(() => resolvePath('C:\\dir:s\\file', ctx), 'ERROR_INVALID_NAME');
    expectWinError(() => resolvePath('C:\\file:s:$INDEX_ALLOCATION', ctx), 'ERROR_INVALID_NAME');
  });

  it('P7: a component over 255 is ERROR_INVALID_NAME; a normal path over MAX_PATH is ERROR_FILENAME_EXCED_RANGE', () => {
    expect(expectWinError(() => resolvePath(`C:\\${'n'.repeat(256)}`, ctx), 'ERROR_INVALID_NAME').errno).toBe(
      123,
    );
    expectWinError(() => resolvePath(`\\\\?\\C:\\${'n'.repeat(256)}`, ctx), 'ERROR_INVALID_NAME');
    const long = `C:\\${'a'.repeat(200)}\\${'b'.repeat(60)}`;
    expect(expectWinError(() => resolvePath(long, ctx), 'ERROR_FILENAME_EXCED_RANGE').errno).toBe(206);
    expect(resolvePath(`\\\\?\\${long}`, ctx).segments).toHaveLength(2);
    expect(parsePath(`C:\\${'n'.repeat(255)}`).segments[0]).toHaveLength(255);
  });
});
