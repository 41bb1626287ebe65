/** update.exe's command-line switches. */
import { InputError, type InputProblem } from '../errors/index.js';
import type { InstallOptions } from './types.js';

const FLAGS: Record<string, Partial<InstallOptions>> = {
  u: { unattended: true },
  q: { quiet: true, unattended: true },
  n: { noBackup: true },
  o: { overwriteOem: true },
  f: { forceClose: true },
  z: { noRestart: true },
};

/**
 * Parses update.exe switches (`-u -q -n -o -f -z`, `/` accepted for `-`, any case). `-q` implies `-u`.
 * Every unknown or unsupported switch is reported at once as an `InputError` naming its position.
 */
export function parseSwitches(text: string): Partial<InstallOptions> {
  const options: Partial<InstallOptions> = {};
  const problems: InputProblem[] = [];
  const pattern = /\S+/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const token = match[0];
    const where = `column ${match.index + 1}`;
    const body = /^[-/](.+)$/.exec(token)?.[1]?.toLowerCase();
    if (body === undefined) {
      problems.push({ where, message: `'${token}' is not a switch (switches start with - or /)` });
      continue;
    }
    const flag = FLAGS[body];
    if (flag) Object.assign(options, flag);
    else if (/^[sx](:.*)?$/.test(body)) {
      problems.push({
        where,
        message: `'${token}' (slipstream or extract) does not install: use the package's expanded form`,
      });
    } else {
      problems.push({ where, message: `unknown switch '${token}' (known: -u -q -n -o -f -z)` });
    }
  }
  if (problems.length > 0) throw new InputError('update.exe switches', problems);
  return options;
}

/** The options with their `switches` text folded in (explicit options win over switches). */
export function resolveSwitches(options: InstallOptions): InstallOptions {
  if (!options.switches) return options;
  const merged: Record<string, unknown> = { ...parseSwitches(options.switches) };
  for (const [name, value] of Object.entries(options)) if (value !== undefined) merged[name] = value;
  return merged as InstallOptions;
}
