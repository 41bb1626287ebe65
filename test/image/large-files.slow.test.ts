/** Reading and writing 2 GiB and more at once, and the entry counts of a load of more than 65,536 entries. */
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WinImage } from '../../src/index.js';
import { readFileWhole } from '../../src/image/read-shared.js';

// gigabytes of fresh memory: tens of seconds of the system's time on a VM, more on a busy one
vi.setConfig({ testTimeout: 300_000 });

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'svcpack-read-large-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a file of 2 GiB or more', () => {
  it('is read whole (one read of that length made node abort the process)', async () => {
    const file = join(dir, 'large.bin');
    const size = 2 ** 31 + 3 * 2 ** 20;
    const fd = openSync(file, 'w');
    // sparse but for a mark at the start and one at the end
    writeSync(fd, Buffer.from('first'), 0, 5, 0);
    writeSync(fd, Buffer.from('last!'), 0, 5, size - 5);
    closeSync(fd);
    const bytes = await readFileWhole(file);
    expect(bytes.byteLength).toBe(size);
    expect(bytes.toString('latin1', 0, 5)).toBe('first');
    expect(bytes.toString('latin1', size - 5)).toBe('last!');
    expect(bytes[2 ** 31]).toBe(0);
  });
});

describe('an image holding more than 2 GiB of contents', () => {
  it('saves and loads back (node reported such a write as negative: the save wrote on until memory ran out)', async () => {
    const image = WinImage.empty();
    image.addVolume({ letter: 'D', capacity: 8 * 2 ** 30 });
    const size = 1_080_000_000;
    for (const [name, fill] of [
      ['one.bin', 0x61],
      ['two.bin', 0x62],
    ] as const) {
      const data = Buffer.alloc(size, fill);
      data.write(`head of ${name}`, 0, 'latin1');
      data.write(`tail of ${name}`, size - 15, 'latin1');
      image.writeFile(`D:\\${name}`, data);
    }
    const file = join(dir, 'contents.svcimg');
    await image.save(file);
    expect(statSync(file).size).toBeGreaterThan(2 * size);
    const loaded = await WinImage.load(file);
    for (const name of ['one.bin', 'two.bin']) {
      const content = Buffer.from(loaded.readFile(`D:\\${name}`));
      expect(content.byteLength).toBe(size);
      expect(content.toString('latin1', 0, 15)).toBe(`head of ${name}`);
      expect(content.toString('latin1', size - 15)).toBe(`tail of ${name}`);
    }
  });
});

describe('a load of more than 65,536 entries', () => {
  it('counts its entries every 65,536 and at the last, lazily or not', async () => {
    const file = join(dir, 'machine.svcimg');
    await WinImage.create({ files: 70_000 }).save(file);
    for (const lazy of [false, true]) {
      const counts: Array<[number, number]> = [];
      await WinImage.load(file, {
        lazy,
        onProgress: (step, done, total) => {
          if (step === 'entries') counts.push([done, total]);
        },
      });
      const total = counts[0][1];
      expect(total).toBeGreaterThan(70_000);
      expect(counts).toEqual([
        [65_536, total],
        [total, total],
      ]);
    }
  });
});
