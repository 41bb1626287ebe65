/**
 * The results file: JSON lines. The first line describes the sweep (`type: 'sweep'`); then one
 * line per cut point (`type: 'point'`) or machine (`type: 'machine'`), a task's lines written in
 * one append. A sweep started again on the same file keeps the tasks it finds complete, drops the
 * lines of any task it finds incomplete (a stop in the middle of a write), and runs the rest.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { InputError } from '../errors/index.js';
import type { CrashPointResult, MachineResult } from './types.js';

/** The first line of a results file. */
export interface SweepHeader {
  type: 'sweep';
  version: 1;
  /** Digest of what the sweep is: the same spec gives the same id. */
  id: string;
  kind: 'crash' | 'fleet';
  name: string;
  tasks: number;
  /** Cut points or machines in all. */
  units: number;
  /** The spec, as JSON, for the report. */
  spec: unknown;
}

/** A cut point's line. */
export type PointLine = { type: 'point'; task: number; change: string } & CrashPointResult;
/** A machine's line. */
export type MachineLine = { type: 'machine'; task: number; index: number } & MachineResult;
export type ResultLine = PointLine | MachineLine;

/** Reads a results file: its header and its result lines (a torn last line is left out). */
export function readResults(file: string): { header: SweepHeader; lines: ResultLine[] } {
  const text = readFileSync(file, 'utf8');
  const rows = text.split('\n');
  let header: SweepHeader | undefined;
  const lines: ResultLine[] = [];
  rows.forEach((row, index) => {
    if (row.trim() === '') return;
    let value: { type?: string };
    try {
      value = JSON.parse(row) as { type?: string };
    } catch {
      if (index >= rows.length - 2) return; // the last line, torn by a stop mid-write
      throw new InputError(file, `line ${index + 1}: not JSON`);
    }
    if (index === 0) {
      if (value.type !== 'sweep') throw new InputError(file, 'line 1: not a sweep results header');
      header = value as SweepHeader;
    } else if (value.type === 'point' || value.type === 'machine') lines.push(value as ResultLine);
    else throw new InputError(file, `line ${index + 1}: unknown type '${String(value.type)}'`);
  });
  if (!header) throw new InputError(file, 'empty: no sweep header');
  return { header, lines };
}

/** Where a sweep's results go, and which tasks it already holds. */
export class ResultsFile {
  /** Tasks whose every line is in the file. */
  readonly done = new Set<number>();

  /**
   * Opens `file` for the sweep of `header`, whose task `i` gives `taskSizes[i]` lines. A file of
   * another sweep is refused (InputError) and left alone.
   */
  constructor(
    readonly file: string,
    header: SweepHeader,
    taskSizes: readonly number[],
  ) {
    if (!existsSync(file)) {
      writeFileSync(file, JSON.stringify(header) + '\n');
      return;
    }
    const found = readResults(file);
    if (found.header.id !== header.id)
      throw new InputError(
        file,
        `holds sweep ${found.header.id}, not ${header.id}: name another results file`,
      );
    const byTask = new Map<number, ResultLine[]>();
    for (const line of found.lines) byTask.set(line.task, [...(byTask.get(line.task) ?? []), line]);
    const kept: ResultLine[] = [];
    for (const [task, lines] of byTask) {
      if (lines.length !== taskSizes[task]) continue;
      this.done.add(task);
      kept.push(...lines);
    }
    if (kept.length !== found.lines.length || !readFileSync(file, 'utf8').endsWith('\n'))
      writeFileSync(file, [found.header, ...kept].map((l) => JSON.stringify(l) + '\n').join(''));
  }

  /** Appends a task's lines in one write, once per task. Returns false for a task already recorded. */
  record(task: number, lines: ResultLine[]): boolean {
    if (this.done.has(task)) return false;
    appendFileSync(this.file, lines.map((l) => JSON.stringify(l) + '\n').join(''));
    this.done.add(task);
    return true;
  }
}
