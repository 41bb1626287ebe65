/**
 * Path normalisation against real Windows, as Wine's conformance tests record it (they run on
 * Windows; where Wine differs it is marked `todo_wine`, and Windows does what the test expects).
 * Sources, Wine 9.7 (commit 166895ae3ad3890ad946a309d0fd85e89ea3630e), cited as FILE:LINE:
 * - ntdll.c  = dlls/ntdll/tests/path.c (RtlGetFullPathName_U, RtlDosPathNameToNtPathName_U,
 *              RtlIsNameLegalDOS8Dot3, NtOpenFile on NT names)
 * - path.c   = dlls/kernel32/tests/path.c (GetFullPathName, Get{Short,Long}PathName, 8.3 names)
 * - file.c   = dlls/kernel32/tests/file.c (GetFileAttributesExW)
 * Wine's tests run with the current folder C:\windows (ntdll.c:378, ntdll.c:577), as here.
 *
 * Left out, as svcpack does not model them: a bare `\\server` without a share, a device other than
 * a drive or UNC (`\\.\foo`, `\\.\CONIN$`), wildcards (resolvePath validates names, GetFullPathName
 * does not), and `\??\foo` given to RtlGetFullPathName_U (svcpack reads `\??\` as an NT path, as
 * RtlDosPathNameToNtPathName_U passes it through, ntdll.c:554).
 */
import { describe, expect, it } from 'vitest';
import {
  formatPath,
  isShortName,
  resolvePath,
  shortNameFor,
  toNtPath,
  type PathContext,
} from '../../src/path/index.js';
import { expectWinError } from './helpers.js';

const ctx: PathContext = { currentDrive: 'C', cwdByDrive: { C: ['windows'] } };
const full = (input: string): string => formatPath(resolvePath(input, ctx));

/**
 * Windows' answer in svcpack's form: the drive letter upper-case (svcpack keeps drives that way;
 * Windows keeps the letter as typed) and no trailing backslash below the root (a resolved path
 * names the entry; whether the caller wrote a separator is the caller's).
 */
function asResolved(windows: string): string {
  const drive = /^[a-z]:/.test(windows) ? windows[0].toUpperCase() + windows.slice(1) : windows;
  return drive.length > 3 && drive.endsWith('\\') ? drive.slice(0, -1) : drive;
}

/** [input, what Windows returns, where Wine records it] */
type Row = readonly [string, string, string];

const DRIVE_ABSOLUTE: Row[] = [
  ['c:/test', 'c:\\test', 'ntdll.c:287'],
  ['c:/test/', 'c:\\test\\', 'ntdll.c:288'],
  ['c:/test     ', 'c:\\test', 'ntdll.c:289'],
  ['c:/test.', 'c:\\test', 'ntdll.c:290'],
  ['c:/test  ....   ..   ', 'c:\\test', 'ntdll.c:291'],
  ['c:/test/  ....   ..   ', 'c:\\test\\', 'ntdll.c:292'],
  ['c:/test/..', 'c:\\', 'ntdll.c:293'],
  ['c:/test/.. ', 'c:\\test\\', 'ntdll.c:294'],
  ['c:/TEST', 'c:\\TEST', 'ntdll.c:295'],
  ['c:/test/file', 'c:\\test\\file', 'ntdll.c:296'],
  ['c:/test./file', 'c:\\test\\file', 'ntdll.c:297'],
  ['c:/test.. /file', 'c:\\test.. \\file', 'ntdll.c:298'],
  ['c:/test/././file', 'c:\\test\\file', 'ntdll.c:299'],
  ['c:/test\\.\\.\\file', 'c:\\test\\file', 'ntdll.c:300'],
  ['c:/test/\\.\\.\\file', 'c:\\test\\file', 'ntdll.c:301'],
  ['c:/test\\\\.\\.\\file', 'c:\\test\\file', 'ntdll.c:302'],
  ['c:/test\\test1\\..\\.\\file', 'c:\\test\\file', 'ntdll.c:303'],
  ['c:///test\\.\\.\\file//', 'c:\\test\\file\\', 'ntdll.c:304'],
  ['c:///test\\..\\file\\..\\//', 'c:\\', 'ntdll.c:306'],
  ['c:/test../file', 'c:\\test.\\file', 'ntdll.c:307'],
  ['c:\\test', 'c:\\test', 'ntdll.c:309'],
  ['C:\\test', 'C:\\test', 'ntdll.c:313'],
  ['c:/', 'c:\\', 'ntdll.c:314'],
  ['c:/foo . .', 'c:\\foo', 'ntdll.c:453'],
  ['c:/foo.a', 'c:\\foo.a', 'ntdll.c:454'],
  ['c:/foo a', 'c:\\foo a', 'ntdll.c:455'],
  ['c:/foo//', 'c:\\foo\\', 'ntdll.c:465'],
  ['c:/./foo', 'c:\\foo', 'ntdll.c:473'],
  ['c:/..', 'c:\\', 'ntdll.c:474'],
  ['c:/foo/.', 'c:\\foo', 'ntdll.c:475'],
  ['c:/foo/./bar', 'c:\\foo\\bar', 'ntdll.c:476'],
  ['c:/foo/../bar', 'c:\\bar', 'ntdll.c:477'],
];

