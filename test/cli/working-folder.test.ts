import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WinImage } from '../../src/machine/index.js';
import { removeScratch, scratch, svcpack } from './spawn.js';

afterAll(removeScratch);

describe('svcpack install --remove-working-folder', () => {
  it('deletes the -z working folder that a plain -z install leaves', async () => {
    const cwd = scratch('working-folder');
    expect((await svcpack(['image', 'create', '-o', 'base.img', '--files', '2000'], { cwd })).code).toBe(0);
    const generate = ['package', 'generate', '--level', '4', '--for', 'base.img', '-o', 'sp4.svcpkg'];
    expect((await svcpack([...generate, '--files', '40'], { cwd })).code).toBe(0);
    const left = await svcpack(
      ['install', 'base.img', 'sp4.svcpkg', '-u', '-z', '--output', 'left.img', '--json'],
      {
        cwd,
      },
    );
    expect(left.code).toBe(3);
    const folder = (JSON.parse(left.stdout) as { workingFolder: string }).workingFolder;
    expect(folder).toMatch(/^[A-Z]:\\[0-9a-f]{20}$/);
    const tidy = [
      'install',
      'base.img',
      'sp4.svcpkg',
      '-u',
      '-z',
      '--remove-working-folder',
      '--output',
      'tidy.img',
    ];
    expect((await svcpack(tidy, { cwd })).code).toBe(3);
    expect((await WinImage.load(join(cwd, 'left.img'))).exists(folder)).toBe(true);
    expect((await WinImage.load(join(cwd, 'tidy.img'))).exists(folder)).toBe(false);
  }, 120_000);
});
