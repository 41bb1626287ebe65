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

interface ReadParams {
  buffer?: Uint8Array;
  offset?: number;
  length?: number;
  position?: unknown;
}

/** fs.read with Node's forms: (fd, buffer, offset, length, position, cb), (fd, cb), (fd, options, cb), (fd, buffer, options, cb). */
function readCallback(readSync: SyncFn) {
  return (fd: unknown, ...rest: unknown[]): void => {
    const callback = rest.pop();
    if (rest.length >= 3) return callbackOf(readSync, (r) => [r, rest[0]])(fd, ...rest, callback);
    let buffer = rest[0] as Uint8Array | undefined;
    let params: ReadParams = (rest[1] as ReadParams | null | undefined) ?? {};
    if (!ArrayBuffer.isView(buffer)) {
      params = (rest[0] as ReadParams | null | undefined) ?? {};
      buffer = params.buffer ?? Buffer.alloc(16384);
    }
    const { offset = 0, length = buffer.byteLength - offset, position = null } = params;
    callbackOf(readSync, (r) => [r, buffer])(fd, buffer, offset, length, position, callback);
  };
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
  calls.read = readCallback(sync.readSync);
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
