import { describe, expect, it } from 'vitest';
import { formatPath, resolvePath, type PathContext } from '../../src/path/index.js';
import { expectWinError } from './helpers.js';

const ctx: PathContext = { currentDrive: 'C', cwdByDrive: { C: ['WINNT', 'system32'], D: ['i386'] } };
const show = (input: string, context: PathContext = ctx, directory = false): string =>
  formatPath(resolvePath(input, context, { directory }));

describe('resolvePath', () => {
  it('resolves a drive absolute path to itself, case preserved', () => {
    expect(resolvePath('c:/WINNT/System32/x.dll', ctx)).toEqual({
      drive: 'C',
      segments: ['WINNT', 'System32', 'x.dll'],
      verbatim: false,
    });
  });

  it('C:x is drive-relative: to that drive cwd from cwdByDrive, else its root', () => {
    expect(show('D:drivers')).toBe('D:\\i386\\drivers');
    expect(show('E:drivers')).toBe('E:\\drivers');
    expect(show('C:drivers')).toBe('C:\\WINNT\\system32\\drivers');
    expect(show('d:')).toBe('D:\\i386');
    expect(show('D:x', { currentDrive: 'C', cwdByDrive: { d: ['lower'] } })).toBe('D:\\lower\\x');
  });

  it('\\x is rooted on the current drive', () => {
    expect(show('\\WINNT\\x')).toBe('C:\\WINNT\\x');
    expect(show('/WINNT', { currentDrive: 'd:' })).toBe('D:\\WINNT');
  });

  it('relative paths go to the current drive folder', () => {
    expect(show('drivers\\etc')).toBe('C:\\WINNT\\system32\\drivers\\etc');
    expect(show('..\\..\\..\\x', { currentDrive: 'D', cwdByDrive: ctx.cwdByDrive })).toBe('D:\\x');
    expect(show('x', { currentDrive: 'C' })).toBe('C:\\x');
  });

  it('.. never climbs above the drive root', () => {
    expect(show('C:\\..\\..\\WINNT')).toBe('C:\\WINNT');
    expect(show('..\\..\\..\\..\\..')).toBe('C:\\');
    expect(show('C:\\a\\.\\b\\..\\c')).toBe('C:\\a\\c');
  });

  it('.. never climbs above \\\\server\\share', () => {
    expect(resolvePath('\\\\srv\\share\\a\\..\\..\\..\\b', ctx)).toEqual({
      server: 'srv',
      share: 'share',
      segments: ['b'],
      verbatim: false,
    });
    expect(show('//srv/share/..')).toBe('\\\\srv\\share\\');
  });

  it('P1: foo.txt. -> foo.txt in the last segment; a folder keeps its trailing space, loses one period', () => {
    expect(show('C:\\dir. \\foo.txt. ')).toBe('C:\\dir. \\foo.txt');
    expect(show('C:\\dir.\\foo.txt. ')).toBe('C:\\dir\\foo.txt');
    expect(show('C:\\a\\...\\b')).toBe('C:\\a\\...\\b');
  });

  it('verbatim paths keep trailing dots, device names and case, and allow long paths', () => {
    expect(resolvePath('\\\\?\\C:\\dir. \\nul', ctx)).toEqual({
      drive: 'C',
      segments: ['dir. ', 'nul'],
      verbatim: true,
    });
    const long = `\\\\?\\C:\\${Array.from({ length: 100 }, () => 'x'.repeat(100)).join('\\')}`;
    expect(resolvePath(long, ctx).segments).toHaveLength(100);
    expect(resolvePath('\\??\\UNC\\srv\\sh\\a', ctx)).toEqual({
      server: 'srv',
      share: 'sh',
      segments: ['a'],
      verbatim: true,
    });
  });

  it('P4: nul.txt, COM1, Lpt9.log, aux are invalid as the last component only', () => {
    for (const name of ['nul.txt', 'COM1', 'Lpt9.log', 'aux']) {
      expectWinError(() => resolvePath(`C:\\WINNT\\${name}`, ctx), 'ERROR_INVALID_NAME');
      expect(show(`${name}\\x`)).toBe(`C:\\WINNT\\system32\\${name}\\x`);
    }
    expect(show('C:\\COM0\\LPT10\\CONSOLE')).toBe('C:\\COM0\\LPT10\\CONSOLE');
  });

  it('lengths: a full path holds at most 259 characters, 247 for CreateDirectory', () => {
    const path259 = `C:\\${'a'.repeat(200)}\\${'b'.repeat(259 - 204)}`;
    expect(path259).toHaveLength(259);
    expect(show(path259)).toBe(path259);
    expectWinError(() => resolvePath(`${path259}c`, ctx), 'ERROR_FILENAME_EXCED_RANGE');
    const path247 = path259.slice(0, 247);
    expect(show(path247, ctx, true)).toBe(path247);
    expectWinError(() => resolvePath(`${path247}c`, ctx, { directory: true }), 'ERROR_FILENAME_EXCED_RANGE');
    // The limit applies to the resolved path, so .. can bring a long input back under it.
    expect(show(`C:\\${'z'.repeat(250)}\\..\\${'y'.repeat(20)}`)).toBe(`C:\\${'y'.repeat(20)}`);
    const unc259 = `\\\\srv\\share\\${'u'.repeat(259 - 12)}`;
    expect(unc259).toHaveLength(259);
    expect(show(unc259)).toBe(unc259);
    expectWinError(() => resolvePath(`${unc259}u`, ctx), 'ERROR_FILENAME_EXCED_RANGE');
    // A relative path is measured together with the current folder.
    expectWinError(() => resolvePath('w'.repeat(250), ctx), 'ERROR_FILENAME_EXCED_RANGE');
  });

  it('expands %VAR% before parsing when env is given', () => {
    const env = { SystemRoot: 'C:\\WINNT', SystemDrive: 'C:' };
    expect(show('%systemroot%\\system32', { currentDrive: 'D', env })).toBe('C:\\WINNT\\system32');
    expect(show('%SYSTEMDRIVE%\\Program Files', { currentDrive: 'D', env })).toBe('C:\\Program Files');
    expect(show('%systemroot%', { currentDrive: 'D' })).toBe('D:\\%systemroot%');
  });

  it('refuses an empty path and a current drive that is no letter', () => {
    expectWinError(() => resolvePath('', ctx), 'ERROR_PATH_NOT_FOUND');
    expectWinError(() => resolvePath('x', { currentDrive: '1' }), 'ERROR_INVALID_DRIVE');
  });
});
