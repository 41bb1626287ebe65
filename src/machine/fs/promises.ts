import { bytesOf, callOptions } from './options.js';
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

/** fs.promises.writeFile's data may be an iterable or async iterable of chunks (a stream, say). */
function isChunkIterable(data: unknown): data is AsyncIterable<unknown> | Iterable<unknown> {
  if (typeof data !== 'object' || data === null || ArrayBuffer.isView(data)) return false;
  return Symbol.asyncIterator in data || Symbol.iterator in data;
}

async function joinedChunks(
  data: AsyncIterable<unknown> | Iterable<unknown>,
  options: unknown,
): Promise<Buffer> {
  const encoding = callOptions(options).encoding ?? 'utf8';
  const chunks: Uint8Array[] = [];
  for await (const chunk of data) chunks.push(bytesOf(chunk, encoding));
  return Buffer.concat(chunks);
}

/** `fs.promises`: each call does its work when called (so it takes the caller's data then) and settles its promise. */
export function promiseCalls(sync: Record<string, SyncFn>): Record<string, unknown> {
  const calls: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(sync)) {
    if (!name.endsWith('Sync') || name === 'existsSync') continue;
    calls[name.slice(0, -4)] = async (...args: unknown[]) => {
      return fn(...args);
    };
  }
  calls.readFile = async (path: unknown, options?: unknown) => {
    checkSignal(options);
    return sync.readFileSync(fdOf(path), options);
  };
  calls.writeFile = async (path: unknown, data: unknown, options?: unknown) => {
    checkSignal(options);
    // Other data is written before the first await, so the caller's buffer is taken as it is now.
    if (isChunkIterable(data)) data = await joinedChunks(data, options);
    return sync.writeFileSync(fdOf(path), data, options);
  };
  calls.appendFile = async (path: unknown, data: unknown, options?: unknown) => {
    return sync.appendFileSync(fdOf(path), data, options);
  };
  calls.open = async (path: unknown, flags?: unknown, mode?: unknown) => {
    return new ImageFileHandle(sync.openSync(path, flags, mode), sync);
  };
  calls.realpath = async (path: unknown, options?: unknown) => {
    return sync.realpathSync(path, options);
  };
  return calls;
}
