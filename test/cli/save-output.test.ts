/** `--output FILE` of a loaded image: a copy of the input file with what changed appended; the input only read. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { walkSegments } from '../../src/image/format-layout.js';
import { removeScratch, scratch, svcpack } from './spawn.js';

vi.setConfig({ testTimeout: 180_000 });
afterAll(removeScratch);

describe('svcpack install IMAGE SP --output OUT', () => {
  it('leaves IMAGE byte for byte, and OUT is IMAGE with one segment appended (no temporary file left)', async () => {
    const dir = scratch('save-output');
    const [image, pkg, out] = ['base.svcimg', 'sp4.svcpkg', 'out.svcimg'].map((name) => join(dir, name));
    expect((await svcpack(['image', 'create', '-o', image, '--files', '2000'])).code).toBe(0);
    const generated = await svcpack(['package', 'generate', '--level', '4', '--for', image, '-o', pkg]);
    expect(generated.code).toBe(0);
    const before = readFileSync(image);
    const installed = await svcpack(['install', image, pkg, '-u', '-z', '--output', out]);
    expect(installed.code).toBe(3);
    expect(readFileSync(image).equals(before)).toBe(true);
    const saved = readFileSync(out);
    expect(walkSegments(saved, out).segments).toHaveLength(2);
    expect(saved.subarray(96, before.length).equals(before.subarray(96))).toBe(true);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const pending = await svcpack(['pending', out, '--json']);
    expect(pending.code).toBe(0);
    expect(JSON.parse(pending.stdout).length).toBeGreaterThan(0);
  });
});
