import { foldName } from './fold.js';
import type { Environment } from './types.js';

/** An environment folded once for repeated expansion (names compare the NTFS way). */
export class EnvironmentTable {
  private readonly table = new Map<string, string>();

  constructor(env: Environment) {
    const entries: Iterable<[string, string]> = env instanceof Map ? env.entries() : Object.entries(env);
    for (const [name, value] of entries) this.table.set(foldName(name), value);
  }

  /** The value of a variable, by any case of its name. */
  get(name: string): string | undefined {
    return this.table.get(foldName(name));
  }
}

/**
 * ExpandEnvironmentStrings: each `%NAME%` is replaced, case-insensitively, by its value in `env`.
 * An unknown variable and `%%` are copied as written (and scanning resumes after the closing `%`);
 * an unmatched `%` and the rest of the text after it stay as they are.
 */
export function expandEnvironmentStrings(text: string, env: Environment | EnvironmentTable): string {
  let start = text.indexOf('%');
  if (start < 0) return text;
  const table = env instanceof EnvironmentTable ? env : new EnvironmentTable(env);
  let out = '';
  let position = 0;
  while (start >= 0) {
    const end = text.indexOf('%', start + 1);
    if (end < 0) break;
    const name = text.slice(start + 1, end);
    const value = name === '' ? undefined : table.get(name);
    out += text.slice(position, start) + (value ?? text.slice(start, end + 1));
    position = end + 1;
    start = text.indexOf('%', position);
  }
  return out + text.slice(position);
}