const RELATIVE_AND_ROOTED: Row[] = [
  ['c:.', 'C:\\windows', 'ntdll.c:315'],
  ['c:foo', 'C:\\windows\\foo', 'ntdll.c:316'],
  ['c:foo/bar', 'C:\\windows\\foo\\bar', 'ntdll.c:317'],
  ['c:./foo', 'C:\\windows\\foo', 'ntdll.c:318'],
  ['\\foo', 'C:\\foo', 'ntdll.c:319'],
  ['foo', 'C:\\windows\\foo', 'ntdll.c:320'],
  ['.', 'C:\\windows', 'ntdll.c:321'],
  ['..', 'C:\\', 'ntdll.c:322'],
  ['./foo', 'C:\\windows\\foo', 'ntdll.c:324'],
  ['foo/..', 'C:\\windows', 'ntdll.c:325'],
  ['./', 'C:\\windows\\', 'ntdll.c:481'],
  // "Windows will insert a drive letter in front of an absolute UNIX path"
  ['/shortdir/pathtest.pth', 'C:\\shortdir\\pathtest.pth', 'path.c:855'],
  // "Xilinx tools like to mix Unix and DOS formats, which Windows handles fine"
  ['c:/shortdir\\pathtest.pth', 'C:\\shortdir\\pathtest.pth', 'path.c:812'],
  ['c:shortdir/pathtest.pth', 'C:\\windows\\shortdir\\pathtest.pth', 'path.c:847'],
];

/**
 * Device paths (`\\.\`, and `//?/`, which is one too: only `\\?\` with backslashes is verbatim)
 * normalise under the root `\\.\` (rule P2). Wine's rows use a device `foo`; svcpack models the
 * drive and UNC devices, so `foo` is `C:` here and the expected path is the drive's.
 */
const DEVICE: Row[] = [
  ['//./C:/', 'C:\\', 'ntdll.c:346'],
  ['//./C:/bar', 'C:\\bar', 'ntdll.c:347'],
  ['//./C:/bar/.', 'C:\\bar', 'ntdll.c:348'],
  ['//?/C:/bar', 'C:\\bar', 'ntdll.c:355'],
  ['//?/C:/bar/.', 'C:\\bar', 'ntdll.c:356'],
  ['\\\\.\\C:/bar', 'C:\\bar', 'ntdll.c:525'],
  ['\\\\.\\C:/bar/.', 'C:\\bar', 'ntdll.c:526'],
  ['\\\\.\\C:\\foo. . ', 'C:\\foo', 'ntdll.c:528'],
  ['//./C:/foo. . ', 'C:\\foo', 'ntdll.c:508'],
  ['//?/C:/foo. . ', 'C:\\foo', 'ntdll.c:518'],
];

