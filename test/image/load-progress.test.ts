/** `WinImage.load`'s `onProgress`: the file's bytes read and checked, then its entries, each up to its total. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WinImage } from '../../src/index.js';

let dir: string;
let file: string;
let entryCount: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'svcpack-load-progress-'));
  file = join(dir, 'machine.svcimg');
  const image = WinImage.create({ files: 3000 });
  await image.save(file);
  // every folder and file of every volume, each volume's root included
  entryCount = image.volumes().reduce((sum, volume) => sum + countEntries(image, `${volume.letter}:\\`), 0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function countEntries(image: WinImage, folder: string): number {
  let count = 1;
  for (const name of image.readdir(folder)) {
    const path = `${folder}${folder.endsWith('\\') ? '' : '\\'}${name}`;
    count += image.stat(path).isDirectory ? countEntries(image, path) : 1;
  }
  return count;
}

type Call = [step: 'read' | 'entries', done: number, total: number];

async function loadCounting(lazy: boolean): Promise<Call[]> {
  const calls: Call[] = [];
  await WinImage.load(file, { lazy, onProgress: (step, done, total) => calls.push([step, done, total]) });
  return calls;
}

describe.each([false, true])('WinImage.load (lazy: %s) with onProgress', (lazy) => {
  it("counts the file's bytes up to its size, in order, a MiB at a time", async () => {
    const read = (await loadCounting(lazy)).filter(([step]) => step === 'read');
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(4 * 2 ** 20);
    expect(read.length).toBe(Math.ceil(size / 2 ** 20));
    expect(read.every(([, , total]) => total === size)).toBe(true);
    const done = read.map(([, d]) => d);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(size);
  });

  it("counts the entries up to the image's entry count, once the file is read", async () => {
    const calls = await loadCounting(lazy);
    const entries = calls.filter(([step]) => step === 'entries');
    expect(entries.at(-1)).toEqual(['entries', entryCount, entryCount]);
    // below 65,536 entries: only the last count
    expect(entries).toHaveLength(1);
  });
});

it('a load without onProgress loads the same image', async () => {
  const counted = await WinImage.load(file, { onProgress: () => undefined });
  const plain = await WinImage.load(file);
  expect(counted.digest()).toBe(plain.digest());
});
