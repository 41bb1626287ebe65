/**
 * `.reg` fuzzing: random mutations of a valid export (text, and the UTF-16 file bytes). Each import
 * either applies (and the export round-trips) or is refused with a precise InputError/WinError that
 * leaves the image unchanged; never a TypeError, a RangeError or a hang.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { InputError, WinError } from '../../src/errors/index.js';
import { WinImage } from '../../src/machine/index.js';
import { encodeRegFile } from '../../src/registry/index.js';
import { smallServer } from '../servicing/small-server.js';
import { recordFigure, rerun, scaled, yieldToEventLoop } from './figures.js';

const FILE = 'test/reliability/fuzz-reg.test.ts';
const KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';
/** The characters the `.reg` grammar gives meaning to, and a few it does not. */
const MEANINGFUL = [...'[]"=\\:,@-\r\n\t hex(2)dword0fF', '\u0000', '\ud800', 'é'];

let base: WinImage;
let baseDigest: string;
let valid: string;

beforeAll(() => {
  base = WinImage.wrap(smallServer());
  baseDigest = base.digest();
  valid = base.registry.exportReg(KEY);
});

type Edit = { at: number; remove: number; insert: string };
const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  remove: fc.nat(6),
  insert: fc.oneof(
    fc.constant(''),
    fc.constantFrom(...MEANINGFUL),
    fc.string({ maxLength: 6, unit: fc.constantFrom(...MEANINGFUL) }),
    fc.string({ maxLength: 4, unit: 'binary' }),
  ),
});

function mutate(text: string, edits: Edit[]): string {
  let out = text;
  for (const { at, remove, insert } of edits) {
    const where = at % (out.length + 1);
    out = out.slice(0, where) + insert + out.slice(where + remove);
  }
  return out;
}

type Outcome = 'imported' | 'InputError' | 'WinError';

/** Imports into a fork; a refusal must leave the fork exactly as it was. */
function importInto(input: string | Uint8Array): Outcome {
  const image = base.fork();
  try {
    image.registry.importReg(input, 'fuzzed.reg');
  } catch (error) {
    if (!(error instanceof InputError || error instanceof WinError)) throw error;
    expect(image.digest(), 'a refused import changes nothing').toBe(baseDigest);
    return error instanceof InputError ? 'InputError' : 'WinError';
  }
  // what was imported exports and imports again to the same registry
  const again = base.fork();
  const imported = image.registry.exportReg(KEY);
  again.registry.importReg(imported);
  expect(again.registry.exportReg(KEY)).toBe(imported);
  return 'imported';
}

describe('.reg fuzzing', () => {
  for (const asBytes of [false, true]) {
    const form = asBytes ? 'UTF-16 file bytes' : 'text';
    test(`random mutations of a valid export (${form}): imported and round-tripping, or refused precisely and cleanly`, async () => {
      const counts: Record<Outcome, number> = { imported: 0, InputError: 0, WinError: 0 };
      await fc.assert(
        fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 5 }), fc.nat(3), async (edits, cut) => {
          await yieldToEventLoop();
          const text = mutate(valid, edits);
          let input: string | Uint8Array = text;
          if (asBytes) {
            const bytes = encodeRegFile(text);
            input = cut === 0 ? bytes.subarray(0, bytes.length - 1 - (edits[0].at % 7)) : bytes;
          }
          counts[importInto(input)]++;
        }),
        { numRuns: scaled(4000, 200) },
      );
      expect(counts.InputError, 'the mutations reach the parser').toBeGreaterThan(0);
      recordFigure({
        kind: 'fuzz',
        what: `.reg ${form}: 1-5 random edits of a valid export`,
        tried: counts.imported + counts.InputError + counts.WinError,
        inner: counts.imported,
        innerLabel: `imported and round-tripped (${counts.InputError} InputError, ${counts.WinError} WinError)`,
        command: rerun(FILE, form),
      });
    });
  }
});
