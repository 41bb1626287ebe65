import type { Command } from 'commander';
import { fullName } from './help.js';
import { emit, emitError, type CommandResult } from './output.js';
import { requestProgress, stopProgress } from './progress.js';

/**
 * Wraps a command body: prints its result (or error) as text or JSON and sets the exit status.
 * Commander passes the positional arguments, then the options object, then the command; the body
 * gets them all.
 */
export function action<A extends unknown[]>(
  body: (...args: A) => Promise<CommandResult>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const options = command.optsWithGlobals<{ json?: boolean; debug?: boolean; progress?: boolean }>();
    requestProgress(progressSwitch(command));
    try {
      const result = await body(...(args as A));
      stopProgress();
      emit(result, options);
    } catch (error) {
      stopProgress();
      emitError(error, options, fullName(command));
    }
  };
}

/** `--progress` (true), `--no-progress` (false), or neither (undefined: the default applies). */
function progressSwitch(command: Command): boolean | undefined {
  let root = command;
  while (root.parent) root = root.parent;
  const source = root.getOptionValueSource('progress');
  return source === 'cli' ? (root.getOptionValue('progress') as boolean) : undefined;
}