describe('RtlGetFullPathName_U / GetFullPathName (Wine ntdll.c, path.c)', () => {
  it.each(DRIVE_ABSOLUTE)('drive absolute %j is %j (%s)', (input, windows) => {
    expect(full(input)).toBe(asResolved(windows));
  });

  it.each(RELATIVE_AND_ROOTED)('relative or rooted %j is %j (%s)', (input, windows) => {
    expect(full(input)).toBe(asResolved(windows));
  });

  it.each(DEVICE)('device path %j is %j (%s)', (input, windows) => {
    expect(full(input)).toBe(asResolved(windows));
  });

  it('`..` never climbs above a device root: //./foo/.. and \\\\.\\foo/.. are \\\\.\\ itself (ntdll.c:349, ntdll.c:527)', () => {
    // \\.\ with no device left names no file: refused, as `\\.\` alone is (P2)
    for (const input of ['//./C:/..', '\\\\.\\C:/..', '//?/C:/..']) {
      expectWinError(() => resolvePath(input, ctx), 'ERROR_INVALID_NAME');
    }
  });

  it('`..` never climbs above a UNC share, a drive root or the current folder chain (spec, ntdll.c:306)', () => {
    expect(full('\\\\srv\\share\\a\\..\\..\\..\\b')).toBe('\\\\srv\\share\\b');
    expect(full('//srv/share/a/')).toBe('\\\\srv\\share\\a');
    expect(full('c:/../../x')).toBe('C:\\x');
    expect(full('../../..')).toBe('C:\\');
  });

  it('the last name is the device when it is one, wherever it stands (ntdll.c:326-333): never a file', () => {
    // Windows turns these into \\.\NUL and the like; creating a file by such a name is refused (P4)
    for (const input of [
      '\\windows\\nul',
      'C:\\nonexistent\\nul',
      'C:\\con\\con',
      'C:NUL.',
      'C:NUL',
      'AUX',
      'COM1',
    ]) {
      expectWinError(() => resolvePath(input, ctx), 'ERROR_INVALID_NAME');
    }
    // ... but only the last: C:\con\x is an ordinary path (ntdll.c:328 checks the last `con`)
    expect(full('C:\\con\\x')).toBe('C:\\con\\x');
  });

  it('an empty path is refused (ntdll.c:392, path.c:1998)', () => {
    expectWinError(() => resolvePath('', ctx), 'ERROR_PATH_NOT_FOUND');
  });

  it('a path of spaces is refused as the empty one is, not taken for the current folder (ntdll.c:572-590)', () => {
    // RtlDosPathNameToNtPathName_U fails alike on '' and ' ', and Win32 reports '' as
    // ERROR_PATH_NOT_FOUND (file.c:1692-1694 CreateFileW, file.c:1958-1960 DeleteFileW)
    for (const input of [' ', '   ']) {
      const error = expectWinError(() => resolvePath(input, ctx), 'ERROR_PATH_NOT_FOUND');
      expect(error.message).toMatch(/spaces only/);
    }
    // a space that is part of a longer path is trimmed as rule P1 says, not refused
    expect(full('c: ')).toBe('C:\\windows');
    expect(full(' x')).toBe('C:\\windows\\ x');
  });
});

