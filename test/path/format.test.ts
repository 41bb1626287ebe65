import { describe, expect, it } from 'vitest';
import {
  childPath,
  formatPath,
  literalPath,
  parentPath,
  parsePath,
  pathKey,
  resolvePath,
  toNtPath,
  toVerbatimPath,
} from '../../src/path/index.js';
import { expectWinError } from './helpers.js';

const ctx = { currentDrive: 'C' };

describe('formatPath and toNtPath', () => {
  it('formats drive paths, roots and UNC paths', () => {
    expect(formatPath({ drive: 'C', segments: ['A', 'b'], verbatim: false })).toBe('C:\\A\\b');
    expect(formatPath({ drive: 'D', segments: [], verbatim: false })).toBe('D:\\');
    expect(formatPath({ server: 'srv', share: 'sh', segments: ['x'], verbatim: false })).toBe(
      '\\\\srv\\sh\\x',
    );
  });

  it('toNtPath gives the \\??\\ form that parses back to the same place', () => {
    const resolved = resolvePath('c:\\WINNT\\x.dll', ctx);
    expect(toNtPath(resolved)).toBe('\\??\\C:\\WINNT\\x.dll');
    const back = resolvePath(toNtPath(resolved), ctx);
    expect(back.drive).toBe('C');
    expect(back.segments).toEqual(resolved.segments);
    const unc = resolvePath('\\\\srv\\sh\\a', ctx);
    expect(toNtPath(unc)).toBe('\\??\\UNC\\srv\\sh\\a');
    expect(parsePath(toNtPath(unc))).toMatchObject({
      kind: 'ntObject',
      server: 'srv',
      share: 'sh',
      segments: ['a'],
    });
    expect(toVerbatimPath(unc)).toBe('\\\\?\\UNC\\srv\\sh\\a');
  });

  it('pathKey is equal for paths differing only in case', () => {
    expect(pathKey(resolvePath('c:\\winnt\\SYSTEM32', ctx))).toBe(
      pathKey(resolvePath('C:/WINNT/system32/', ctx)),
    );
    expect(pathKey(resolvePath('C:\\straße', ctx))).not.toBe(pathKey(resolvePath('C:\\STRASSE', ctx)));
  });

  it('parentPath and childPath walk the tree and validate the new name', () => {
    const p = resolvePath('C:\\WINNT', ctx);
    expect(formatPath(childPath(p, 'x.dll'))).toBe('C:\\WINNT\\x.dll');
    expect(parentPath(p)).toEqual({ drive: 'C', segments: [], verbatim: false });
    expect(parentPath({ drive: 'C', segments: [], verbatim: false })).toBeUndefined();
    const error = expectWinError(() => childPath(p, 'con'), 'ERROR_INVALID_NAME');
    expect(error.path).toBe('C:\\WINNT\\con');
  });
});

describe('literalPath', () => {
  it('keeps a stored path Win32 reads as it is; gives the verbatim form of one it would read elsewhere', () => {
    const same = (stored: string) => formatPath(resolvePath(literalPath(stored), ctx));
    for (const stored of ['C:\\WINNT\\x.dll', 'C:\\', '\\\\srv\\sh\\x', `C:\\${'d'.repeat(240)}`]) {
      expect(literalPath(stored)).toBe(stored);
      expect(same(stored)).toBe(stored);
    }
    for (const stored of [
      'C:\\d\\foo.',
      'C:\\d \\x',
      'C:\\nul',
      'C:\\com\u00b9.txt',
      `C:\\${'d'.repeat(250)}`,
    ]) {
      expect(literalPath(stored)).toBe(`\\\\?\\${stored}`);
      expect(same(stored)).toBe(stored);
    }
    expect(literalPath('\\\\srv\\sh\\x.')).toBe('\\\\?\\UNC\\srv\\sh\\x.');
    expect(same('\\\\srv\\sh\\x.')).toBe('\\\\srv\\sh\\x.');
  });
});
