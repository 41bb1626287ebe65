/**
 * The rule ids of the project's specification, read from the spec itself: the first cell of each
 * table row of its files (`| B16 | Clearing the value | ...`). The spec sits beside the repository
 * (`../shared/spec`, as in CI) or at /work/shared/spec.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const SPEC_FOLDERS = [join(ROOT, '..', 'shared', 'spec'), '/work/shared/spec'];

/** The spec folder; throws when there is none, so that a check of rule ids cannot pass on nothing. */
export function specFolder(): string {
  const folder = SPEC_FOLDERS.find((candidate) => existsSync(candidate));
  if (!folder) throw new Error(`no spec folder: looked in ${SPEC_FOLDERS.join(' and ')}`);
  return folder;
}

/** Every rule id of the spec with its file (`windows-fs.md`), in file and row order. */
export function specRules(): Array<{ id: string; file: string }> {
  const folder = specFolder();
  const rules: Array<{ id: string; file: string }> = [];
  for (const file of readdirSync(folder)
    .filter((name) => name.endsWith('.md'))
    .sort()) {
    const text = readFileSync(join(folder, file), 'utf8');
    for (const match of text.matchAll(/^\| *([A-Z]+\d+) *\|/gm)) rules.push({ id: match[1], file });
  }
  return rules;
}

/** Whether a title is named after a rule: it starts with the id, then `:`, `(` or a space (`'R2: ...'`). */
export function titleNamesRule(title: string, id: string): boolean {
  return new RegExp(`^${id}[:( ]`).test(title);
}

/** Whether a test file's source names a test (or a block) after `id` (`it('N3: ...')`). */
export function namesTestAfter(source: string, id: string): boolean {
  return new RegExp(`\\b(?:it|test|describe)(?:\\.\\w+)*(?:\\([^()]*\\))?\\(\\s*['"\`]${id}[:( ]`).test(
    source,
  );
}
