/**
 * Saves onto a full disk (a small tmpfs, so root only): the error names the file and the cause, an
 * image saved in place is byte for byte as it was, and no temporary file is left.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lines, removeScratch, scratch, svcpack } from './spawn.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let dir: string;
let image: string;
let pkg: string;
const mounted: string[] = [];

/** A tmpfs of `bytes` at a new folder, or undefined where this process may not mount one. */
function smallDisk(name: string, bytes: number): string | undefined {
  const folder = join(dir, name);
  mkdirSync(folder);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', folder], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  mounted.push(folder);
  return folder;
}

beforeAll(async () => {
  dir = scratch('disk-full');
  image = join(dir, 'machine.svcimg');
  pkg = join(dir, 'sp4.svcpkg');
  expect((await svcpack(['image', 'create', '-o', image, '--files', '900'])).code).toBe(0);
  const generate = ['package', 'generate', '--level', '4', '--for', image, '-o', pkg, '--files', '200'];
  expect((await svcpack(generate)).code).toBe(0);
});

afterAll(() => {
  for (const folder of mounted) execFileSync('umount', [folder]);
  removeScratch();
});

const expectDiskFull = (run: { code: number | null; stderr: string }, file: string) => {
  expect(run.code).toBe(1);
  expect(lines(run.stderr)).toHaveLength(1);
  expect(run.stderr).toContain(`'${file}'`);
  expect(run.stderr).toContain('ENOSPC');
  expect(run.stderr).not.toContain('internal error');
};

describe('a save onto a full disk', () => {
  it('image create and install --output: exit 1 naming the file and ENOSPC, nothing left behind', async (context) => {
    const disk = smallDisk('create', 40 << 20);
    if (!disk) return context.skip();
    const created = join(disk, 'new.svcimg');
    expectDiskFull(await svcpack(['image', 'create', '-o', created]), created);
    const output = join(disk, 'out.svcimg');
    expectDiskFull(await svcpack(['install', image, pkg, '-q', '-z', '--output', output]), output);
    expect(readdirSync(disk)).toEqual([]);
  });

  it('install in place: the image file is byte for byte as it was (no uncommitted segment kept)', async (context) => {
    const disk = smallDisk('in-place', statSync(image).size + (4 << 20));
    if (!disk) return context.skip();
    const inPlace = join(disk, 'machine.svcimg');
    copyFileSync(image, inPlace);
    const before = readFileSync(inPlace);
    expectDiskFull(await svcpack(['install', inPlace, pkg, '-q', '-z']), inPlace);
    expect(readFileSync(inPlace).equals(before)).toBe(true);
    expect(readdirSync(disk)).toEqual(['machine.svcimg']);
    expect((await svcpack(['image', 'info', inPlace])).code).toBe(0);
  });
});
