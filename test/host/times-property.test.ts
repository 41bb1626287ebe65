/**
 * N9 on the host: import then export of a random host tree is byte-, attribute- and time-identical
 * (every file's and folder's bytes, read-only bit and modification time compared, to the
 * nanosecond). Trees are written with times to the microsecond, the most Node sets on Linux
 * (libuv truncates `utimes` there; see src/host/host-time.ts); a host time below the microsecond
 * is imported to its exact 100 ns unit and kept through save, load and fork.
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportDrive, importHostFolder } from '../../src/host/index.js';
import { ImageCore, copyImage, decodeImage, encodeImage } from '../../src/image/index.js';
import { tempFolder } from './helpers.js';

/** What a host tree holds: per relative path, the bytes (hex) or '<dir>', the mode's write bit and mtime in ns. */
async function snapshot(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      const stats = await stat(full, { bigint: true });
      const what = entry.isDirectory() ? '<dir>' : (await readFile(full)).toString('hex');
      out.set(relative(root, full), `${what} w=${(stats.mode & 0o200n) !== 0n} t=${stats.mtimeNs}`);
    }
  };
  await walk(root);
  return out;
}

/** The decimal seconds that `utimes` turns into exactly the microsecond `us` (as src/host/host-time.ts). */
function seconds(us: bigint): string {
  const sign = us < 0n ? '-' : '';
  const magnitude = us < 0n ? -us : us;
  return `${sign}${magnitude / 1_000_000n}.${(magnitude % 1_000_000n).toString().padStart(6, '0')}5`;
}

interface NodeSpec {
  name: string;
  readonly: boolean;
  data: Uint8Array;
  /** Microseconds since 1970. */
  time: bigint;
  children?: NodeSpec[];
}

const name = fc.stringMatching(/^[a-zA-Z0-9_][a-zA-Z0-9_ .-]{0,10}[a-zA-Z0-9_]$/);
// 1601 is NTFS's epoch; hosts and Node handle 1902 to 2100 (32-bit seconds aside)
const time = fc.bigInt({ min: -2_000_000_000_000_000n, max: 4_000_000_000_000_000n });
const file = fc.record({ name, readonly: fc.boolean(), data: fc.uint8Array({ maxLength: 64 }), time });
const nodes: fc.Memo<NodeSpec[]> = fc.memo((depth) =>
  fc.uniqueArray(
    depth <= 1
      ? file
      : fc.oneof(
          file,
          fc.record({
            name,
            readonly: fc.constant(false),
            data: fc.constant(new Uint8Array()),
            time,
            children: nodes(depth - 1),
          }),
        ),
    { maxLength: 5, selector: (node) => node.name.toLowerCase() },
  ),
);

/** Writes the tree below `dir`; folder times last, once their content is written. */
async function write(dir: string, specs: NodeSpec[]): Promise<void> {
  for (const spec of specs) {
    const path = join(dir, spec.name);
    if (spec.children) {
      await mkdir(path);
      await write(path, spec.children);
    } else {
      await writeFile(path, spec.data);
      if (spec.readonly) await chmod(path, 0o444);
    }
    await utimes(path, seconds(spec.time), seconds(spec.time));
  }
}

describe('N9: host import then export moves nothing', () => {
  it('N9: import then export of random host trees is byte-, attribute- and time-identical', async () => {
    await fc.assert(
      fc.asyncProperty(nodes(3), async (specs) => {
        const source = join(await tempFolder(), 'tree');
        await mkdir(source);
        await write(source, specs);
        const image = new ImageCore();
        await importHostFolder(image, source, { letter: 'C' });
        const target = join(await tempFolder(), 'export');
        await exportDrive(image, 'C', target);
        expect(await snapshot(target)).toEqual(await snapshot(source));
      }),
      { numRuns: 25 },
    );
  });

  it('N9: a host time below the microsecond is imported to its 100 ns unit and kept by save, load and fork', async () => {
    const source = await tempFolder();
    const path = join(source, 'ns.txt');
    await writeFile(path, 'x');
    // coreutils touch sets nanoseconds (utimensat); Node cannot
    execFileSync('touch', ['-m', '-d', '@1700000000.123456789', path]);
    const image = new ImageCore();
    await importHostFolder(image, source, { letter: 'C' });
    // FILETIME of 2023-11-14 22:13:20.1234567 UTC: 116444736000000000 + 17000000001234567
    const expected = 116_444_736_000_000_000n + 17_000_000_001_234_567n;
    expect(image.stat('C:\\ns.txt').modifiedFileTime).toBe(expected);
    const loaded = decodeImage(
      Buffer.concat(encodeImage(image)),
      'test',
      (registry) => new ImageCore({ registry }),
    );
    expect(loaded.stat('C:\\ns.txt').modifiedFileTime).toBe(expected);
    const forked = new ImageCore({ registry: image.registry.clone() });
    copyImage(image, forked);
    expect(forked.stat('C:\\ns.txt').modifiedFileTime).toBe(expected);
    const target = await tempFolder();
    await exportDrive(image, 'C', join(target, 'out'));
    expect((await stat(join(target, 'out', 'ns.txt'), { bigint: true })).mtimeNs).toBe(
      1_700_000_000_123_456_000n,
    );
  });
});
