/** What an interrupted command removes before it exits: its own saves' leftovers, nobody else's. */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { guardedSave, removeUnfinishedSaves } from '../../src/cli/save.js';

const folder = mkdtempSync(join(tmpdir(), 'svcpack-unfinished-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('removeUnfinishedSaves (Ctrl-C during a save)', () => {
  it("removes this process's temporary file and append lock of the target being saved, and leaves other processes' alone", async () => {
    const target = join(folder, 'machine.svcimg');
    const own = {
      temporary: join(folder, `.machine.svcimg.${process.pid}.1733490000000.tmp`),
      lock: join(folder, `.machine.svcimg.${process.pid}.lock`),
    };
    const others = {
      temporary: join(folder, `.machine.svcimg.${process.pid + 1}.1733490000000.tmp`),
      lock: join(folder, `.machine.svcimg.${process.pid + 1}.lock`),
    };
    await guardedSave(target, '-o', async () => {
      for (const file of [...Object.values(own), ...Object.values(others)]) writeFileSync(file, '');
      // what the SIGINT handler runs while the save is still under way
      removeUnfinishedSaves();
    });
    expect(existsSync(own.temporary)).toBe(false);
    expect(existsSync(own.lock)).toBe(false);
    expect(existsSync(others.temporary)).toBe(true);
    expect(existsSync(others.lock)).toBe(true);
  });
});
