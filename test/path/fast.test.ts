import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  foldName,
  foldNormalName,
  isNormalName,
  isReservedDeviceName,
  resolveNormalDrivePath,
  resolvePath,
} from '../../src/path/index.js';

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

describe('foldNormalName', () => {
  const unit = fc.constantFrom(...'aZ.0 _<|:\\/*?"~', '\u0000', '\u001f', 'é', 'ß', 'ı', 'Ω', '\ud800');
  const name = fc.oneof(
    fc.array(unit, { maxLength: 12 }).map((units) => units.join('')),
    fc.constantFrom('nul', 'Nul.txt', 'com1', 'LPT9.log', 'aux ', 'con.', 'console', 'com0', 'a'.repeat(256)),
  );

  it('is the folded name exactly when isNormalName accepts the name', () => {
    fc.assert(
      fc.property(name, (text) => {
        expect(foldNormalName(text)).toBe(isNormalName(text) ? foldName(text) : undefined);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('isReservedDeviceName looks at the first unit before anything else', () => {
  it('agrees with the device list for names of any initial', () => {
    const devices = new Set(['CON', 'PRN', 'AUX', 'NUL']);
    for (let n = 1; n <= 9; n++) devices.add(`COM${n}`).add(`LPT${n}`);
    const reference = (text: string) => {
      let end = text.indexOf('.');
      if (end < 0) end = text.length;
      while (end > 0 && text[end - 1] === ' ') end--;
      return devices.has(text.slice(0, end).toUpperCase());
    };
    const initial = fc.constantFrom(...'CcPpAaNnLlXxOo1 .', 'ç', 'ſ', 'ı');
    const rest = fc.array(fc.constantFrom(...'OoNnUuLlRrXxMmPpTt19 .'), { maxLength: 6 });
    fc.assert(
      fc.property(initial, rest, (first, units) => {
        const text = first + units.join('');
        expect(isReservedDeviceName(text)).toBe(text.length >= 3 && reference(text));
      }),
      { numRuns: 3000 },
    );
  });
});
