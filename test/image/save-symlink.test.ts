/** An image file named through a symbolic link: saves go to the file the link names, the link stays. */
import { lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImageCore, digestImage, loadImageFile, saveImageFile } from '../../src/image/index.js';
import { walkSegments } from '../../src/image/format-layout.js';
import { writeFile } from '../../src/ops/index.js';
import { smallImage } from '../helpers/small-image.js';

const folder = mkdtempSync(join(tmpdir(), 'svcpack-symlink-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const load = (file: string) => loadImageFile(file, (registry) => new ImageCore({ registry }));

describe('saving an image to a path that is a symbolic link', () => {
  it('a whole save writes the file the link names, and the link stays a link', async () => {
    const real = join(folder, 'real.svcimg');
    const link = join(folder, 'link.svcimg');
    await saveImageFile(smallImage(), real);
    symlinkSync('real.svcimg', link);
    const image = smallImage();
    writeFile(image, 'C:\\new.txt', Buffer.from('new'));
    await saveImageFile(image, link);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(digestImage(await load(real))).toBe(digestImage(image));
  });

  it('an image loaded through the link appends to the file the link names', async () => {
    const real = join(folder, 'appended.svcimg');
    const link = join(folder, 'appended-link.svcimg');
    await saveImageFile(smallImage(), real);
    symlinkSync(real, link);
    const image = await load(link);
    writeFile(image, 'C:\\more.txt', Buffer.alloc(100_000, 1));
    await saveImageFile(image, link);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(walkSegments(readFileSync(real), real).segments).toHaveLength(2);
    expect(digestImage(await load(real))).toBe(digestImage(image));
  });
});
