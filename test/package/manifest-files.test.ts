import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import { manifestProblems, validateManifest } from '../../src/package/index.js';
import { sampleManifest } from './samples.js';

/** Values that sit on either side of some file field's rule. */
const edgeValues: unknown[] = [
  undefined,
  null,
  '',
  'gdr',
  'qfe',
  'GDR',
  0,
  -1,
  1.5,
  2 ** 32,
  2 ** 32 - 1,
  Number.NaN,
  true,
  'true',
  {},
  [],
  ['en-US'],
  ['EN'],
  [undefined],
  // eslint-disable-next-line no-sparse-arrays
  [, 'en-US'],
  'i386/a.dll',
  'i386\\a.dll',
  '/abs.dll',
  'i386/../a.dll',
  'i386/CON',
  'i386/a.dll.',
  '%SystemRoot%\\system32\\a.dll',
  'C:\\a.dll',
  '%SystemRoot%\\',
  '%SystemRoot%/a.dll',
  '%SystemRoot%\\a|b.dll',
  '1.2.3.4',
  '5.0',
  '1.2.3.4.5',
  '70000.0.0.0',
  '1..2',
  'a'.repeat(64),
  'A'.repeat(64),
  'a'.repeat(63),
  'f'.repeat(16),
  'F'.repeat(16),
  'component',
];
const fields = [
  'source',
  'target',
  'version',
  'size',
  'sha256',
  'xxh64',
  'protected',
  'optionalComponent',
  'oem',
  'branch',
  'languages',
  'driver',
  'unknownField',
];

/** Values near each field's own rule, so that every rule is probed often. */
const nearRule: Record<string, unknown[]> = {
  source: ['i386/a.dll', 'i386\\a.dll', '/abs.dll', 'C:/a.dll', 'i386/../a.dll', 'i386/CON', 'i386/a.', ''],
  target: [
    'C:\\a.dll',
    '%SystemRoot%\\',
    '%SystemRoot%/a.dll',
    '%SystemRoot%\\a|b.dll',
    'a.dll',
    '%X%\\NUL.txt',
  ],
  version: ['1.2.3.4', '5.0', '1.2.3.4.5', '70000.0.0.0', '1..2', '', ' 1.2'],
  size: [0, -1, 1.5, 2 ** 32, 2 ** 32 - 1, Number.NaN, Number.POSITIVE_INFINITY, '12'],
  sha256: ['a'.repeat(64), 'A'.repeat(64), 'a'.repeat(63), 'a'.repeat(65), 'g'.repeat(64)],
  xxh64: ['f'.repeat(16), 'F'.repeat(16), 'f'.repeat(15), 'f'.repeat(17), 'x'.repeat(16)],
  protected: [true, false, 'true', 1],
  optionalComponent: ['', 'component', 1],
  oem: [true, false, 'no'],
  branch: ['gdr', 'qfe', 'GDR', ''],
  // eslint-disable-next-line no-sparse-arrays
  languages: [[], ['en-US'], ['EN'], ['en', 'de-DE'], [undefined], [, 'en-US'], 'en-US'],
  driver: [true, false, null],
  unknownField: [1],
};

const mutation = fc.constantFrom(...fields).chain((field) =>
  fc.record({
    field: fc.constant(field),
    value: fc.oneof(fc.constantFrom(...nearRule[field]), fc.constantFrom(...edgeValues)),
    remove: fc.boolean(),
  }),
);

/** The sample manifest with changes to its second file's fields. */
function mutated(changes: Array<{ field: string; value: unknown; remove: boolean }>): unknown {
  const manifest = structuredClone(sampleManifest()) as unknown as { files: Array<Record<string, unknown>> };
  for (const { field, value, remove } of changes) {
    if (remove) delete manifest.files[1][field];
    else manifest.files[1][field] = value;
  }
  return manifest;
}

/** Checks one input: the manifest comes back, or every problem is in the file that was changed. */
function problemsInTheChangedFile(json: unknown): void {
  const problems = manifestProblems(json);
  if (problems.length === 0) {
    expect(() => validateManifest(json)).not.toThrow();
    return;
  }
  expect(() => validateManifest(json)).toThrow(InputError);
  for (const { where } of problems) expect(where).toMatch(/^\/files\/1(\/|$)/);
}

describe('manifest validation of file entries', () => {
  it('a value near a rule, one field at a time: refused only with problems in that file', () => {
    for (const field of fields) {
      for (const value of [...nearRule[field], ...edgeValues]) {
        problemsInTheChangedFile(mutated([{ field, value, remove: false }]));
      }
      problemsInTheChangedFile(mutated([{ field, value: undefined, remove: true }]));
    }
  });

  it('any few changes at once: refused only with problems in that file', () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 4 }), (changes) =>
        problemsInTheChangedFile(mutated(changes)),
      ),
      { numRuns: 300 },
    );
  });

  it('a wrong value is reported at its field: size, sha256, branch, languages, an unknown field', () => {
    const where = (field: string, value: unknown) =>
      manifestProblems(mutated([{ field, value, remove: false }])).map((problem) => problem.where);
    expect(where('size', -1)).toEqual(['/files/1/size']);
    expect(where('sha256', 'A'.repeat(64))).toEqual(['/files/1/sha256']);
    expect(where('branch', 'GDR')).toEqual(['/files/1/branch']);
    // eslint-disable-next-line no-sparse-arrays
    expect(where('languages', [, 'en-US'])).toEqual(['/files/1/languages/0']);
    expect(where('unknownField', 1)).toEqual(['/files/1/unknownField']);
  });

  it('copies the file entries: changing the input afterwards does not change the manifest', () => {
    const input = sampleManifest();
    const out = validateManifest(input);
    expect(out.files[0]).not.toBe(input.files[0]);
    input.files[0].target = '%SystemRoot%\\changed.dll';
    expect(out.files[0].target).not.toBe('%SystemRoot%\\changed.dll');
  });

  it('a hole in the file list is a problem at its index', () => {
    const manifest = sampleManifest() as unknown as { files: unknown[] };
    manifest.files = [manifest.files[0], undefined, ...manifest.files.slice(1)];
    delete manifest.files[1];
    expect(manifestProblems(manifest).map((problem) => problem.where)).toContain('/files/1');
  });

  it('gives the fields back in the schema order whatever order they came in: the signed JSON is the same', () => {
    const text = JSON.stringify(validateManifest(sampleManifest()));
    const shuffled = JSON.parse(text) as { files: Array<Record<string, unknown>> };
    shuffled.files[0] = Object.fromEntries(Object.entries(shuffled.files[0]).reverse());
    expect(JSON.stringify(validateManifest(shuffled))).toBe(text);
  });
});
