/** A step's verdict, and the comparison of an install's result code with what the step expects. */
import { PowerCut } from '../errors/index.js';

/** A step's verdict before it is stamped with its place. */
export interface Verdict {
  ok: boolean;
  message: string;
  code?: number;
}

const SUCCESS_CODES = [0, 3010, 1641];

/** Whether an install or uninstall result code is a success (restart required or started included). */
export function succeeded(code: number): boolean {
  return SUCCESS_CODES.includes(code);
}

/** Runs an install or uninstall and compares its result code (or power cut) with the step's `expect`. */
export async function expectCode(
  body: { expect?: number | number[] | 'powerCut'; powerCutAfter?: number },
  run: () => Promise<{ code: number; message: string }>,
): Promise<Verdict> {
  const expected = body.expect ?? (body.powerCutAfter === undefined ? SUCCESS_CODES : 'powerCut');
  try {
    const { code, message } = await run();
    if (expected === 'powerCut')
      return { ok: false, code, message: `expected a power cut, but: ${message} (${code})` };
    const codes = Array.isArray(expected) ? expected : [expected];
    const ok = codes.includes(code);
    return {
      ok,
      code,
      message: ok ? `${message} (${code})` : `expected ${codes.join(' or ')}, got ${code}: ${message}`,
    };
  } catch (error) {
    if (!(error instanceof PowerCut)) throw error;
    return { ok: expected === 'powerCut', message: error.message };
  }
}
