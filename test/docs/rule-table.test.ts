/**
 * docs/architecture.md's table of Windows rules: every file a row names exists, every name a row
 * gives in parentheses after a file is in that file, and every test file it names holds a test
 * named after the rule (`it('N3: ...')`). So the table cannot say "not cited" or "none yet" of a
 * rule that has them, nor point to a file that moved.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { namesTestAfter, specRules } from '../spec-rules.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
/** The rule ids of the specification's files (../shared/spec), not a list kept here. */
const SPEC_IDS = specRules().map((rule) => rule.id);

interface Row {
  id: string;
  implementedIn: string;
  tests: string;
}

function ruleRows(): Row[] {
  const rows: Row[] = [];
  for (const line of DOC.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length !== 6 || !/^[PNRQB]\d+$/.test(cells[1])) continue;
    rows.push({ id: cells[1], implementedIn: cells[3], tests: cells[4] });
  }
  return rows;
}

/** The backticked file paths of a cell, each with the backticked name in parentheses after it, if any. */
function filesOf(cell: string): Array<{ file: string; name?: string }> {
  const found: Array<{ file: string; name?: string }> = [];
  for (const match of cell.matchAll(/`([\w./-]+\.(?:ts|mjs|js))`(?: \(`(\w+)`\))?/g))
    found.push(match[2] ? { file: match[1], name: match[2] } : { file: match[1] });
  return found;
}

describe("docs/architecture.md's rule table", () => {
  const rows = ruleRows();

  it('has one row for every rule id of the specification', () => {
    // the spec's own ids: windows-fs.md's P, N and R rows and pending-renames.md's Q and B rows
    expect(SPEC_IDS).toEqual(expect.arrayContaining(['P1', 'P7', 'N9', 'R3', 'Q1', 'Q7', 'B1', 'B21']));
    expect(new Set(SPEC_IDS).size).toBe(SPEC_IDS.length);
    expect(rows.map((row) => row.id).sort()).toEqual([...SPEC_IDS].sort());
  });

  it('every rule id of the specification has a test named after it somewhere in test/', () => {
    const sources = fg
      .sync('test/**/*.test.ts', { cwd: ROOT })
      .map((file) => readFileSync(join(ROOT, file), 'utf8'));
    const unnamed = SPEC_IDS.filter((id) => !sources.some((source) => namesTestAfter(source, id)));
    expect(unnamed).toEqual([]);
  });

  it.each(rows.map((row) => [row.id, row] as const))(
    '%s: the files it names exist and hold what the row says; each test file names a test after it',
    (id, row) => {
      const implementation = filesOf(row.implementedIn);
      const tests = filesOf(row.tests);
      expect(implementation.length, `${id}: no implementing file`).toBeGreaterThan(0);
      expect(tests.length, `${id}: no test file`).toBeGreaterThan(0);
      for (const { file, name } of implementation) {
        expect(existsSync(join(ROOT, file)), `${id}: ${file} does not exist`).toBe(true);
        if (name) expect(readFileSync(join(ROOT, file), 'utf8'), `${id}: ${name} in ${file}`).toContain(name);
      }
      for (const { file } of tests) {
        expect(existsSync(join(ROOT, file)), `${id}: ${file} does not exist`).toBe(true);
        expect(namesTestAfter(readFileSync(join(ROOT, file), 'utf8'), id), `${id}: ${file}`).toBe(true);
      }
    },
  );
});
