import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import { compareVersions, formatVersion, parseVersion, tryParseVersion } from '../../src/package/index.js';
import { versionProblem } from '../../src/package/version.js';

describe('parseVersion', () => {
  it('reads four 16-bit parts', () => {
    expect(parseVersion('5.0.2195.6717')).toEqual([5, 0, 2195, 6717]);
    expect(parseVersion('65535.0.0.65535')).toEqual([65535, 0, 0, 65535]);
  });

  it('fills missing parts with zeros, as Windows Installer does', () => {
    expect(parseVersion('5')).toEqual([5, 0, 0, 0]);
    expect(parseVersion('5.1')).toEqual([5, 1, 0, 0]);
  });

  it.each([
    '',
    '5.0.2195.65536',
    '1.2.3.4.5',
    '5..1',
    '5.0.a.1',
    '-1.0.0.0',
    ' 5.0',
    '5.0 ',
    '1e3',
    '5.0.2195.6717.',
    '+1',
  ])('refuses %j with an InputError naming the text', (text) => {
    expect(tryParseVersion(text)).toBeUndefined();
    const error = (() => {
      try {
        parseVersion(text);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems[0].where).toBe(text);
  });
});

describe('compareVersions', () => {
  it('orders part by part, numerically', () => {
    expect(compareVersions('5.0.2195.6717', '5.0.2195.6769')).toBe(-1);
    expect(compareVersions('5.0.2195.10', '5.0.2195.9')).toBe(1);
    expect(compareVersions('5.1.0.0', '5.0.9999.9999')).toBe(1);
    expect(compareVersions('5.0.2195.1', '5.0.2195.1')).toBe(0);
  });

  it('treats missing parts as zero', () => {
    expect(compareVersions('5.0', '5.0.0.0')).toBe(0);
    expect(compareVersions('5.0', '5.0.0.1')).toBe(-1);
  });

  it('throws an InputError for a bad version on either side', () => {
    expect(() => compareVersions('5.0.x', '5.0')).toThrow(InputError);
    expect(() => compareVersions('5.0', '70000.0')).toThrow(InputError);
  });

  it('is a total order that agrees with formatVersion/parseVersion (property)', () => {
    const part = fc.integer({ min: 0, max: 0xffff });
    const version = fc.tuple(part, part, part, part).map((v) => formatVersion(v));
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        expect(formatVersion(parseVersion(a))).toBe(a);
        expect(compareVersions(a, b)).toBe(-compareVersions(b, a) || 0);
        expect(compareVersions(a, a)).toBe(0);
        if (compareVersions(a, b) <= 0 && compareVersions(b, c) <= 0)
          expect(compareVersions(a, c)).toBeLessThanOrEqual(0);
      }),
    );
  });
});

describe('versionProblem agrees with tryParseVersion', () => {
  it('for any text of digits and dots (the shortcut for short parts included)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...'0123456789.', '65535', '65536', '99999', 'x'), { maxLength: 14 }),
        (parts) => {
          const text = parts.join('');
          expect(versionProblem(text) === undefined).toBe(tryParseVersion(text) !== undefined);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

/** The rule as written: one to four dot-separated parts of 1-5 ASCII digits, each at most 65535. */
function referenceParse(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length > 4 || !parts.every((part) => /^[0-9]{1,5}$/.test(part))) return undefined;
  const values = parts.map(Number);
  if (values.some((value) => value > 0xffff)) return undefined;
  return [0, 1, 2, 3].map((i) => values[i] ?? 0);
}

describe('tryParseVersion reads digits unit by unit', () => {
  it('to the same answer as the rule as written, for any text of digits, dots and near misses', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...'0123456789.', '00065535', '65536', '099999', 'x', ' ', '٣', '-'), {
          maxLength: 16,
        }),
        (parts) => {
          const text = parts.join('');
          expect(tryParseVersion(text)).toEqual(referenceParse(text));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('reads leading zeros within five digits and refuses a sixth', () => {
    expect(tryParseVersion('00005.0.0.1')).toEqual([5, 0, 0, 1]);
    expect(tryParseVersion('000005.0')).toBeUndefined();
  });
});
