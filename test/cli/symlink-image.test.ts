/** An image named through a symbolic link: every save in place goes to the file it names, the link stays. */
import { lstatSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { removeScratch, scratch, svcpack } from './spawn.js';

vi.setConfig({ testTimeout: 180_000 });
afterAll(removeScratch);

describe('svcpack reboot LINK (a symbolic link to the image)', () => {
  it('saves into the linked file each time, appended or whole, and leaves the link a link', async () => {
    const dir = scratch('symlink-image');
    const real = join(dir, 'real.svcimg');
    const link = join(dir, 'link.svcimg');
    expect((await svcpack(['image', 'create', '-o', real, '--files', '900'])).code).toBe(0);
    symlinkSync('real.svcimg', link);
    // the first reboots append; once dead bytes would outweigh live ones the save is whole
    for (let round = 0; round < 4; round++) {
      const before = readFileSync(real);
      const run = await svcpack(['reboot', link]);
      expect(run.code, run.stderr).toBe(0);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(readFileSync(real).equals(before), `round ${round}`).toBe(false);
    }
  });
});
