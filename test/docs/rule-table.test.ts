/**
 * docs/architecture.md's table of Windows rules: every file a row names exists, every name a row
 * gives in parentheses after a file is in that file, and every test file it names holds a test
 * named after the rule (`it('N3: ...')`). So the table cannot say "not cited" or "none yet" of a
 * rule that has them, nor point to a file that moved.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
const SPEC_IDS = [
  ...['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7'],
  ...['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9', 'R1', 'R2', 'R3'],
  ...['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7'],
  ...Array.from({ length: 21 }, (_, i) => `B${i + 1}`),
];

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

/** Whether a test file names a test (or a block) after `id`. */
function namesTestAfter(source: string, id: string): boolean {
  return new RegExp(`\\b(?:it|test|describe)(?:\\.\\w+)*\\(\\s*['"\`]${id}[:( ]`).test(source);
}

describe("docs/architecture.md's rule table", () => {
  const rows = ruleRows();

  it('has one row for every rule id of the specification', () => {
    expect(rows.map((row) => row.id).sort()).toEqual([...SPEC_IDS].sort());
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
