import { describe, expect, it } from 'vitest';
import { generateServicePack } from '../../fixtures/index.js';
import { install, WinImage } from '../../src/machine/index.js';

const LOGS = ['C:\\WINNT\\Svcpack.log', 'C:\\WINNT\\Spuninst.log'];

describe('the working folder an install extracts to', () => {
  const base = WinImage.create({ files: 2000, seed: 3 });
  const sp = generateServicePack(base, { level: 4, seed: 3, files: 40 });

  it('-z leaves it, on the volume with the most free space, and reports it', async () => {
    const image = base.fork();
    const result = await install(image, sp, { noRestart: true });
    expect(result.workingFolder).toMatch(/^[A-Z]:\\[0-9a-f]{20}$/);
    expect(image.exists(result.workingFolder!)).toBe(true);
    expect(image.readFile(image.expand('%SystemRoot%\\Svcpack.log')).toString()).toContain(
      `working folder ${result.workingFolder} left`,
    );
  });

  it('removeWorkingFolder deletes it with -z, leaving the image as a restart from the dialog would', async () => {
    const kept = base.fork();
    const left = await install(kept, sp, { noRestart: true });
    const tidy = base.fork();
    const result = await install(tidy, sp, { noRestart: true, removeWorkingFolder: true });
    expect(result.code).toBe(left.code);
    expect(result.workingFolder).toBeUndefined();
    expect(tidy.exists(left.workingFolder!)).toBe(false);
    kept.removeTree(left.workingFolder!);
    expect(tidy.digest({ exclude: LOGS })).toBe(kept.digest({ exclude: LOGS }));
    expect(tidy.readFile(tidy.expand('%SystemRoot%\\Svcpack.log')).toString()).toContain(
      `working folder ${left.workingFolder} deleted`,
    );
  });
});