describe('RtlIsDosDeviceName_U (Wine ntdll.c:109): a device name is never a file', () => {
  // Windows finds a device in these; svcpack refuses a file by such a name (P3, P4)
  const DEVICES: Row[] = [
    ['c:\\nul:', 'NUL', 'ntdll.c:128'],
    ['c:\\nul::', 'NUL', 'ntdll.c:131'],
    ['c:\\nul::::::', 'NUL', 'ntdll.c:132'],
    ['c:prn     ', 'PRN', 'ntdll.c:133'],
    ['c:prn.......', 'PRN', 'ntdll.c:134'],
    ['c:prn... ...', 'PRN', 'ntdll.c:135'],
    ['c:NUL  ....  ', 'NUL', 'ntdll.c:136'],
    ['c:nul. . . :', 'NUL', 'ntdll.c:141'],
    ['c:nul . . :', 'NUL', 'ntdll.c:142'],
    ['c:prn:.txt:', 'PRN', 'ntdll.c:147'],
    ['con:', 'CON', 'ntdll.c:149'],
    ['lpt1:', 'LPT1', 'ntdll.c:150'],
    ['c:com5:', 'COM5', 'ntdll.c:151'],
    ['CoM4:', 'COM4', 'ntdll.c:152'],
    ['lpt9:', 'LPT9', 'ntdll.c:153'],
    ['CON', 'CON', 'ntdll.c:158'],
  ];
  it.each(DEVICES)('%j names the device %s (%s): ERROR_INVALID_NAME', (input) => {
    expectWinError(() => resolvePath(input, ctx), 'ERROR_INVALID_NAME');
  });

  it('`name:stream` after a device name is refused too (ntdll.c:144-148, devices before Windows 11)', () => {
    // svcpack reads these as a named stream first (P5) and refuses them as not modelled
    for (const input of ['c:prn:aaa', 'c:PRN:.txt', 'c:aux:.txt...', 'c:nul:aaa']) {
      expect(() => resolvePath(input, ctx)).toThrow(/ERROR_(INVALID_NAME|NOT_SUPPORTED)/);
    }
  });

  const NOT_DEVICES: Row[] = [
    ['c:\\nul\\foo', 'C:\\nul\\foo', 'ntdll.c:130'],
    ['c: . . .', 'C:\\windows', 'ntdll.c:137'],
    ['c:', 'C:\\windows', 'ntdll.c:138'],
    ['c:nul0', 'C:\\windows\\nul0', 'ntdll.c:143'],
    ['c:\\lpt0.txt', 'C:\\lpt0.txt', 'ntdll.c:154'],
    ['CONERR$', 'C:\\windows\\CONERR$', 'ntdll.c:157'],
    ['PIPE', 'C:\\windows\\PIPE', 'ntdll.c:159'],
  ];
  it.each(NOT_DEVICES)('%j is no device: %j (%s)', (input, windows) => {
    expect(full(input)).toBe(windows);
  });
});

describe('RtlDosPathNameToNtPathName_U (Wine ntdll.c:428)', () => {
  const NT: Row[] = [
    ['c:\\', '\\??\\C:\\', 'ntdll.c:447'],
    ['c:/foo', '\\??\\C:\\foo', 'ntdll.c:450'],
    ['c:/foo.', '\\??\\C:\\foo', 'ntdll.c:451'],
    ['c:/foo ', '\\??\\C:\\foo', 'ntdll.c:452'],
    ['C:/foo/bar', '\\??\\C:\\foo\\bar', 'ntdll.c:467'],
    ['c:foo/bar', '\\??\\C:\\windows\\foo\\bar', 'ntdll.c:471'],
    ['foo', '\\??\\C:\\windows\\foo', 'ntdll.c:479'],
    ['..', '\\??\\C:\\', 'ntdll.c:482'],
    ['//server/share/x', '\\??\\UNC\\server\\share\\x', 'ntdll.c:495'],
  ];
  it.each(NT)('%j is %j (%s)', (input, nt) => {
    expect(toNtPath(resolvePath(input, ctx))).toBe(nt);
  });

  it('\\\\?\\ is verbatim: trailing dots and spaces stay (ntdll.c:548, ntdll.c:565)', () => {
    expect(resolvePath('\\\\?\\C:\\foo. . ', ctx).segments).toEqual(['foo. . ']);
    expect(resolvePath('\\??\\C:\\foo. . ', ctx).segments).toEqual(['foo. . ']);
    // an NT name is not trimmed either: `kernel32.dll   ` is another name (ntdll.c:646-649)
    expect(resolvePath('\\??\\C:\\windows   \\x.dll..', ctx).segments).toEqual(['windows   ', 'x.dll..']);
  });

  it('\\\\?\\ keeps `.`, `..` and `/` as names, which the file system refuses (ntdll.c:540-547, ntdll.c:644, ntdll.c:650, ntdll.c:675, file.c:5548)', () => {
    for (const input of [
      '\\\\?\\C:\\windows\\system32\\..\\system32\\kernel32.dll',
      '\\\\?\\C:\\foo\\.',
      '\\\\?\\C:\\foo/bar',
      '\\??\\C:\\windows\\.',
      '\\??\\C:\\windows/system32/kernel32.dll',
    ]) {
      expectWinError(() => resolvePath(input, ctx), 'ERROR_INVALID_NAME');
    }
  });

  it('\\\\?\\ and \\??\\ alone name nothing: ERROR_INVALID_NAME (file.c:5545-5546)', () => {
    expectWinError(() => resolvePath('\\\\?\\', ctx), 'ERROR_INVALID_NAME');
    expectWinError(() => resolvePath('\\??\\', ctx), 'ERROR_INVALID_NAME');
  });
});

