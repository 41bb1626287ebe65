import { ReadStream as NodeReadStream, WriteStream as NodeWriteStream } from 'node:fs';
import { invalidArgument } from './errors.js';

type StreamOptions = Record<string, unknown>;

function withFs(options: unknown, fs: object): StreamOptions {
  if (typeof options === 'string') return { encoding: options, fs };
  if (options === undefined || options === null) return { fs };
  if (typeof options !== 'object') throw invalidArgument(`The "options" argument must be of type object`);
  if ((options as StreamOptions).fs) throw invalidArgument('image fs streams bring their own fs option');
  return { ...(options as StreamOptions), fs };
}

/**
 * `ReadStream` and `WriteStream` constructors for an fs: Node's own stream classes with that fs's
 * callback `open`/`read`/`write`/`close` (Node's documented `fs` option), so buffering, ranges and
 * events are Node's. They are function constructors, as Node's are, so graceful-fs can wrap them.
 */
export function streamClasses(fs: object) {
  function ReadStream(this: unknown, path: unknown, options?: unknown): NodeReadStream {
    if (!(this instanceof ReadStream)) return new (ReadStream as any)(path, options);
    return (NodeReadStream as any).call(this, path, withFs(options, fs));
  }
  Object.setPrototypeOf(ReadStream.prototype, NodeReadStream.prototype);
  Object.setPrototypeOf(ReadStream, NodeReadStream);

  function WriteStream(this: unknown, path: unknown, options?: unknown): NodeWriteStream {
    if (!(this instanceof WriteStream)) return new (WriteStream as any)(path, options);
    return (NodeWriteStream as any).call(this, path, withFs(options, fs));
  }
  Object.setPrototypeOf(WriteStream.prototype, NodeWriteStream.prototype);
  Object.setPrototypeOf(WriteStream, NodeWriteStream);

  return {
    ReadStream,
    WriteStream,
    createReadStream: (path: unknown, options?: unknown) =>
      new (ReadStream as any)(path, options) as NodeReadStream,
    createWriteStream: (path: unknown, options?: unknown) =>
      new (WriteStream as any)(path, options) as NodeWriteStream,
  };
}
