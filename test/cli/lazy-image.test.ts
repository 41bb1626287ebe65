import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { holdImageFile } from '../../src/cli/image-lock.js';
import { loadImageFile } from '../../src/cli/load.js';
import { WinImage } from '../../src/machine/index.js';
import { smallImage } from '../helpers/small-image.js';

const folder = mkdtempSync(join(tmpdir(), 'svcpack-cli-lazy-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A saved image with a 64 KiB file of 9s; returns the file and where those bytes lie in it. */
async function saved(name: string): Promise<{ file: string; at: number }> {
  const image = WinImage.wrap(smallImage());
  image.writeFile('C:\\nines.bin', Buffer.alloc(64 * 1024, 9));
  const file = join(folder, name);
  await image.save(file);
  return { file, at: readFileSync(file).indexOf(Buffer.alloc(64 * 1024, 9)) };
}

function scribble(file: string, at: number): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.from('scribbled'), 0, 9, at);
  closeSync(fd);
}

describe('which images a command loads lazily', () => {
  it('the image file the command holds (it saves there): its contents are read when first read', async () => {
    const { file, at } = await saved('held.svcimg');
    holdImageFile(file);
    const image = await loadImageFile(file);
    scribble(file, at);
    expect(() => image.readFile('C:\\nines.bin')).toThrow(/changed on disk since it was loaded lazily/);
  });

  it('an image file it only reads (another command may append to it meanwhile): read whole at load', async () => {
    const { file, at } = await saved('read.svcimg');
    const image = await loadImageFile(file);
    scribble(file, at);
    expect(image.readFile('C:\\nines.bin').equals(Buffer.alloc(64 * 1024, 9))).toBe(true);
  });
});
