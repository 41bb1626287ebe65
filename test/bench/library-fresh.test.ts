import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateServicePack } from '../../src/generate/index.js';
import { WinImage } from '../../src/machine/index.js';

const folder = mkdtempSync(join(tmpdir(), 'svcpack-fresh-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("svcpack bench --files: the library's first install in a fresh process", () => {
  it('times the package read and the install in a child, the image as it was on disk', async () => {
    const image = WinImage.create({ files: 1000, seed: 1 });
    const [imageFile, spFile] = [join(folder, 'machine.svcimg'), join(folder, 'sp.svcpkg')];
    await image.save(imageFile);
    writeFileSync(spFile, generateServicePack(image, { level: 4, files: 400, seed: 1 }).toBytes());
    // the built script, as `svcpack bench` runs it in a child process
    const { runLibraryFresh } = await import('../../dist/bench/library-fresh.js');
    const sample = await runLibraryFresh(imageFile, spFile, process.env);
    expect(sample.ms).toBeGreaterThan(0);
    expect(sample.cpuMs).toBeGreaterThan(0);
    // the child installs into its own copy in memory: the file is the image as saved
    expect((await WinImage.load(imageFile)).digest()).toBe(image.digest());
  }, 120_000);

  it("reports the child's failure, with its error, as no sample", async () => {
    const imageFile = join(folder, 'missing.svcimg');
    const { runLibraryFresh } = await import('../../dist/bench/library-fresh.js');
    await expect(runLibraryFresh(imageFile, join(folder, 'missing.svcpkg'), process.env)).rejects.toThrow(
      /exited 1: [^]*ENOENT[^]*missing\.svcimg/,
    );
  }, 120_000);
});
