import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WinImage } from '../../src/machine/index.js';

const folder = mkdtempSync(join(tmpdir(), 'svcpack-loadsave-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('svcpack bench --files: load against save', () => {
  it('times whole saves in every round: a save back to the file just loaded would append (format 8) and write almost nothing', async () => {
    const file = join(folder, 'machine.svcimg');
    await WinImage.create({ files: 1000, seed: 1 }).save(file);
    // the built script, as `svcpack bench` runs it in a child process
    const { runLoadSave } = await import('../../dist/bench/scale-loadsave.js');
    const result = await runLoadSave(file, 3, false);
    expect(result.savedBytes).toHaveLength(3);
    for (const bytes of result.savedBytes) expect(bytes).toBe(statSync(file).size);
  }, 120_000);
});