describe('8.3 names (Wine ntdll.c:195 RtlIsNameLegalDOS8Dot3, path.c:2195 CheckNameLegalDOS8Dot3)', () => {
  // [name, legal 8.3, has spaces, line]: NTFS gives a name its own alias unless it is legal and has
  // no spaces, which is what isShortName tells
  const LEGAL: ReadonlyArray<readonly [string, boolean, boolean, string]> = [
    ['12345678', true, false, 'ntdll.c:206'],
    ['123 5678', true, true, 'ntdll.c:207'],
    ['12345678.', false, false, 'ntdll.c:208'],
    ['1234 678.', false, false, 'ntdll.c:209'],
    ['12345678.a', true, false, 'ntdll.c:210'],
    ['12345678.a ', false, false, 'ntdll.c:211'],
    ['12345678.a c', true, true, 'ntdll.c:212'],
    [' 2345678.a ', false, false, 'ntdll.c:213'],
    ['1 345678.abc', true, true, 'ntdll.c:214'],
    ['1      8.a c', true, true, 'ntdll.c:215'],
    ['1 3 5 7 .abc', false, false, 'ntdll.c:216'],
    ['12345678.  c', true, true, 'ntdll.c:217'],
    ['123456789.a', false, false, 'ntdll.c:218'],
    ['12345.abcd', false, false, 'ntdll.c:219'],
    ['12345.ab d', false, false, 'ntdll.c:220'],
    ['.abc', false, false, 'ntdll.c:221'],
    ['12.abc.d', false, false, 'ntdll.c:222'],
    ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', false, false, 'ntdll.c:226'],
    ['alongfilename.txt', false, false, 'path.c:2199'],
    ['test.est.txt', false, false, 'path.c:2200'],
    ['test.txttxt', false, false, 'path.c:2201'],
    ["!#$%&'().-@^", true, false, 'path.c:2203'],
    ['testtest.txt', true, false, 'path.c:2204'],
    ['t', true, false, 'path.c:2205'],
    ['test est.txt', true, true, 'path.c:2206'],
  ];
  it.each(LEGAL)('%j: legal %s, spaces %s (%s)', (name, legal, spaces) => {
    expect(isShortName(name)).toBe(legal && !spaces);
  });

  it('a long name gets an 8.3 alias that keeps three characters of its extension (path.c:641-642)', () => {
    const file = shortNameFor('Long File test.path', new Set());
    expect(file).toMatch(/^[A-Z0-9_~]{1,8}\.PAT$/);
    expect(isShortName(file)).toBe(true);
    const dir = shortNameFor('Long Directory', new Set());
    expect(isShortName(dir)).toBe(true);
    expect(dir).not.toContain('.');
  });

  it('a name whose extension is too long gets an alias (path.c:1394-1400: a.bcde has a short name)', () => {
    expect(isShortName('a.bcde')).toBe(false);
    expect(isShortName(shortNameFor('a.bcde', new Set()))).toBe(true);
  });

  it('characters valid in a long name resolve, `*` and `?` do not (path.c:66-67 funny_chars, is_char_ok)', () => {
    const funny = "!@#$%^&*()=+{}[],?'`";
    const ok = '11111110111111111011';
    [...funny].forEach((character, i) => {
      const input = `C:\\windows\\file${character}000.ext`;
      if (ok[i] === '1') expect(full(input)).toBe(input);
      else expectWinError(() => resolvePath(input, ctx), 'ERROR_INVALID_NAME');
    });
  });
});
