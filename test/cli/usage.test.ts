/** Usage errors in one line, help pages with examples and exit statuses, and install's -o, -x and -s. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lines, removeScratch, scratch, svcpack } from './spawn.js';

// each test spawns the built CLI a few times: slow when the machine is shared
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let dir: string;
let image: string;
let pkg: string;

beforeAll(async () => {
  dir = scratch('usage');
  image = join(dir, 'machine.svcimg');
  pkg = join(dir, 'sp1.svcpkg');
  expect((await svcpack(['image', 'create', '-o', image])).code).toBe(0);
  expect(
    (await svcpack(['package', 'generate', '--level', '1', '--for', image, '-o', pkg, '--files', '8'])).code,
  ).toBe(0);
});

afterAll(removeScratch);

describe('usage errors', () => {
  it('print one line and where to read more, not the whole help page, and exit 2', async () => {
    for (const args of [['image', 'info'], ['install', '--bogus'], ['no-such-command']]) {
      const run = await svcpack(args);
      expect(run.code, args.join(' ')).toBe(2);
      const printed = lines(run.stderr);
      expect(printed, args.join(' ')).toHaveLength(2);
      expect(printed[1]).toMatch(/^\(see 'svcpack( \S+)* --help'\)$/);
      expect(run.stderr).not.toContain('Options:');
    }
  });

  it('with --json, the error is JSON on stdout, as for any other error', async () => {
    for (const args of [
      ['reboot', image, '--bogus', '--json'],
      ['image', 'info', '--json'],
      ['package', 'generate', '--level', '4', '--json'],
    ]) {
      const run = await svcpack(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(JSON.parse(run.stdout), args.join(' ')).toMatchObject({ error: 'UsageError' });
    }
  });

  it('--help pages show examples and the exit statuses', async () => {
    for (const args of [
      ['--help'],
      ['install', '--help'],
      ['uninstall', '--help'],
      ['image', 'info', '--help'],
    ]) {
      const run = await svcpack(args);
      expect(run.code).toBe(0);
      expect(run.stdout, args.join(' ')).toMatch(/Examples:\n {2}\$ svcpack /);
      expect(run.stdout).toMatch(
        /Exit status:\n {2}0 {2}success\n {2}1 .*\n {2}2 {2}bad input.*\n {2}3 .*restart is pending/,
      );
    }
  });
});

describe('install -o: the overwrite-OEM switch of update.exe, never an output file', () => {
  it('-o FILE is refused with a line pointing to --output, and nothing is written', async () => {
    const run = await svcpack(['install', image, pkg, '-o', join(dir, 'out.svcimg')]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toContain("-o is update.exe's overwrite-OEM switch");
    expect(run.stderr).toContain(`--output ${join(dir, 'out.svcimg')}`);
    expect(existsSync(join(dir, 'out.svcimg'))).toBe(false);
  });

  it('--help says so', async () => {
    const run = await svcpack(['install', '--help']);
    expect(run.stdout.replace(/\s+/g, ' ')).toContain(
      "-o, --overwrite-oem overwrite OEM files without asking: update.exe's -o, not an output file",
    );
  });
});

describe('install -x and -s', () => {
  it('-x without a folder extracts nothing into the current folder: exit 2 asking for one', async () => {
    const cwd = scratch('usage-x');
    const run = await svcpack(['install', image, pkg, '-x'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('-x needs a folder');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('-x:DIR takes only the package: no unused image argument', async () => {
    const target = join(dir, 'extracted');
    const run = await svcpack(['install', pkg, `-x:${target}`, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).files).toBeGreaterThan(8);
    expect(existsSync(join(target, 'update', 'manifest.json'))).toBe(true);
    const both = await svcpack(['install', image, pkg, `-x:${join(dir, 'x2')}`]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give only the package');
    expect(existsSync(join(dir, 'x2'))).toBe(false);
  });
});
