import { invalidArgument } from './errors.js';

type SyncFn = (...args: any[]) => unknown;
type Callback = (error: Error | null, ...values: unknown[]) => void;

/** The callback form of a sync call: the result (or error) is delivered on a later tick. */
export function callbackOf(
  sync: SyncFn,
  spread: (result: unknown, args: unknown[]) => unknown[] = (r) => [r],
) {
  return (...args: unknown[]): void => {
    const callback = args.pop();
    if (typeof callback !== 'function')
      throw invalidArgument(`The "cb" argument must be of type function. Received ${typeof callback}`);
    let result: unknown;
    try {
      result = sync(...args);
    } catch (error) {
      process.nextTick(callback as Callback, error);
      return;
    }
    process.nextTick(callback as Callback, null, ...spread(result, args));
  };
}

function rethrow(error: Error | null): void {
  if (error) throw error;
}

/** Calls whose callback gets more than the result: read and write also hand back the buffer. */
const BUFFER_RESULTS = new Set(['read', 'write', 'readv', 'writev']);

/** The callback API of a set of sync calls (`readFileSync` gives `readFile`), with `exists(path, cb(bool))`. */
export function callbackCalls(sync: Record<string, SyncFn>): Record<string, unknown> {
  const calls: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(sync)) {
    if (!name.endsWith('Sync')) continue;
    const base = name.slice(0, -4);
    calls[base] = BUFFER_RESULTS.has(base) ? callbackOf(fn, (r, args) => [r, args[1]]) : callbackOf(fn);
  }
  calls.realpath = Object.assign(calls.realpath as object, {
    native: callbackOf((sync.realpathSync as unknown as { native: SyncFn }).native),
  });
  // Node's close has a default callback that throws the error, if any, on a later tick.
  const close = calls.close as (...args: unknown[]) => void;
  calls.close = (fd: unknown, callback?: unknown) => close(fd, callback === undefined ? rethrow : callback);
  calls.exists = (path: unknown, callback: unknown) => {
    if (typeof callback !== 'function') throw invalidArgument(`The "cb" argument must be of type function`);
    const result = (sync.existsSync as SyncFn)(path);
    process.nextTick(callback as (exists: unknown) => void, result);
  };
  return calls;
}
