import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WinError } from '../../src/errors/index.js';
import {
  foldName,
  foldUnit,
  formatPath,
  isShortName,
  namesEqual,
  resolvePath,
  shortNameFor,
  type PathContext,
  type ResolvedPath,
} from '../../src/path/index.js';

const ctx: PathContext = { currentDrive: 'C', cwdByDrive: { C: ['WINNT', 'system32'], D: ['i386', 'x'] } };

const segment = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      '.',
      '..',
      '..',
      'a',
      'B.',
      'c ',
      'Dir',
      'x.txt',
      'straße',
      'ı',
      'Ünï',
      '...',
      ' lead',
    ),
    weight: 4,
  },
  { arbitrary: fc.constantFrom('nul', 'a:b', 'Lpt1.log', 'x?'), weight: 1 },
  { arbitrary: fc.string({ minLength: 1, maxLength: 12 }), weight: 1 },
);
const separator = fc.constantFrom('\\', '/', '\\\\', '/\\');
const prefix = fc.constantFrom(
  '',
  'C:\\',
  'c:/',
  'D:',
  'e:',
  '\\',
  '/',
  '\\\\srv\\share\\',
  '//Srv/Sh/',
  '\\\\?\\C:\\',
);
const pathText = fc
  .tuple(prefix, fc.array(fc.tuple(segment, separator), { maxLength: 16 }))
  .map(([head, parts]) => head + parts.map(([name, sep]) => name + sep).join(''));

/** Resolves, or returns undefined when Windows would refuse the path (the refusal must be a WinError). */
function tryResolve(text: string): ResolvedPath | undefined {
  try {
    return resolvePath(text, ctx);
  } catch (error) {
    expect(error).toBeInstanceOf(WinError);
    return undefined;
  }
}

describe('path properties', () => {
  it('normalising twice changes nothing: resolve(format(resolve(x))) == resolve(x), for names P1 keeps', () => {
    fc.assert(
      fc.property(pathText, (text) => {
        const once = tryResolve(text);
        if (once === undefined || once.verbatim) return;
        // P1 lets a folder keep a trailing space or one of two periods, which a second pass trims
        // again (as GetFullPathName does): the property holds for names without them
        if (once.segments.some((name) => /[. ]$/.test(name) && !/^\.{3,}$/.test(name))) return;
        expect(resolvePath(formatPath(once), ctx)).toEqual(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('no resolved path escapes its drive root whatever the .. segments', () => {
    const climb = fc.array(fc.constantFrom('..', '.', 'a', '..\\..', 'b.'), { maxLength: 40 });
    const root = fc.constantFrom(
      { text: 'C:\\', drive: 'C', base: [] as string[] },
      { text: 'D:', drive: 'D', base: ['i386', 'x'] },
      { text: '.\\', drive: 'C', base: ['WINNT', 'system32'] },
      { text: '\\', drive: 'C', base: [] as string[] },
      { text: '\\\\srv\\share\\', drive: undefined, base: [] as string[] },
    );
    fc.assert(
      fc.property(root, climb, (start, parts) => {
        const resolved = resolvePath(start.text + parts.join('\\'), ctx);
        expect(resolved.drive).toBe(start.drive);
        if (start.drive === undefined) expect([resolved.server, resolved.share]).toEqual(['srv', 'share']);
        expect(resolved.segments.every((name) => name !== '.' && name !== '..' && name !== '')).toBe(true);
        const named = parts
          .join('\\')
          .split('\\')
          .filter((name) => name !== '.' && name !== '..').length;
        expect(resolved.segments.length).toBeLessThanOrEqual(start.base.length + named);
        expect(formatPath(resolved).startsWith(start.drive ? `${start.drive}:\\` : '\\\\srv\\share\\')).toBe(
          true,
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('folding is one-to-one per unit: same length, fold(fold(x)) == fold(x)', () => {
    const anyUnits = fc
      .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 })
      .map((units) => String.fromCharCode(...units));
    fc.assert(
      fc.property(fc.oneof(anyUnits, fc.string({ unit: 'binary', maxLength: 40 })), (text) => {
        const folded = foldName(text);
        expect(folded.length).toBe(text.length);
        expect(foldName(folded)).toBe(folded);
        for (let i = 0; i < text.length; i++) {
          expect(folded[i]).toBe(foldName(text[i]));
          expect(folded.charCodeAt(i)).toBe(foldUnit(text.charCodeAt(i)));
        }
        expect(namesEqual(text, folded)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('folding over every UTF-16 unit: idempotent, and no non-ASCII unit folds onto ASCII', () => {
    for (let unit = 0; unit < 0x10000; unit++) {
      const folded = foldName(String.fromCharCode(unit));
      expect(folded.length).toBe(1);
      const target = folded.charCodeAt(0);
      if (unit >= 0x80 && target < 0x80) throw new Error(`U+${unit.toString(16)} folds onto ASCII`);
      if (foldName(folded) !== folded) throw new Error(`U+${unit.toString(16)} does not fold idempotently`);
      if (target !== foldUnit(unit))
        throw new Error(`U+${unit.toString(16)}: foldName and foldUnit disagree`);
    }
    // Whole blocks at once go through the same per-unit table as single units.
    for (let start = 0; start < 0x10000; start += 256) {
      const block = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => start + i));
      const folded = foldName(block);
      expect(folded.length).toBe(256);
      for (let i = 0; i < 256; i++) {
        if (folded.charCodeAt(i) !== foldUnit(start + i))
          throw new Error(`U+${(start + i).toString(16)} folds differently in a block`);
      }
    }
  });

  it('8.3 aliases are valid short names and unique within a folder', () => {
    const character = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABC0123456789 .+,;=[]~!#é日-_'.split(''));
    const longName = fc
      .array(character, { minLength: 1, maxLength: 24 })
      .map((chars) => chars.join(''))
      .filter((name) => !isShortName(name));
    fc.assert(
      fc.property(fc.array(longName, { minLength: 1, maxLength: 60 }), (names) => {
        const taken = new Set<string>();
        for (const name of names) {
          const alias = shortNameFor(name, taken);
          expect(isShortName(alias)).toBe(true);
          expect(alias).toBe(foldName(alias));
          expect(taken.has(alias)).toBe(false);
          taken.add(alias);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('8.3 aliases stay unique in a folder of many similar names', () => {
    const taken = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const alias = shortNameFor(`Program Files ${i}`, taken);
      expect(isShortName(alias)).toBe(true);
      taken.add(alias);
    }
    expect(taken.size).toBe(3000);
  });
});
