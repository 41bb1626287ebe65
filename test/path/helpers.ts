import { expect } from 'vitest';
import { WinError, type Win32ErrorName } from '../../src/errors/index.js';

/** Runs `action` and asserts it throws a WinError with `code`; returns the error. */
export function expectWinError(action: () => unknown, code: Win32ErrorName): WinError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(WinError);
    expect((error as WinError).code).toBe(code);
    return error as WinError;
  }
  throw new Error(`expected ${code}, but nothing was thrown`);
}
