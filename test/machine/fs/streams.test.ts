import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { imageWithFs } from './helpers.js';

describe('image.fs: streams', () => {
  it('createWriteStream writes chunks, then createReadStream reads them back', async () => {
    const { fs } = imageWithFs();
    const out = fs.createWriteStream('/WINNT/stream.log');
    for (let i = 0; i < 100; i++) out.write(`line ${i}\n`);
    out.end();
    await new Promise<void>((resolve, reject) => out.on('close', () => resolve()).on('error', reject));
    const chunks: Buffer[] = [];
    for await (const chunk of fs.createReadStream('/winnt/STREAM.LOG', { highWaterMark: 64 }))
      chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).toString().split('\n')[99]).toBe('line 99');
    expect(fs.openDescriptors()).toBe(0);
  });

  it('createReadStream honours start and end; pipeline copies a file inside the image', async () => {
    const { fs } = imageWithFs();
    const chunks: Buffer[] = [];
    for await (const chunk of fs.createReadStream('/boot.ini', { start: 1, end: 4 })) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe('boot');
    await pipeline(fs.createReadStream('/boot.ini'), fs.createWriteStream('/boot.copy'));
    expect(fs.readFileSync('/boot.copy', 'utf8')).toBe('[boot loader]');
  });

  it("createWriteStream with flags 'a' appends", async () => {
    const { fs } = imageWithFs();
    const out = fs.createWriteStream('/boot.ini', { flags: 'a' });
    out.end(' more');
    await new Promise<void>((resolve) => out.on('close', () => resolve()));
    expect(fs.readFileSync('/boot.ini', 'utf8')).toBe('[boot loader] more');
  });

  it('a stream on a missing file emits ENOENT', async () => {
    const { fs } = imageWithFs();
    const stream = fs.createReadStream('/nope.txt');
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => stream.on('error', resolve));
    expect(error.code).toBe('ENOENT');
  });

  it("a write stream's queued chunks reach the door as one write (writev), not one rewrite per chunk", async () => {
    const { image, fs } = imageWithFs();
    const mark = image.mark();
    const out = fs.createWriteStream('/queued.log');
    for (let i = 0; i < 200; i++) out.write(`line ${i}\n`);
    out.end();
    await new Promise<void>((resolve) => out.on('close', () => resolve()));
    expect(fs.readFileSync('/queued.log', 'utf8').split('\n')).toHaveLength(201);
    expect(image.operations(mark).length).toBeLessThanOrEqual(3);
  });
});
