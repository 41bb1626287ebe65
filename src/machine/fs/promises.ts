import { ImageFileHandle } from './promise-handle.js';

type SyncFn = (...args: any[]) => any;

function checkSignal(options: unknown): void {
  const signal = (options as { signal?: AbortSignal } | undefined)?.signal;
  if (signal?.aborted) {
    throw Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
  }
}

/** A descriptor or a FileHandle given to a promise call, as a descriptor. */
function fdOf(target: unknown): unknown {
  return target instanceof ImageFileHandle ? target.fd : target;
}

/** `fs.promises`: each call runs its sync form on a later tick. */
export function promiseCalls(sync: Record<string, SyncFn>): Record<string, unknown> {
  const calls: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(sync)) {
    if (!name.endsWith('Sync') || name === 'existsSync') continue;
    calls[name.slice(0, -4)] = async (...args: unknown[]) => {
      await Promise.resolve();
      return fn(...args);
    };
  }
  calls.readFile = async (path: unknown, options?: unknown) => {
    await Promise.resolve();
    checkSignal(options);
    return sync.readFileSync(fdOf(path), options);
  };
  calls.writeFile = async (path: unknown, data: unknown, options?: unknown) => {
    await Promise.resolve();
    checkSignal(options);
    return sync.writeFileSync(fdOf(path), data, options);
  };
  calls.appendFile = async (path: unknown, data: unknown, options?: unknown) => {
    await Promise.resolve();
    return sync.appendFileSync(fdOf(path), data, options);
  };
  calls.open = async (path: unknown, flags?: unknown, mode?: unknown) => {
    await Promise.resolve();
    return new ImageFileHandle(sync.openSync(path, flags, mode), sync);
  };
  calls.realpath = async (path: unknown, options?: unknown) => {
    await Promise.resolve();
    return sync.realpathSync(path, options);
  };
  return calls;
}
