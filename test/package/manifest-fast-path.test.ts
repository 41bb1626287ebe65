import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleManifest } from './samples.js';
import { manifestSchema, validateManifest } from '../../src/package/index.js';
import { FILE_FIELDS, isPlainValidFile } from '../../src/package/manifest-fast.js';
import { fileSchema } from '../../src/package/manifest-schema.js';

/** Values on either side of the file fields' rules (and of the shortcut's own tests: order, prototype). */
const values: unknown[] = [
  'i386/a.dll',
  'i386\\a.dll',
  'i386/CON',
  '%SystemRoot%\\system32\\a.dll',
  '%SystemRoot%\\a|b.dll',
  '1.2.3.4',
  '1..2',
  'a'.repeat(64),
  'A'.repeat(64),
  'f'.repeat(16),
  'f'.repeat(15),
  0,
  -1,
  1.5,
  2 ** 32 - 1,
  2 ** 32,
  true,
  false,
  '',
  'component',
  'gdr',
  'qfe',
  'GDR',
  [],
  ['en-US'],
  ['EN'],
  null,
];
const keys = [...FILE_FIELDS, 'unknownField', '__proto__'];

/** A file entry as JSON text would give it: some of the fields, in any order, with any of the values. */
const entryText = fc
  .uniqueArray(fc.constantFrom(...keys), { maxLength: 8 })
  .chain((names) =>
    fc.tuple(
      fc.constant(names),
      fc.array(fc.constantFrom(...values), { minLength: names.length, maxLength: names.length }),
    ),
  )
  .map(
    ([names, chosen]) =>
      `{${names.map((n, i) => `${JSON.stringify(n)}:${JSON.stringify(chosen[i])}`).join(',')}}`,
  );

/** The sample's second file with its fields in schema order: what the shortcut accepts. */
function plainFile(): Record<string, unknown> {
  const file = sampleManifest().files[1] as unknown as Record<string, unknown>;
  return Object.fromEntries(FILE_FIELDS.filter((key) => key in file).map((key) => [key, file[key]]));
}

/** The plain file with one field set (a new field goes last) or taken out, as JSON text. */
const nearPlainText = fc
  .tuple(fc.constantFrom(...keys), fc.constantFrom(...values), fc.boolean())
  .map(([key, value, remove]) => {
    const file = plainFile();
    if (remove) delete file[key];
    else file[key] = value;
    return JSON.stringify(file);
  });
const anyEntryText = fc.oneof(entryText, nearPlainText);

describe('the file entries zod is not asked about (manifest-fast.ts)', () => {
  it("knows the file schema's fields in the schema's order", () => {
    expect([...FILE_FIELDS]).toEqual(Object.keys(fileSchema.shape));
  });

  it('an entry it accepts is one the schema gives back equal, keys in the same order', () => {
    fc.assert(
      fc.property(anyEntryText, (text) => {
        if (!isPlainValidFile(JSON.parse(text))) return;
        const parsed = fileSchema.safeParse(JSON.parse(text));
        expect(parsed.success).toBe(true);
        expect(JSON.stringify(parsed.data)).toBe(JSON.stringify(JSON.parse(text)));
      }),
      { numRuns: 3000 },
    );
    // the property above is not empty: some of the entries it is given are accepted
    fc.assert(
      fc.property(nearPlainText, (text) => {
        fc.pre(isPlainValidFile(JSON.parse(text)));
      }),
      { numRuns: 50 },
    );
  });

  it('accepts the plain entries of a package file and refuses keys out of schema order', () => {
    const file = plainFile();
    expect(isPlainValidFile(JSON.parse(JSON.stringify(file)))).toBe(true);
    const [first, ...rest] = Object.entries(file);
    expect(isPlainValidFile(Object.fromEntries([...rest, first]))).toBe(false);
    expect(isPlainValidFile(Object.assign(Object.create(null), file))).toBe(false);
  });

  it('a manifest comes back as the full schema gives it, in new objects, with any one file changed', () => {
    fc.assert(
      fc.property(anyEntryText, fc.boolean(), (text, changed) => {
        const input = sampleManifest() as unknown as { files: unknown[] };
        if (changed) input.files[1] = JSON.parse(text);
        const full = manifestSchema.safeParse(structuredClone(input));
        let manifest: unknown;
        try {
          manifest = validateManifest(input);
        } catch {
          return;
        }
        expect(full.success).toBe(true);
        expect(JSON.stringify(manifest)).toBe(JSON.stringify(full.data));
        const files = (manifest as { files: unknown[] }).files;
        expect(files[1]).not.toBe(input.files[1]);
      }),
      { numRuns: 500 },
    );
  });

  it('a file entry changed after validation does not change the manifest validated', () => {
    const input = sampleManifest();
    const manifest = validateManifest(input);
    const size = manifest.files[0].size;
    input.files[0].size = size + 1;
    expect(manifest.files[0].size).toBe(size);
  });
});
