/** An output path that names one of the command's own input files is refused: the input stays byte for byte. */
import { copyFileSync, linkSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lines, removeScratch, scratch, svcpack } from './spawn.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let dir: string;
let image: string;
let pkg: string;

beforeAll(async () => {
  dir = scratch('output-not-input');
  image = join(dir, 'machine.svcimg');
  pkg = join(dir, 'sp4.svcpkg');
  expect((await svcpack(['image', 'create', '-o', image, '--files', '900'])).code).toBe(0);
  const generate = ['package', 'generate', '--level', '4', '--for', image, '-o', pkg, '--files', '30'];
  expect((await svcpack(generate)).code).toBe(0);
});

afterAll(removeScratch);

/** Runs `args` and expects a refusal naming --output, with `input` byte for byte as it was. */
async function expectRefused(args: string[], input: string): Promise<void> {
  const before = readFileSync(input);
  const run = await svcpack(args);
  expect(run.code, run.stderr).toBe(2);
  expect(lines(run.stderr)).toHaveLength(1);
  expect(run.stderr).toContain('--output');
  expect(readFileSync(input).equals(before)).toBe(true);
}

describe('--output naming an input file', () => {
  it('package generate -o IMAGE (the --for image) is refused: the image is not replaced by a package', async () => {
    await expectRefused(['package', 'generate', '--level', '4', '--for', image, '-o', image], image);
  });

  it('install IMAGE PACKAGE --output PACKAGE is refused, also through a hard link', async () => {
    await expectRefused(['install', image, pkg, '-q', '-z', '--output', pkg], pkg);
    const linked = join(dir, 'linked.svcpkg');
    linkSync(pkg, linked);
    await expectRefused(['install', image, pkg, '-q', '-z', '--output', linked], pkg);
  });

  it('package build -o MANIFEST, or -o a payload file, is refused', async () => {
    const payload = join(dir, 'payload');
    mkdirSync(payload);
    const exe = join(payload, 'notepad.exe');
    copyFileSync(join(import.meta.dirname, '..', '..', 'package.json'), exe);
    const manifest = join(dir, 'manifest.json');
    const init = ['package', 'init', payload, '-o', manifest, '--id', 'Q123456', '--kind', 'hotfix'];
    expect((await svcpack(init)).code).toBe(0);
    await expectRefused(['package', 'build', manifest, payload, '-o', manifest], manifest);
    await expectRefused(['package', 'build', manifest, payload, '-o', exe], exe);
    expect((await svcpack(['package', 'build', manifest, payload, '-o', join(dir, 'q.svcpkg')])).code).toBe(
      0,
    );
  });
});
