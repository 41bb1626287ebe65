import { describe, expect, it } from 'vitest';
import { imageWithFs, thrown } from './helpers.js';

describe('image.fs: the callback and promise APIs', () => {
  it('callbacks deliver results on a later tick, and errors as the first argument', async () => {
    const { fs } = imageWithFs();
    let sync = true;
    let calledSynchronously: boolean | undefined;
    const reading = new Promise<string>((resolve, reject) =>
      fs.readFile('/boot.ini', 'utf8', (error, data) => {
        calledSynchronously = sync;
        if (error) reject(error);
        else resolve(data);
      }),
    );
    sync = false;
    const text = await reading;
    expect(calledSynchronously).toBe(false);
    expect(text).toBe('[boot loader]');
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      fs.stat('/nope', (e) => resolve(e)),
    );
    expect(error).toMatchObject({ code: 'ENOENT', syscall: 'stat' });
  });

  it('fs.read and fs.write hand back the count and the buffer; fs.exists passes a boolean', async () => {
    const { fs } = imageWithFs();
    const fd = fs.openSync('/boot.ini', 'r+');
    const buffer = Buffer.alloc(5);
    const [bytesRead, same] = await new Promise<[number, Buffer]>((resolve, reject) =>
      fs.read(fd, buffer, 0, 5, 0, (e, n, b) => (e ? reject(e) : resolve([n, b]))),
    );
    expect([bytesRead, same === buffer, buffer.toString()]).toEqual([5, true, '[boot']);
    const written = await new Promise<number>((resolve, reject) =>
      fs.write(fd, Buffer.from('{'), 0, 1, 0, (e, n) => (e ? reject(e) : resolve(n))),
    );
    expect(written).toBe(1);
    fs.closeSync(fd);
    expect(await new Promise((resolve) => fs.exists('/boot.ini', resolve))).toBe(true);
    expect(fs.readFileSync('/boot.ini', 'utf8')).toBe('{boot loader]');
  });

  it("fs.read takes Node's shorter forms: (fd, cb), (fd, options, cb), (fd, buffer, options, cb)", async () => {
    const { fs } = imageWithFs();
    const fd = fs.openSync('/boot.ini', 'r');
    type Read = (...args: unknown[]) => void;
    const read = (...args: unknown[]) =>
      new Promise<[number, Buffer]>((resolve, reject) =>
        (fs.read as unknown as Read)(fd, ...args, (e: Error | null, n: number, b: Buffer) =>
          e ? reject(e) : resolve([n, b]),
        ),
      );
    const [whole, fresh] = await read();
    expect([whole, fresh.byteLength, fresh.toString('utf8', 0, whole)]).toEqual([13, 16384, '[boot loader]']);
    const [fromOptions, given] = await read({ buffer: Buffer.alloc(4), position: 1 });
    expect([fromOptions, given.toString()]).toEqual([4, 'boot']);
    const [withBuffer, buffer] = await read(Buffer.alloc(6), { offset: 2, position: 6 });
    expect([withBuffer, buffer.toString('latin1', 2)]).toEqual([4, 'load']);
    fs.closeSync(fd);
  });

  it('a callback call without a callback is a TypeError, as in Node', () => {
    const { fs } = imageWithFs();
    expect(thrown(() => (fs.readFile as unknown as (p: string) => void)('/boot.ini')).code).toBe(
      'ERR_INVALID_ARG_TYPE',
    );
  });

  it('fs.close(fd) without a callback closes the descriptor, as Node 20 allows', async () => {
    const { fs } = imageWithFs();
    const fd = fs.openSync('/boot.ini', 'r');
    (fs.close as unknown as (fd: number) => void)(fd);
    await new Promise((resolve) => setImmediate(resolve));
    expect(fs.openDescriptors()).toBe(0);
  });

  it('fs.promises: readFile, writeFile with flags, readdir with Dirents, mkdir, rm', async () => {
    const { fs } = imageWithFs();
    await fs.promises.writeFile('/p.txt', 'a');
    await fs.promises.writeFile('/p.txt', 'b', { flag: 'a' });
    await fs.promises.appendFile('/p.txt', 'c');
    expect(await fs.promises.readFile('/p.txt', { encoding: 'utf8' })).toBe('abc');
    const entries = await fs.promises.readdir('/WINNT', { withFileTypes: true });
    expect(entries.map((e) => e.name)).toEqual(['system32', 'win.ini']);
    expect(await fs.promises.mkdir('/a/b', { recursive: true })).toBe('C:\\a');
    await fs.promises.rm('/a', { recursive: true });
    await expect(fs.promises.stat('/a')).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await fs.promises.lstat('/p.txt')).size).toBe(3);
  });

  it('fs.promises.open gives a FileHandle that reads, writes, stats and closes its handle', async () => {
    const { image, fs } = imageWithFs();
    const handle = await fs.promises.open('/h.txt', 'w+');
    await handle.write('hello');
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(5), 0, 5, 0);
    expect([bytesRead, buffer.toString()]).toEqual([5, 'hello']);
    expect((await handle.stat()).size).toBe(5);
    expect(() => image.open('C:\\h.txt', { access: ['read'], share: [] })).toThrow(/SHARING/);
    await handle.close();
    expect(fs.openDescriptors()).toBe(0);
    expect(await fs.promises.readFile('/h.txt', 'utf8')).toBe('hello');
  });

  it("FileHandle.read takes Node's other forms (options, buffer and options) and stat takes bigint", async () => {
    const { fs } = imageWithFs();
    const handle = await fs.promises.open('/boot.ini', 'r');
    const withOptions = await handle.read(Buffer.alloc(4), { position: 1 });
    expect([withOptions.bytesRead, withOptions.buffer.toString()]).toEqual([4, 'boot']);
    const { bytesRead, buffer } = await handle.read({ buffer: Buffer.alloc(6), offset: 2, position: 6 });
    expect([bytesRead, buffer.toString('latin1', 2)]).toEqual([4, 'load']);
    const fresh = await handle.read({ length: 5 });
    expect([fresh.bytesRead, fresh.buffer.byteLength, fresh.buffer.toString('utf8', 0, 5)]).toEqual([
      5,
      16384,
      '[boot',
    ]);
    expect(typeof (await handle.stat({ bigint: true })).size).toBe('bigint');
    await handle.close();
  });

  it('FileHandle has writev and readv, and fs.promises.writeFile takes an iterable of chunks, as in Node', async () => {
    const { fs } = imageWithFs();
    const handle = await fs.promises.open('/v.txt', 'w+');
    const written = await handle.writev([Buffer.from('ab'), Buffer.from('cd')]);
    const read = await handle.readv([Buffer.alloc(3), Buffer.alloc(1)], 0);
    await handle.close();
    expect([written.bytesWritten, read.bytesRead, read.buffers.map(String)]).toEqual([4, 4, ['abc', 'd']]);
    await fs.promises.writeFile(
      '/chunks.txt',
      (async function* () {
        yield 'one,';
        yield Buffer.from('two');
      })(),
    );
    await fs.promises.writeFile('/array.txt', ['x', 'y']);
    expect([fs.readFileSync('/chunks.txt', 'utf8'), fs.readFileSync('/array.txt', 'utf8')]).toEqual([
      'one,two',
      'xy',
    ]);
  });

  it('fs.promises.readFile respects an aborted signal', async () => {
    const { fs } = imageWithFs();
    const controller = new AbortController();
    controller.abort();
    await expect(fs.promises.readFile('/boot.ini', { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
