/**
 * Two commands changing one image file at once: each reports success only if its change is in the
 * file afterwards. Without a lock the later save was written whole over the earlier one (it no
 * longer matched what that command had loaded), and an install that exited 3 was gone.
 */
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lines, removeScratch, scratch, svcpack } from './spawn.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 180_000 });

let dir: string;
let base: string;
let pkg: string;

beforeAll(async () => {
  dir = scratch('concurrent');
  base = join(dir, 'base.svcimg');
  pkg = join(dir, 'sp4.svcpkg');
  expect((await svcpack(['image', 'create', '-o', base, '--files', '900'])).code).toBe(0);
  const generate = ['package', 'generate', '--level', '4', '--for', base, '-o', pkg, '--files', '30'];
  expect((await svcpack(generate)).code).toBe(0);
});

afterAll(removeScratch);

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('install and reboot of one image file at once', () => {
  it('an install that reports success is in the image; the command refused says so and exits 1', async () => {
    for (const [round, wait] of [0, 100, 300].entries()) {
      const image = join(dir, `round${round}.svcimg`);
      copyFileSync(base, image);
      const [installed, rebooted] = await Promise.all([
        svcpack(['install', image, pkg, '-q', '-z']),
        delay(wait).then(() => svcpack(['reboot', image])),
      ]);
      const info = JSON.parse((await svcpack(['image', 'info', image, '--json'])).stdout) as {
        installed: { id: string }[];
      };
      const ids = info.installed.map((p) => p.id);
      if (installed.code === 3) expect(ids, `round ${round}`).toContain('W2K-SP4');
      for (const run of [installed, rebooted].filter((r) => r.code === 1)) {
        expect(lines(run.stderr)).toHaveLength(1);
        expect(run.stderr).toContain('another svcpack command');
      }
      expect(readdirSync(dir).filter((name) => name.startsWith(`.${basename(image)}.`))).toEqual([]);
    }
  });

  it('the lock of a process that is gone (killed) does not keep the image busy', async () => {
    const image = join(dir, 'stale.svcimg');
    copyFileSync(base, image);
    writeFileSync(join(dir, '.stale.svcimg.svcpack-busy'), '999999999');
    const run = await svcpack(['reboot', image]);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(dir).filter((name) => name.startsWith('.stale.svcimg.'))).toEqual([]);
  });

  it.runIf(process.platform === 'linux')(
    "a dead command's lock whose id another process now has does not keep the image busy; a live one does",
    async () => {
      const image = join(dir, 'reused.svcimg');
      copyFileSync(base, image);
      const lock = join(dir, '.reused.svcimg.svcpack-busy');
      // this test's own process stands for the one that got the dead command's id
      const stat = readFileSync(`/proc/${process.pid}/stat`, 'latin1');
      const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
      writeFileSync(lock, `${process.pid} ${Number(start) - 1}`);
      const reused = await svcpack(['reboot', image]);
      expect(reused.code, reused.stderr).toBe(0);
      writeFileSync(lock, `${process.pid} ${start}`);
      const live = await svcpack(['reboot', image]);
      expect(live.code).toBe(1);
      expect(live.stderr).toContain(`another svcpack command (process ${process.pid})`);
      expect(existsSync(lock)).toBe(true);
    },
  );
});
