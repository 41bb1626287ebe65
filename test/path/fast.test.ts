import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveNormalDrivePath, resolvePath } from '../../src/path/index.js';

const ctx = { currentDrive: 'C' };

describe('resolveNormalDrivePath', () => {
  it('accepts plain drive paths and gives what resolvePath gives', () => {
    for (const p of ['C:\\', 'c:\\WINNT\\system32\\kernel32.dll', 'D:\\Data\\x y\\z.txt', 'C:\\WINNT\\']) {
      expect(resolveNormalDrivePath(p)).toEqual(resolvePath(p, ctx));
    }
  });

  it('leaves everything that needs normalising or validating to resolvePath', () => {
    for (const p of [
      'C:\\a\\..\\b',
      'C:\\a\\.\\b',
      'C:/a',
      'C:\\a.',
      'C:\\a ',
      'C:\\nul.txt',
      'C:\\a\\\\b',
      '\\\\srv\\s\\x',
      'C:x',
      'C:\\a<b',
    ]) {
      expect(resolveNormalDrivePath(p)).toBeUndefined();
    }
  });

  it('property: whenever it answers, it agrees with resolvePath', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9 ._~$-]{1,12}$/);
    const path = fc
      .tuple(fc.constantFrom('C', 'd', 'Z'), fc.array(segment, { maxLength: 6 }))
      .map(([d, s]) => `${d}:\\${s.join('\\')}`);
    fc.assert(
      fc.property(path, (p) => {
        const fast = resolveNormalDrivePath(p);
        if (fast === undefined) return true;
        expect(fast).toEqual(resolvePath(p, ctx));
        return true;
      }),
      { numRuns: 2000 },
    );
  });
});
