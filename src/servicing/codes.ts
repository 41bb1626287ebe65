/** Result codes and the refusal a planning step raises. */
import { InputError, WinError } from '../errors/index.js';
import type { InstallCode } from './types.js';

/** The result codes of update.exe and what they mean. */
export const RESULT_CODES: Record<number, string> = {
  0: 'success',
  3010: 'success, restart required',
  1641: 'success, restart started',
  1602: 'cancelled by the user',
  1603: 'fatal error',
  1618: 'another install is in progress',
  1638: 'a newer version is already installed',
  1640: 'install refused from a Terminal Server client session',
};

/** Raised inside the servicing layer when an install or removal must stop before changing anything. */
export class ServicingRefusal extends Error {
  readonly code: InstallCode;
  constructor(code: InstallCode, message: string) {
    super(message);
    this.name = 'ServicingRefusal';
    this.code = code;
  }
}

/**
 * Whether a failure inside an install or removal is one Windows meets (a refused operation, bad
 * input, a refusal): those end in 1603 after the rollback. Anything else is a bug, in the engine or
 * in a caller's callback: it is rolled back too, then thrown as it is, never dressed up as 1603.
 */
export function isExpectedFailure(error: unknown): error is Error {
  return error instanceof WinError || error instanceof InputError || error instanceof ServicingRefusal;
}
