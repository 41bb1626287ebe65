/**
 * `npm run test:quick` leaves the slow files out (vitest.quick.config.ts); what it keeps must still
 * name every rule of the spec (../shared/spec) in a test title and test every layer.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import full from '../vitest.config.js';
import { quickTests } from '../vitest.quick.config.js';
import { specRules, titleNamesRule } from './spec-rules.js';

const ROOT = join(import.meta.dirname, '..');

/** The titles of a test file's tests and describe blocks (`it.each([...])('title'` included). */
function titlesIn(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const title = /\b(?:it|test|describe)(?:\.\w+)*(?:\([^()]*\))?\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;
  return [...text.matchAll(title)].map((match) => match[2]);
}

describe('the quick set (npm run test:quick)', () => {
  const quick = quickTests();

  it('is a part of the full suite, and leaves files out', () => {
    const all = fg.sync(full.test?.include ?? [], { cwd: ROOT });
    expect(quick.every((file) => all.includes(file))).toBe(true);
    expect(quick.length).toBeGreaterThan(0);
    expect(quick.length).toBeLessThan(all.length);
  });

  it('names every spec rule in a test title at least once', () => {
    // the ids of the spec's own files (../shared/spec), not of a table copied from them
    const ids = specRules().map((rule) => rule.id);
    expect(ids).toEqual(expect.arrayContaining(['P1', 'N9', 'R3', 'Q7', 'B21']));
    const titles = quick.flatMap(titlesIn);
    const unnamed = ids.filter((id) => !titles.some((title) => titleNamesRule(title, id)));
    expect(unnamed).toEqual([]);
  });

  it('has test files of every layer that has tests', () => {
    const layers = readdirSync(join(ROOT, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, 'test', entry.name)))
      .map((entry) => entry.name);
    expect(layers).toEqual(expect.arrayContaining(['path', 'image', 'servicing', 'sweep', 'cli']));
    const untested = layers.filter((layer) => !quick.some((file) => file.startsWith(`test/${layer}/`)));
    expect(untested).toEqual([]);
  });
});
