import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  manifestProblems,
  manifestSchema,
  validateManifest,
  type Manifest,
} from '../../src/package/index.js';
import { validateParsedManifest } from '../../src/package/manifest.js';
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
    file: fc.nat(),
    field: fc.constant(field),
    value: fc.oneof(fc.constantFrom(...nearRule[field]), fc.constantFrom(...edgeValues)),
    remove: fc.boolean(),
  }),
);

function mutated(changes: Array<{ file: number; field: string; value: unknown; remove: boolean }>): unknown {
  const manifest = structuredClone(sampleManifest()) as unknown as { files: Array<Record<string, unknown>> };
  for (const { file, field, value, remove } of changes) {
    const target = manifest.files[file % manifest.files.length];
    if (remove) delete target[field];
    else target[field] = value;
  }
  return manifest;
}

/** validateManifest's answer: the manifest, or undefined when it refused. */
function validated(json: unknown): Manifest | undefined {
  try {
    return validateManifest(json);
  } catch {
    return undefined;
  }
}

/** Checks one input: validateManifest must accept exactly what zod (plus the rules across fields) accepts. */
function agreesWithSchema(json: unknown): void {
  const reference = manifestSchema.safeParse(json);
  const out = validated(json);
  if (out !== undefined) {
    expect(reference.success).toBe(true);
    expect(out).toEqual(reference.data);
    // the fields come back in the schema's order, so the signed JSON is the same either way
    expect(JSON.stringify(out)).toBe(JSON.stringify(reference.data));
  } else if (reference.success) {
    // refused only for a rule across fields, which zod does not see
    expect(manifestProblems(json).length).toBeGreaterThan(0);
  }
  if (!reference.success) {
    const where = manifestProblems(json).map((problem) => problem.where);
    for (const issue of reference.error.issues) {
      if (issue.code === 'unrecognized_keys') continue;
      expect(where).toContain(`/${issue.path.join('/')}`);
    }
  }
}

describe('manifest validation: the direct check of file entries agrees with the zod schema', () => {
  it('every value near a rule, one field at a time', () => {
    for (const field of fields) {
      for (const value of [...nearRule[field], ...edgeValues]) {
        agreesWithSchema(mutated([{ file: 1, field, value, remove: false }]));
      }
      agreesWithSchema(mutated([{ file: 1, field, value: undefined, remove: true }]));
    }
  });

  it('any few changes at once: accepts exactly what the schema accepts, and gives back what it gives back', () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 4 }), (changes) => agreesWithSchema(mutated(changes))),
      { numRuns: 1000 },
    );
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

  it('validateParsedManifest keeps parsed entries in the schema order as they are, copies the others, and gives the same manifest', () => {
    // as a package file holds it: written from a validated manifest
    const text = JSON.stringify(validateManifest(sampleManifest()));
    const ordered = JSON.parse(text) as { files: Array<Record<string, unknown>> };
    const shuffled = JSON.parse(text) as { files: Array<Record<string, unknown>> };
    // the same fields, the last first
    shuffled.files[0] = Object.fromEntries(Object.entries(shuffled.files[0]).reverse());
    const expected = JSON.stringify(validateManifest(JSON.parse(text)));
    const fromOrdered = validateParsedManifest(ordered);
    const fromShuffled = validateParsedManifest(shuffled);
    expect(fromOrdered.files[0]).toBe(ordered.files[0]);
    expect(fromShuffled.files[0]).not.toBe(shuffled.files[0]);
    expect(fromShuffled.files[1]).toBe(shuffled.files[1]);
    expect(JSON.stringify(fromOrdered)).toBe(expected);
    expect(JSON.stringify(fromShuffled)).toBe(expected);
  });

  it('validateParsedManifest refuses what validateManifest refuses, with the same problems', () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 3 }), (changes) => {
        const json = mutated(changes);
        const problems = (run: () => unknown) => {
          try {
            run();
            return undefined;
          } catch (error) {
            return (error as { problems?: unknown }).problems;
          }
        };
        expect(problems(() => validateParsedManifest(structuredClone(json)))).toEqual(
          problems(() => validateManifest(json)),
        );
      }),
      { numRuns: 300 },
    );
  });
});
