/**
 * N9 on the host: import then export of a random host tree is byte-, attribute- and time-identical
 * (every file's and folder's bytes, read-only bit and modification time compared, to the
 * nanosecond). Trees are written with times in 100 ns units (FILETIME's), by coreutils `touch`:
 * Node cannot set a host time below the microsecond (libuv truncates `utimes`; see
 * src/host/host-time.ts), and the export writes them all the same when asked (`exactTimes`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
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

/** Sets a host path's times to `units` of 100 ns since 1970 with coreutils touch (nanoseconds). */
function touchAt(path: string, units: bigint): void {
  const ns = units * 100n;
  const magnitude = ns < 0n ? -ns : ns;
  const text = `@${ns < 0n ? '-' : ''}${magnitude / 1_000_000_000n}.${(magnitude % 1_000_000_000n).toString().padStart(9, '0')}`;
  execFileSync('touch', ['-c', '-d', text, path]);
}

interface NodeSpec {
  name: string;
  readonly: boolean;
  data: Uint8Array;
  /** 100 ns units since 1970. */
  time: bigint;
  children?: NodeSpec[];
}

const name = fc.stringMatching(/^[a-zA-Z0-9_][a-zA-Z0-9_ .-]{0,10}[a-zA-Z0-9_]$/);
// 1601 is NTFS's epoch; hosts and Node handle 1902 to 2100 (32-bit seconds aside)
const time = fc.bigInt({ min: -20_000_000_000_000_000n, max: 40_000_000_000_000_000n });
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
    touchAt(path, spec.time);
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
        await exportDrive(image, 'C', target, { exactTimes: true });
        expect(await snapshot(target)).toEqual(await snapshot(source));
      }),
      { numRuns: 25 },
    );
  });

  it('N9: without exactTimes, times svcpack wrote come back exactly: export, import, export again gives the same tree', async () => {
    await fc.assert(
      fc.asyncProperty(nodes(3), async (specs) => {
        const source = join(await tempFolder(), 'tree');
        await mkdir(source);
        await write(source, specs);
        const first = new ImageCore();
        await importHostFolder(first, source, { letter: 'C' });
        const once = join(await tempFolder(), 'once');
        await exportDrive(first, 'C', once);
        const second = new ImageCore();
        await importHostFolder(second, once, { letter: 'C' });
        const twice = join(await tempFolder(), 'twice');
        const report = await exportDrive(second, 'C', twice);
        expect(report.inexactTimes).toBeUndefined();
        expect(await snapshot(twice)).toEqual(await snapshot(once));
      }),
      { numRuns: 10 },
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
    // the export writes the 100 ns digit (Node alone would stop at the microsecond)
    const report = await exportDrive(image, 'C', join(target, 'out'), { exactTimes: true });
    expect(report.inexactTimes).toBeUndefined();
    expect((await stat(join(target, 'out', 'ns.txt'), { bigint: true })).mtimeNs).toBe(
      1_700_000_000_123_456_700n,
    );
  });

  it('N9: import, export and import again of a tree whose times have a 100 ns digit moves no time, before 1970 too', async () => {
    const source = await tempFolder();
    await mkdir(join(source, 'dir'));
    await writeFile(join(source, 'dir', 'a.txt'), 'a');
    await writeFile(join(source, 'old.txt'), 'o');
    touchAt(join(source, 'dir', 'a.txt'), 17_000_000_001_234_567n);
    touchAt(join(source, 'old.txt'), -1_000_000_000_000_001n);
    touchAt(join(source, 'dir'), 17_000_000_009_999_999n);
    const first = new ImageCore();
    await importHostFolder(first, source, { letter: 'C' });
    const exported = join(await tempFolder(), 'out');
    await exportDrive(first, 'C', exported, { exactTimes: true });
    expect(await snapshot(exported)).toEqual(await snapshot(source));
    const second = new ImageCore();
    await importHostFolder(second, exported, { letter: 'C' });
    for (const path of ['C:\\dir', 'C:\\dir\\a.txt', 'C:\\old.txt'])
      expect(second.stat(path).modifiedFileTime).toBe(first.stat(path).modifiedFileTime);
  });

  it('N9: without exactTimes a time is set to its microsecond and counted as inexact, never silently', async () => {
    const source = await tempFolder();
    await writeFile(join(source, 'a.txt'), 'a');
    await writeFile(join(source, 'b.txt'), 'b');
    touchAt(join(source, 'a.txt'), 17_000_000_001_234_567n);
    touchAt(join(source, 'b.txt'), 17_000_000_001_234_560n);
    const image = new ImageCore();
    await importHostFolder(image, source, { letter: 'C' });
    const target = join(await tempFolder(), 'out');
    const report = await exportDrive(image, 'C', target);
    expect(report).toEqual({ files: 2, directories: 0, bytes: 2, inexactTimes: 1 });
    expect((await stat(join(target, 'a.txt'), { bigint: true })).mtimeNs).toBe(1_700_000_000_123_456_000n);
    expect((await stat(join(target, 'b.txt'), { bigint: true })).mtimeNs).toBe(1_700_000_000_123_456_000n);
  });

  it('N9: where coreutils touch is missing, the export sets the microsecond and counts the time as inexact, never silently', async () => {
    const source = await tempFolder();
    await writeFile(join(source, 'a.txt'), 'a');
    touchAt(join(source, 'a.txt'), 17_000_000_001_234_567n);
    const target = join(await tempFolder(), 'out');
    const hostIndex = fileURLToPath(new URL('../../dist/src/host/index.js', import.meta.url));
    const imageIndex = fileURLToPath(new URL('../../dist/src/image/index.js', import.meta.url));
    const script = `
      const host = await import(${JSON.stringify(hostIndex)});
      const { ImageCore } = await import(${JSON.stringify(imageIndex)});
      const image = new ImageCore();
      await host.importHostFolder(image, ${JSON.stringify(source)}, { letter: 'C' });
      console.log(JSON.stringify(await host.exportDrive(image, 'C', ${JSON.stringify(target)}, { exactTimes: true })));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { PATH: '/nonexistent' },
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ files: 1, directories: 0, bytes: 1, inexactTimes: 1 });
    expect((await stat(join(target, 'a.txt'), { bigint: true })).mtimeNs).toBe(1_700_000_000_123_456_000n);
  });
});
