import { InputError, PowerCut, WinError } from '../errors/index.js';

/** Exit statuses: 0 success, 3 success with a restart required, 2 bad input, 1 failure. */
export const EXIT = { ok: 0, failure: 1, badInput: 2, restartRequired: 3 } as const;

/** Options every command takes. */
export interface CommonOptions {
  json?: boolean;
}

/** What a command returns: data for `--json`, lines for people, and the exit status. */
export interface CommandResult {
  data: unknown;
  text: string[];
  exit?: number;
}

/** Prints a result as JSON or text and sets the exit status. */
export function emit(result: CommandResult, options: CommonOptions): void {
  if (options.json) process.stdout.write(`${JSON.stringify(result.data, jsonReplacer, 2)}\n`);
  else if (result.text.length) process.stdout.write(`${result.text.join('\n')}\n`);
  process.exitCode = result.exit ?? EXIT.ok;
}

/** Prints an error (as JSON with --json) and sets the exit status: 2 for bad input, 1 otherwise. */
export function emitError(error: unknown, options: CommonOptions): void {
  const status = error instanceof InputError ? EXIT.badInput : EXIT.failure;
  const data =
    error instanceof InputError
      ? { error: 'InputError', source: error.source, problems: error.problems, message: error.message }
      : error instanceof WinError
        ? {
            error: 'WinError',
            code: error.code,
            errno: error.errno,
            path: error.path,
            message: error.message,
          }
        : error instanceof PowerCut
          ? { error: 'PowerCut', afterOperations: error.afterOperations, message: error.message }
          : { error: (error as Error)?.name ?? 'Error', message: (error as Error)?.message ?? String(error) };
  if (options.json) process.stdout.write(`${JSON.stringify(data, jsonReplacer, 2)}\n`);
  else process.stderr.write(`svcpack: ${data.message}\n`);
  process.exitCode = status;
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
  if (!Number.isInteger(n) || n < 0)
    throw new InputError('command line', `${option} must be a whole number >= 0, got '${value}'`, option);
  return n;
}
