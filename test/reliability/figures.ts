/**
 * The reliability suite's scale and its figures. `SVCPACK_RELIABILITY=full` (set by
 * `npm run reliability`) widens every sweep to all of its points; without it (CI) each sweep runs a
 * sample. Each test records what it tried in `.tmp/reliability/figures/`, which the reliability
 * config's teardown gathers into `.tmp/reliability.json`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FULL = process.env.SVCPACK_RELIABILITY === 'full';

/** The full figure under `npm run reliability`, the sampled one in the normal test run. */
export function scaled<T>(full: T, sampled: T): T {
  return FULL ? full : sampled;
}

export const FIGURES_FOLDER = join('.tmp', 'reliability', 'figures');

/** One row of RELIABILITY.md's table: what was tried, how many, how many failed, how to rerun it. */
export interface Figure {
  kind: string;
  what: string;
  tried: number;
  /** Secondary count (cut points inside recovery, steps of the sequences, ...). */
  inner?: number;
  innerLabel?: string;
  failures: number;
  command: string;
}

/** Records a figure; called once the test's assertions have passed, so `failures` is zero. */
export function recordFigure(figure: Omit<Figure, 'failures'> & { failures?: number }): void {
  mkdirSync(FIGURES_FOLDER, { recursive: true });
  const name = `${figure.kind}-${figure.what}`.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  const row: Figure = { failures: 0, ...figure };
  writeFileSync(join(FIGURES_FOLDER, `${name}.json`), `${JSON.stringify({ full: FULL, ...row })}\n`);
}

/** The command that reruns one test file of the suite, at full scale. */
export function rerun(file: string, test?: string): string {
  const filter = test === undefined ? '' : ` -t ${JSON.stringify(test)}`;
  return `SVCPACK_RELIABILITY=full npx vitest run --config vitest.reliability.config.ts ${file}${filter}`;
}

/**
 * Lets the worker's event loop run: long loops of synchronous checks (or of promises that settle
 * at once) otherwise starve vitest's worker RPC, which then times out.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
