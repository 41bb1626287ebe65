/** Exit statuses as a user sees them: 0 done, 3 only while a restart is pending, 2 bad input, 1 failure. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lines, removeScratch, scratch, svcpack } from './spawn.js';

// each test spawns the built CLI a few times: slow when the machine is shared
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let dir: string;
let image: string;
let sp4: string;

beforeAll(async () => {
  dir = scratch('exit');
  image = join(dir, 'machine.svcimg');
  sp4 = join(dir, 'sp4.svcpkg');
  expect((await svcpack(['image', 'create', '-o', image])).code).toBe(0);
  const generated = await svcpack([
    'package',
    'generate',
    '--level',
    '4',
    '--for',
    image,
    '-o',
    sp4,
    '--files',
    '30',
  ]);
  expect(generated.code, generated.stderr).toBe(0);
});

afterAll(removeScratch);

describe('install and uninstall: exit 3 only while a restart is pending, and the image is saved', () => {
  it('install without -z restarts (1641) and exits 0, not 3: the restart already happened', async () => {
    const out = join(dir, 'restarted.svcimg');
    const run = await svcpack(['install', image, sp4, '-q', '--output', out, '--json']);
    expect(JSON.parse(run.stdout).code).toBe(1641);
    expect(run.code).toBe(0);
    expect(JSON.parse((await svcpack(['pending', out, '--json'])).stdout)).toEqual([]);
  });

  it('install with -z and renames queued exits 3 (3010: the restart is pending)', async () => {
    const run = await svcpack([
      'install',
      image,
      sp4,
      '-q',
      '-z',
      '--output',
      join(dir, 'z.svcimg'),
      '--json',
    ]);
    expect(JSON.parse(run.stdout)).toMatchObject({ code: 3010, restartRequired: true });
    expect(run.code).toBe(3);
  });

  it('uninstall without -z saves the image (1641) and exits 0', async () => {
    const installed = join(dir, 'installed.svcimg');
    expect((await svcpack(['install', image, sp4, '-q', '--output', installed])).code).toBe(0);
    const removed = join(dir, 'removed.svcimg');
    const run = await svcpack(['uninstall', installed, 'W2K-SP4', '--output', removed, '--json']);
    expect(JSON.parse(run.stdout).code).toBe(1641);
    expect(run.code).toBe(0);
    expect(existsSync(removed)).toBe(true);
    const info = JSON.parse((await svcpack(['image', 'info', removed, '--json'])).stdout);
    expect(info.servicePack).toBe('none');
    expect(info.installed).toEqual([]);
  });

  it('a refused uninstall (nothing of that id installed) exits 1 and names no log: it writes none', async () => {
    const run = await svcpack(['uninstall', image, 'Q999999', '-z']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Q999999: result 1603: /);
    expect(run.stdout).not.toMatch(/^log: /m);
  });
});

describe('bad input of any kind exits 2 with one line naming it', () => {
  const expectBadInput = (run: { code: number | null; stderr: string }, mention: string) => {
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toContain(mention);
    expect(run.stderr).not.toMatch(/ENOENT|EISDIR|\n\s+at /);
  };

  it('a missing image file', async () => {
    expectBadInput(
      await svcpack(['image', 'info', join(dir, 'missing.svcimg')]),
      'missing.svcimg: no such file',
    );
  });

  it('a folder given as an image', async () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    expectBadInput(await svcpack(['image', 'info', folder]), 'is a folder, not an image file');
  });

  it('a drive the image does not have', async () => {
    expectBadInput(await svcpack(['image', 'ls', image, 'Q:\\']), 'there is no drive Q:');
    expectBadInput(
      await svcpack(['image', 'export', image, join(dir, 'out'), '--drive', 'Q']),
      "no drive 'Q'",
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('a host folder that is missing, a file, or (to export into) not empty', async () => {
    const missing = join(dir, 'no-such-folder');
    expectBadInput(
      await svcpack(['image', 'import', missing, '-o', join(dir, 'imported.svcimg')]),
      `'${missing}'`,
    );
    expect(existsSync(join(dir, 'imported.svcimg'))).toBe(false);
    const full = join(dir, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'keep.txt'), 'mine');
    expectBadInput(await svcpack(['image', 'export', image, full]), 'not empty');
    expect(readFileSync(join(full, 'keep.txt'), 'utf8')).toBe('mine');
    expectBadInput(await svcpack(['image', 'export', image, join(full, 'keep.txt')]), 'not a folder');
  });

  it('a path that does not exist or is not valid in the image', async () => {
    expectBadInput(await svcpack(['image', 'ls', image, 'C:\\nowhere\\x']), 'ERROR_PATH_NOT_FOUND');
    expectBadInput(await svcpack(['image', 'ls', image, 'C:\\WINNT\\a<b']), 'ERROR_INVALID_NAME');
  });

  it('a package with one flipped byte and a truncated package both exit 2', async () => {
    const bytes = readFileSync(sp4);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length >> 1] ^= 0xff;
    writeFileSync(join(dir, 'flipped.svcpkg'), flipped);
    writeFileSync(join(dir, 'truncated.svcpkg'), bytes.subarray(0, bytes.length >> 1));
    const before = readFileSync(image);
    for (const name of ['flipped.svcpkg', 'truncated.svcpkg']) {
      expectBadInput(await svcpack(['package', 'verify', join(dir, name)]), name);
      expectBadInput(await svcpack(['install', image, join(dir, name), '-q']), name);
    }
    expect(readFileSync(image).equals(before)).toBe(true);
  });

  it('install reads the image and the package at once: when both are bad, the image is the one named', async () => {
    const bytes = readFileSync(sp4);
    writeFileSync(join(dir, 'cut.svcpkg'), bytes.subarray(0, bytes.length >> 1));
    const run = await svcpack(['install', join(dir, 'missing.svcimg'), join(dir, 'cut.svcpkg'), '-q']);
    expectBadInput(run, 'missing.svcimg: no such file');
    expect(run.stderr).not.toContain('cut.svcpkg');
  });

  it('install checks the package first and then reads the image: when both are bad, the image is still the one named', async () => {
    const damagedImage = join(dir, 'damaged.svcimg');
    const imageBytes = Buffer.from(readFileSync(image));
    imageBytes[imageBytes.length >> 1] ^= 0xff;
    writeFileSync(damagedImage, imageBytes);
    const pkgBytes = readFileSync(sp4);
    // refused before any member is hashed (cut short), then after its members' SHA-256s (the last
    // member's last byte flipped: the 89 bytes after it are the integrity hash and the signature)
    const cut = join(dir, 'cut-short.svcpkg');
    writeFileSync(cut, pkgBytes.subarray(0, pkgBytes.length >> 1));
    const flipped = join(dir, 'member-flipped.svcpkg');
    const flippedBytes = Buffer.from(pkgBytes);
    flippedBytes[flippedBytes.length - 90] ^= 0xff;
    writeFileSync(flipped, flippedBytes);
    expectBadInput(await svcpack(['install', image, flipped, '-q']), 'does not match its SHA-256');
    for (const pkg of [cut, flipped]) {
      const run = await svcpack(['install', damagedImage, pkg, '-q']);
      expectBadInput(run, 'damaged.svcimg');
      expect(run.stderr).not.toContain(pkg);
    }
  });

  it('a stack only with --debug', async () => {
    const quiet = await svcpack(['image', 'info', join(dir, 'missing.svcimg')]);
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    const debug = await svcpack(['image', 'info', join(dir, 'missing.svcimg'), '--debug']);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe('image create: a bad layout option names its option', () => {
  it('--files below the preset and --service-pack above it are the command line, exit 2, nothing written', async () => {
    const out = join(dir, 'too-few.svcimg');
    const few = await svcpack(['image', 'create', '--files', '500', '-o', out]);
    expect(few.code).toBe(2);
    expect(few.stderr).toMatch(
      /^svcpack: command line: --files: .*850 named files.*see 'svcpack image create --help'/,
    );
    const level = await svcpack(['image', 'create', '--service-pack', '9', '-o', out, '--json']);
    expect(level.code).toBe(2);
    expect(JSON.parse(level.stdout).problems).toEqual([
      { where: '--service-pack', message: 'must be an integer from 0 to 4 for win2000-server, got 9' },
    ]);
    expect(existsSync(out)).toBe(false);
  });
});
