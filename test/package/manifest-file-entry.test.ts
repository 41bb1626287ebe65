import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manifestProblems, validateManifest } from '../../src/package/index.js';
import {
  checkFileEntry,
  FILE_FIELDS,
  withOwnedFileEntries,
  type FileEntryProblem,
} from '../../src/package/manifest-file.js';
import { sampleManifest } from './samples.js';

const notString = (received: string) => `Invalid input: expected string, received ${received}`;
const notBoolean = (received: string) => `Invalid input: expected boolean, received ${received}`;
const notVersion = (text: string) =>
  `'${text}' is not a file version: expected 1 to 4 dot-separated decimal parts, each 0..65535 (e.g. 5.0.2195.6717)`;

/**
 * Per field, in the order a checked entry gives them back: values it takes as they are, and values it
 * refuses with the messages each must get (written out here from the manifest's rules, not asked of
 * the checker). A value with a list of [item, message] pairs is refused at those items.
 */
const FIELD_CASES: Record<
  string,
  { good: unknown[]; bad: Array<[unknown, Array<[number | null, string]>]> }
> = {
  source: {
    good: ['i386/a.dll', 'a.dll'],
    bad: [
      [5, [[null, notString('number')]]],
      ['/abs.dll', [[null, 'payload name is absolute: payload names are relative']]],
      ['i386/../a.dll', [[null, "payload name has a '..' segment"]]],
    ],
  },
  target: {
    good: ['%SystemRoot%\\system32\\a.dll', 'C:\\a.dll'],
    bad: [
      [null, [[null, notString('null')]]],
      ['%SystemRoot%\\', [[null, 'target names a root, not a file']]],
    ],
  },
  version: {
    good: ['5.0.2195.6717', '1'],
    bad: [
      ['1..2', [[null, notVersion('1..2')]]],
      [5, [[null, notString('number')]]],
    ],
  },
  size: {
    good: [0, 12, 2 ** 32 - 1],
    bad: [
      ['12', [[null, 'Invalid input: expected number, received string']]],
      [Number.NaN, [[null, 'Invalid input: expected number, received NaN']]],
      [1.5, [[null, 'must be a whole number']]],
      [-1, [[null, 'Too small: expected number to be >=0']]],
      [2 ** 32, [[null, 'Too big: expected number to be <=4294967295']]],
    ],
  },
  sha256: {
    good: ['0123456789abcdef'.repeat(4)],
    bad: [
      ['A'.repeat(64), [[null, 'must be 64 lower-case hex digits']]],
      ['a'.repeat(63), [[null, 'must be 64 lower-case hex digits']]],
      ['a'.repeat(65), [[null, 'must be 64 lower-case hex digits']]],
      // the units just outside 0-9 and a-f
      ...['/', ':', '`', 'g'].map((unit): [unknown, Array<[number | null, string]>] => [
        'a'.repeat(63) + unit,
        [[null, 'must be 64 lower-case hex digits']],
      ]),
    ],
  },
  xxh64: {
    good: ['0123456789abcdef'],
    bad: [
      ['f'.repeat(17), [[null, 'must be 16 lower-case hex digits']]],
      [`${'f'.repeat(15)}F`, [[null, 'must be 16 lower-case hex digits']]],
      [[], [[null, notString('array')]]],
    ],
  },
  protected: { good: [true, false], bad: [['true', [[null, notBoolean('string')]]]] },
  optionalComponent: {
    good: ['msmq'],
    bad: [
      ['', [[null, 'must not be empty']]],
      [
        [],
        [
          [null, notString('array')],
          [null, 'must not be empty'],
        ],
      ],
    ],
  },
  oem: { good: [false], bad: [[0, [[null, notBoolean('number')]]]] },
  branch: {
    good: ['gdr', 'qfe'],
    bad: [['GDR', [[null, 'Invalid option: expected one of "gdr"|"qfe"']]]],
  },
  languages: {
    good: [['en-US'], ['de', 'fr-FR']],
    bad: [
      [[], [[null, 'Too small: expected array to have >=1 items']]],
      [
        ['en', 'EN', 7],
        [
          [1, 'must be a language tag such as en-US'],
          [2, notString('number')],
        ],
      ],
      [
        '',
        [
          [null, 'Invalid input: expected array, received string'],
          [null, 'Too small: expected string to have >=1 characters'],
        ],
      ],
    ],
  },
  driver: { good: [true], bad: [[null, [[null, notBoolean('null')]]]] },
};
const REQUIRED = new Set(['source', 'target', 'size', 'sha256', 'xxh64']);
const MISSING: Record<string, string> = {
  source: notString('undefined'),
  target: notString('undefined'),
  size: 'Invalid input: expected number, received undefined',
  sha256: notString('undefined'),
  xxh64: notString('undefined'),
};

