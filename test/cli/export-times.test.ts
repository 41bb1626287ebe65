/** `svcpack image export --exact-times` (N9): the image's 100 ns reach the host only when asked. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeScratch, scratch, svcpack } from './spawn.js';

afterAll(removeScratch);

const NANOSECONDS = 1_700_000_000_123_456_789n;

describe('svcpack image export: times', () => {
  it('N9: --exact-times writes the 100 ns the import kept; without it the time is cut to the microsecond and counted', async () => {
    const dir = scratch('export-times');
    const tree = join(dir, 'tree');
    mkdirSync(tree);
    writeFileSync(join(tree, 'a.txt'), 'a');
    execFileSync('touch', ['-m', '-d', '@1700000000.123456789', join(tree, 'a.txt')]);
    expect(statSync(join(tree, 'a.txt'), { bigint: true }).mtimeNs).toBe(NANOSECONDS);
    const image = join(dir, 'tree.img');
    expect((await svcpack(['image', 'import', tree, '-o', image])).code).toBe(0);

    const exact = await svcpack(['image', 'export', image, join(dir, 'exact'), '--exact-times', '--json']);
    expect(exact.code).toBe(0);
    expect(JSON.parse(exact.stdout).inexactTimes).toBeUndefined();
    expect(statSync(join(dir, 'exact', 'a.txt'), { bigint: true }).mtimeNs).toBe(1_700_000_000_123_456_700n);

    const plain = await svcpack(['image', 'export', image, join(dir, 'plain')]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/\d+ times set to the microsecond/);
    expect(statSync(join(dir, 'plain', 'a.txt'), { bigint: true }).mtimeNs).toBe(1_700_000_000_123_456_000n);
  });
});
