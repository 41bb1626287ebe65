import { emit, emitError, type CommandResult } from './output.js';

/**
 * Wraps a command body: prints its result (or error) as text or JSON and sets the exit status.
 * Commander passes the positional arguments, then the options object, then the command.
 */
export function action<A extends unknown[]>(
  body: (...args: A) => Promise<CommandResult>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as { opts(): { json?: boolean } };
    const options = command.opts();
    try {
      emit(await body(...(args.slice(0, -1) as A)), options);
    } catch (error) {
      emitError(error, options);
    }
  };
}
