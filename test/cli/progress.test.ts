/** Progress from the first second of long work, on stderr only, and only when asked for off a terminal. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lines, removeScratch, scratch, svcpack } from './spawn.js';

// each test spawns the built CLI a few times: slow when the machine is shared
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let dir: string;
let image: string;
let pkg: string;

beforeAll(async () => {
  dir = scratch('progress');
  image = join(dir, 'machine.svcimg');
  pkg = join(dir, 'sp4.svcpkg');
  expect((await svcpack(['image', 'create', '-o', image])).code).toBe(0);
  expect(
    (await svcpack(['package', 'generate', '--level', '4', '--for', image, '-o', pkg, '--files', '40'])).code,
  ).toBe(0);
});

afterAll(removeScratch);

describe('progress', () => {
  it('--progress: loading and verifying are reported before any copying, on stderr; stdout stays JSON', async () => {
    const run = await svcpack([
      'install',
      image,
      pkg,
      '-q',
      '-z',
      '--output',
      join(dir, 'a.svcimg'),
      '--json',
      '--progress',
    ]);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout).code).toBe(3010);
    const reported = lines(run.stderr);
    expect(reported[0]).toMatch(/^svcpack: loading image .*machine\.svcimg \(\d+(\.\d)? MiB\)\.\.\.$/);
    expect(reported[1]).toMatch(/^svcpack: verifying package .*sp4\.svcpkg \(\d+(\.\d)? MiB\)\.\.\.$/);
    expect(reported.slice(2)).toContain('svcpack: extract 40/40');
    expect(reported.slice(2).some((line) => /^svcpack: files \d+\/\d+$/.test(line))).toBe(true);
    // the save of a large image takes seconds too: it is announced, not silent
    expect(reported.at(-1)).toMatch(/^svcpack: saving image .*a\.svcimg\.\.\.$/);
  });

  it("--progress: an image's load counts its MiB read and checked, and its entries, up to their totals", async () => {
    const run = await svcpack(['image', 'info', image, '--progress']);
    expect(run.code).toBe(0);
    const reported = lines(run.stderr);
    const mib = Math.ceil(statSync(image).size / 2 ** 20);
    expect(reported[0]).toMatch(/^svcpack: loading image .*machine\.svcimg/);
    expect(reported).toContain(`svcpack: loading image ${mib}/${mib} MiB`);
    const entries = reported
      .map((line) => /^svcpack: reading entries (\d+)\/(\d+)$/.exec(line))
      .filter((m) => m);
    expect(entries.length).toBeGreaterThan(0);
    const [, done, total] = entries.at(-1)!;
    expect(done).toBe(total);
    expect(Number(total)).toBeGreaterThan(1000);
  });

  it('--progress: a command that writes an image announces its creation and its save', async () => {
    const created = await svcpack([
      'image',
      'create',
      '-o',
      join(dir, 'c.svcimg'),
      '--files',
      '3000',
      '--progress',
    ]);
    expect(created.code).toBe(0);
    expect(lines(created.stderr)).toEqual([
      'svcpack: creating image: win2000-server, 3000 files...',
      `svcpack: saving image ${join(dir, 'c.svcimg')}...`,
      'svcpack: computing the digest...',
    ]);
    const rebooted = await svcpack(['reboot', join(dir, 'c.svcimg'), '--progress']);
    expect(rebooted.code).toBe(0);
    expect(lines(rebooted.stderr).at(-1)).toBe(`svcpack: saving image ${join(dir, 'c.svcimg')}...`);
  });

  it('not shown when stderr is not a terminal unless asked, and never with --no-progress', async () => {
    const quiet = await svcpack(['install', image, pkg, '-q', '-z', '--output', join(dir, 'b.svcimg')]);
    expect(quiet.code).toBe(3);
    expect(quiet.stderr).toBe('');
    const off = await svcpack(['image', 'info', image, '--no-progress']);
    expect(off.stderr).toBe('');
  });
});
