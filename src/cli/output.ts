import { InputError } from '../errors/index.js';
import { describeError, EXIT } from './errors.js';

export { EXIT };

/** Options every command takes (some from the program: --debug, --progress). */
export interface CommonOptions {
  json?: boolean;
  debug?: boolean;
}

/** What a command returns: data for `--json`, lines for people, and the exit status. */
export interface CommandResult {
  data: unknown;
  text: string[];
  exit?: number;
}

/** Prints a result as JSON or text and sets the exit status (first: a closed pipe ends the process with it). */
export function emit(result: CommandResult, options: CommonOptions): void {
  process.exitCode = result.exit ?? EXIT.ok;
  if (options.json) process.stdout.write(`${JSON.stringify(result.data, jsonReplacer, 2)}\n`);
  else if (result.text.length) process.stdout.write(`${result.text.join('\n')}\n`);
}

/**
 * Prints an error: one line on stderr (or JSON on stdout with --json), the stack only with --debug,
 * and sets the exit status: 2 for bad input, 1 otherwise.
 */
export function emitError(error: unknown, options: CommonOptions, command = 'svcpack'): void {
  const report = describeError(error, command);
  process.exitCode = report.status;
  if (options.json) process.stdout.write(`${JSON.stringify(report.data, jsonReplacer, 2)}\n`);
  else process.stderr.write(`svcpack: ${report.line}\n`);
  if (options.debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
}

/** JSON for bigint and byte arrays. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}

/** Bytes as people read them. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** A fixed-width table of rows. */
export function table(rows: string[][]): string[] {
  if (rows.length === 0) return [];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

/** Parses a whole number option; InputError naming the option otherwise. */
export function parseCount(value: string, option: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n))
    throw new InputError('command line', `${option} must be a whole number >= 0, got '${value}'`, option);
  return n;
}

/** A whole number >= 1 from an option, or an InputError naming the option. */
export function wholeOption(value: string | undefined, fallback: number, option: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1)
    throw new InputError('command line', `must be a whole number >= 1, got '${value}'`, option);
  return n;
}
