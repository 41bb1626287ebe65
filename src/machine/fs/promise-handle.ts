import { ImageFsError } from './errors.js';
import type { ImageStats } from './stats.js';

type SyncFn = (...args: any[]) => any;

interface ReadOptions {
  buffer?: Uint8Array;
  offset?: number | null;
  length?: number | null;
  position?: number | bigint | null;
}

/** `fs.promises.open`'s FileHandle over one of the fs's descriptors. */
export class ImageFileHandle {
  private open = true;

  constructor(
    readonly fd: number,
    private readonly calls: Record<string, SyncFn>,
  ) {}

  private async call<T>(name: string, ...args: unknown[]): Promise<T> {
    if (!this.open) throw new ImageFsError('EBADF', name.replace(/Sync$/, ''));
    return this.calls[name](this.fd, ...args) as T;
  }

  /** Node's forms: `read(buffer, offset, length, position)`, `read(options)`, `read(buffer, options)`. */
  async read(
    bufferOrOptions?: Uint8Array | ReadOptions | null,
    offsetOrOptions?: number | ReadOptions | null,
    length?: number | null,
    position: number | bigint | null = null,
  ): Promise<{ bytesRead: number; buffer: Uint8Array }> {
    let buffer: Uint8Array;
    let offset: number | null | undefined;
    if (ArrayBuffer.isView(bufferOrOptions)) {
      buffer = bufferOrOptions;
      if (offsetOrOptions !== null && typeof offsetOrOptions === 'object')
        ({ offset, length, position = null } = offsetOrOptions);
      else offset = offsetOrOptions;
    } else {
      ({ buffer = Buffer.alloc(16384), offset, length, position = null } = bufferOrOptions ?? {});
    }
    offset ??= 0;
    length ??= buffer.byteLength - offset;
    const bytesRead = await this.call<number>('readSync', buffer, offset, length, position);
    return { bytesRead, buffer };
  }

  async write(
    data: Uint8Array | string,
    ...rest: unknown[]
  ): Promise<{ bytesWritten: number; buffer: Uint8Array | string }> {
    const bytesWritten = await this.call<number>('writeSync', data, ...rest);
    return { bytesWritten, buffer: data };
  }

  async writev(
    buffers: Uint8Array[],
    position: number | null = null,
  ): Promise<{ bytesWritten: number; buffers: Uint8Array[] }> {
    const bytesWritten = await this.call<number>('writevSync', buffers, position);
    return { bytesWritten, buffers };
  }

  async readv(
    buffers: Uint8Array[],
    position: number | null = null,
  ): Promise<{ bytesRead: number; buffers: Uint8Array[] }> {
    const bytesRead = await this.call<number>('readvSync', buffers, position);
    return { bytesRead, buffers };
  }

  readFile(options?: unknown): Promise<Buffer | string> {
    return this.call('readFileSync', options);
  }

  writeFile(data: unknown, options?: unknown): Promise<void> {
    return this.call('appendFileSync', data, options);
  }

  appendFile(data: unknown, options?: unknown): Promise<void> {
    return this.call('appendFileSync', data, options);
  }

  stat(options?: { bigint?: boolean }): Promise<ImageStats> {
    return this.call('fstatSync', options);
  }

  truncate(length = 0): Promise<void> {
    return this.call('ftruncateSync', length);
  }

  utimes(atime: unknown, mtime: unknown): Promise<void> {
    return this.call('futimesSync', atime, mtime);
  }

  chmod(mode: number): Promise<void> {
    return this.call('fchmodSync', mode);
  }

  sync(): Promise<void> {
    return this.call('fsyncSync');
  }

  datasync(): Promise<void> {
    return this.call('fdatasyncSync');
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    this.calls.closeSync(this.fd);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
