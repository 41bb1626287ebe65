import { ImageFsError } from './errors.js';
import type { ImageDirent } from './stats.js';

type Callback<T> = (error: Error | null, value?: T) => void;

/** Node's `fs.Dir` over a folder's entries as they were when it was opened. */
export class ImageDir {
  private next = 0;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly entries: ImageDirent[],
  ) {}

  readSync(): ImageDirent | null {
    if (this.closed) throw new ImageFsError('EBADF', 'opendir', { message: 'Directory handle was closed' });
    return this.entries[this.next++] ?? null;
  }

  read(): Promise<ImageDirent | null>;
  read(callback: Callback<ImageDirent | null>): void;
  read(callback?: Callback<ImageDirent | null>): Promise<ImageDirent | null> | void {
    return settle(() => this.readSync(), callback);
  }

  closeSync(): void {
    if (this.closed) throw new ImageFsError('EBADF', 'opendir', { message: 'Directory handle was closed' });
    this.closed = true;
  }

  close(): Promise<void>;
  close(callback: Callback<void>): void;
  close(callback?: Callback<void>): Promise<void> | void {
    return settle(() => this.closeSync(), callback);
  }

  async *entriesLeft(): AsyncGenerator<ImageDirent> {
    try {
      for (let entry = this.readSync(); entry; entry = this.readSync()) yield entry;
    } finally {
      if (!this.closed) this.closeSync();
    }
  }

  [Symbol.asyncIterator](): AsyncGenerator<ImageDirent> {
    return this.entriesLeft();
  }
}

function settle<T>(fn: () => T, callback?: Callback<T>): Promise<T> | void {
  if (!callback)
    return new Promise((resolve, reject) => process.nextTick(() => runInto(fn, resolve, reject)));
  process.nextTick(() =>
    runInto(
      fn,
      (value) => callback(null, value),
      (error) => callback(error as Error),
    ),
  );
}

function runInto<T>(fn: () => T, resolve: (value: T) => void, reject: (error: unknown) => void): void {
  let value: T;
  try {
    value = fn();
  } catch (error) {
    reject(error);
    return;
  }
  resolve(value);
}
