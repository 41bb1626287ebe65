import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { importHostFolder } from '../../src/host/index.js';
import { ImageCore } from '../../src/image/index.js';
import { tempFolder } from './helpers.js';

const MIB = 1024 ** 2;

describe('import memory', () => {
  test('importing two sparse 700 MiB files holds each file once: the peak stays near their size, not 2x or 4x', async () => {
    const host = await tempFolder();
    for (const name of ['a.bin', 'b.bin']) {
      await writeFile(join(host, name), '');
      await truncate(join(host, name), 700 * MIB);
    }
    const image = new ImageCore();
    image.addVolume({ letter: 'C', capacity: 64 << 20 });
    const before = process.memoryUsage();
    let peakBuffers = 0;
    let peakRss = 0;
    const sample = () => {
      const now = process.memoryUsage();
      peakBuffers = Math.max(peakBuffers, now.arrayBuffers - before.arrayBuffers);
      peakRss = Math.max(peakRss, now.rss - before.rss);
    };
    const report = await importHostFolder(image, host, { letter: 'D', onProgress: sample });
    sample();
    expect(report.bytes).toBe(1400 * MIB);
    expect(image.stat('D:\\b.bin').size).toBe(700 * MIB);
    // the content itself is 1400 MiB; a copy of either file on top of it would pass 1750 MiB
    expect(peakBuffers).toBeLessThan(1750 * MIB);
    expect(peakRss).toBeLessThan(1750 * MIB);
  });
});
