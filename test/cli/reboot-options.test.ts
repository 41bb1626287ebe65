/** `svcpack reboot` options: a bad one is bad input (exit 2) and leaves the image file as it was. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lines, removeScratch, scratch, svcpack } from './spawn.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let dir: string;
let image: string;

beforeAll(async () => {
  dir = scratch('reboot-options');
  image = join(dir, 'machine.svcimg');
  expect((await svcpack(['image', 'create', '-o', image, '--files', '900'])).code).toBe(0);
});

afterAll(removeScratch);

describe('svcpack reboot --power-cut-after', () => {
  it.each(['abc', '-1', '1.5', ''])(
    "'%s' exits 2 naming the option, and the image file is byte for byte as it was",
    async (value) => {
      const before = readFileSync(image);
      const run = await svcpack(['reboot', image, `--power-cut-after=${value}`]);
      expect(run.code, run.stderr).toBe(2);
      expect(lines(run.stderr)).toHaveLength(1);
      expect(run.stderr).toContain('--power-cut-after');
      expect(readFileSync(image).equals(before)).toBe(true);
    },
  );

  it('a whole number cuts the boot and saves the image as the cut left it (exit 1)', async () => {
    const pkg = join(dir, 'sp4.svcpkg');
    const pending = join(dir, 'pending.svcimg');
    const cut = join(dir, 'cut.svcimg');
    const args = ['package', 'generate', '--level', '4', '--for', image, '-o', pkg, '--files', '30'];
    expect((await svcpack(args)).code).toBe(0);
    expect((await svcpack(['install', image, pkg, '-q', '-z', '--output', pending])).code).toBe(3);
    const run = await svcpack(['reboot', pending, '--power-cut-after', '1', '--output', cut]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain('power cut');
    expect((await svcpack(['reboot', cut])).code).toBe(0);
  });
});

describe('svcpack reboot: options a recorded or replayed reboot cannot honour', () => {
  it.each([
    [['--record', 'TRACE', '--power-cut-after', '3'], '--power-cut-after'],
    [['--replay', 'TRACE', '--power-cut-after', '3'], '--power-cut-after'],
    [['--record', 'TRACE', '--replay', 'TRACE'], '--replay'],
    [['--replay', 'TRACE', '--mode', 'transactional'], '--mode'],
  ])('%j exits 2 naming %s, and the image file is byte for byte as it was', async (options, named) => {
    const trace = join(dir, 'boot.trace.json');
    expect(
      (await svcpack(['reboot', image, '--output', join(dir, 'traced.svcimg'), '--record', trace])).code,
    ).toBe(0);
    const before = readFileSync(image);
    const args = options.map((option) => (option === 'TRACE' ? trace : option));
    const run = await svcpack(['reboot', image, ...args]);
    expect(run.code, run.stderr).toBe(2);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toContain(named);
    expect(readFileSync(image).equals(before)).toBe(true);
  });
});