/** A field's choice: left out, a value taken, or a value refused with its expected problems. */
type Choice = { absent: true } | { value: unknown; problems: Array<[number | null, string]> };
const choiceOf = (field: string): fc.Arbitrary<Choice> =>
  fc.oneof(
    fc.constant<Choice>({ absent: true }),
    fc.constantFrom(...FIELD_CASES[field].good).map((value): Choice => ({ value, problems: [] })),
    fc.constantFrom(...FIELD_CASES[field].bad).map(([value, problems]): Choice => ({ value, problems })),
  );

/** An entry built from one choice per field, in a shuffled key order, with maybe unknown fields. */
const drawnEntry = fc.record({
  choices: fc.tuple(...FILE_FIELDS.map(choiceOf)),
  order: fc.shuffledSubarray([...FILE_FIELDS.keys()], { minLength: FILE_FIELDS.length }),
  unknown: fc.uniqueArray(fc.constantFrom('Source', 'hash', '__proto__'), { maxLength: 2 }),
});

describe('the file entry check (manifest-file.ts), the one path every file entry takes', () => {
  it('gives back a copy of an entry it accepts: a new object, fields in field order, a new languages list', () => {
    const languages = ['en-US'];
    const entry = {
      languages,
      xxh64: 'b'.repeat(16),
      size: 7,
      target: 'C:\\a.dll',
      sha256: 'a'.repeat(64),
      source: 'a.dll',
    };
    const problems: FileEntryProblem[] = [];
    const copy = checkFileEntry(entry, problems);
    expect(problems).toEqual([]);
    expect(Object.entries(copy ?? {})).toEqual([
      ['source', 'a.dll'],
      ['target', 'C:\\a.dll'],
      ['size', 7],
      ['sha256', 'a'.repeat(64)],
      ['xxh64', 'b'.repeat(16)],
      ['languages', ['en-US']],
    ]);
    expect(copy).not.toBe(entry);
    expect(copy?.languages).not.toBe(languages);
  });

  it('refuses what is not an object with the problem at the entry itself', () => {
    for (const [value, received] of [
      [null, 'null'],
      [[], 'array'],
      ['a.dll', 'string'],
    ] as const) {
      const problems: FileEntryProblem[] = [];
      expect(checkFileEntry(value, problems)).toBeUndefined();
      expect(problems).toEqual([
        { path: [], message: `Invalid input: expected object, received ${received}` },
      ]);
    }
  });

  it('an entry of any fields in any order: every problem in field order, then its unknown fields, and the copy otherwise', () => {
    fc.assert(
      fc.property(drawnEntry, ({ choices, order, unknown }) => {
        const entry: Record<string, unknown> = {};
        for (const i of order) {
          const choice = choices[i];
          if (!('absent' in choice)) entry[FILE_FIELDS[i]] = choice.value;
        }
        // set so that '__proto__' is an own key, as JSON.parse makes it
        for (const key of unknown) Object.defineProperty(entry, key, { value: 1, enumerable: true });
        const expected: FileEntryProblem[] = [];
        const copy: Array<[string, unknown]> = [];
        FILE_FIELDS.forEach((field, i) => {
          const choice = choices[i];
          if ('absent' in choice) {
            if (REQUIRED.has(field)) expected.push({ path: [field], message: MISSING[field] });
            return;
          }
          for (const [item, message] of choice.problems)
            expected.push({ path: item === null ? [field] : [field, item], message });
          if (choice.problems.length === 0) copy.push([field, choice.value]);
        });
        for (const key of unknown) expected.push({ path: [key], message: `unknown field '${key}'` });
        const problems: FileEntryProblem[] = [];
        const result = checkFileEntry(entry, problems);
        expect(problems).toEqual(expected);
        if (expected.length === 0) expect(Object.entries(result ?? {})).toEqual(copy);
        else expect(result).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  it("words a manifest's file problems with their JSON pointers, among the other fields' problems in field order", () => {
    const manifest = sampleManifest() as unknown as Record<string, unknown> & {
      files: Array<Record<string, unknown>>;
    };
    manifest.title = '';
    manifest.files[1].size = -1;
    manifest.files[1].extra = true;
    manifest.files[2] = 'i386/a.dll' as never;
    manifest.tasks = 5;
    expect(manifestProblems(manifest)).toEqual([
      { where: '/title', message: 'must not be empty' },
      { where: '/files/1/size', message: 'Too small: expected number to be >=0' },
      { where: '/files/1/extra', message: "unknown field 'extra'" },
      { where: '/files/2', message: 'Invalid input: expected object, received string' },
      { where: '/tasks', message: 'Invalid input: expected array, received number' },
    ]);
    expect(() => validateManifest(manifest)).toThrow(/\/files\/1\/size/);
  });

  it('a manifest comes back with file entries of optional fields left out kept out, and set undefined kept undefined', () => {
    const manifest = sampleManifest();
    const input = manifest as unknown as { files: Array<Record<string, unknown>> };
    delete input.files[0].version;
    input.files[1].version = undefined;
    const files = validateManifest(manifest).files;
    expect('version' in files[0]).toBe(false);
    expect('version' in files[1] && files[1].version === undefined).toBe(true);
  });

  it('takes an owned entry already in field order as it is, and copies one in another order into field order', () => {
    const inOrder = {
      source: 'a.dll',
      target: 'C:\\a.dll',
      size: 7,
      sha256: 'a'.repeat(64),
      xxh64: 'b'.repeat(16),
    };
    const outOfOrder = {
      target: 'C:\\b.dll',
      source: 'b.dll',
      size: 7,
      sha256: 'a'.repeat(64),
      xxh64: 'b'.repeat(16),
    };
    const problems: FileEntryProblem[] = [];
    const [kept, copied] = withOwnedFileEntries(() => [
      checkFileEntry(inOrder, problems),
      checkFileEntry(outOfOrder, problems),
    ]);
    expect(problems).toEqual([]);
    expect(kept).toBe(inOrder);
    expect(copied).not.toBe(outOfOrder);
    expect(Object.keys(copied ?? {})).toEqual(['source', 'target', 'size', 'sha256', 'xxh64']);
    // outside the owned validation, every entry is copied again
    expect(checkFileEntry(inOrder, problems)).not.toBe(inOrder);
  });

  it('an owned entry with a problem gets the same problems as any other', () => {
    const bad = {
      source: '/a.dll',
      target: 'C:\\a.dll',
      size: -1,
      sha256: 'a'.repeat(64),
      xxh64: 'b'.repeat(16),
      x: 1,
    };
    const owned: FileEntryProblem[] = [];
    const plain: FileEntryProblem[] = [];
    expect(withOwnedFileEntries(() => checkFileEntry(bad, owned))).toBeUndefined();
    expect(checkFileEntry(bad, plain)).toBeUndefined();
    expect(owned).toEqual(plain);
    expect(owned.length).toBe(3);
  });
});
