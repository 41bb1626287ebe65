import { describe, expect, it } from 'vitest';
import type { InputProblem } from '../../src/errors/index.js';
import { jsonPointer, manifestProblems, manifestSchema, validateManifest } from '../../src/package/index.js';
import { crossFieldProblems, isObject } from '../../src/package/manifest-rules.js';
import { sampleManifest } from './samples.js';

/** The problems as the public zod schema, whose file list is a zod array, words them (as validateManifest did). */
function throughZodArray(json: unknown): InputProblem[] {
  const problems: InputProblem[] = [];
  const result = manifestSchema.safeParse(json);
  for (const issue of result.success ? [] : result.error.issues) {
    if (issue.code === 'unrecognized_keys')
      for (const key of issue.keys)
        problems.push({ where: jsonPointer([...issue.path, key]), message: `unknown field '${key}'` });
    else problems.push({ where: jsonPointer(issue.path), message: issue.message });
  }
  if (isObject(json)) problems.push(...crossFieldProblems(json));
  return problems;
}

class Named {
  files = [];
}

describe('the file list, checked by hand as a whole (zod visited each entry once more first)', () => {
  const base = sampleManifest() as unknown as Record<string, unknown>;
  const lists: unknown[] = [
    null,
    'files',
    0,
    Number.NaN,
    1.5,
    true,
    {},
    { 0: {} },
    new Named(),
    new Date(0),
    [null],
    [1, 'x', {}],
    [[]],
  ];

  it.each(lists.map((files) => [files]))('words a file list of %o as zod does', (files) => {
    const json = { ...base, files };
    expect(manifestProblems(json)).toEqual(throughZodArray(json));
    expect(manifestProblems(json).length).toBeGreaterThan(0);
  });

  it('words a missing file list as zod does, with the other fields wrong too', () => {
    const { files: _files, ...rest } = base;
    expect(manifestProblems(rest)).toEqual(throughZodArray(rest));
    const worse = { ...rest, id: '', level: -1, extra: 1 };
    expect(manifestProblems(worse)).toEqual(throughZodArray(worse));
    expect(manifestProblems({ ...worse, files: 'x' })).toEqual(throughZodArray({ ...worse, files: 'x' }));
  });

  it('accepts what zod accepts, to the same manifest', () => {
    for (const json of [base, { ...base, files: [] }]) {
      expect(manifestProblems(json)).toEqual([]);
      expect(throughZodArray(json)).toEqual([]);
      expect(validateManifest(structuredClone(json))).toEqual(manifestSchema.parse(structuredClone(json)));
    }
  });
});
