/**
 * Host folder fuzzing: random trees with symlinks (inside, outside, dangling, looping), FIFOs and
 * odd names. Import either succeeds, and an export of the drive imports again to the same files, or
 * is refused with a precise InputError/WinError that leaves the image unchanged; never another
 * error, never a hang.
 */
import { execFileSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { InputError, WinError } from '../../src/errors/index.js';
import { ImageCore, digestImage } from '../../src/image/index.js';
import { WinImage } from '../../src/machine/index.js';
import { recordFigure, rerun, scaled } from './figures.js';
import { coreOf } from '../../src/machine/internal.js';

const FILE = 'test/reliability/fuzz-host.test.ts';
/** Longer than this, a case is taken to hang. */
const HANG_MS = 20_000;
const NAMES = [
  'a',
  'A',
  'b.dll',
  'CON',
  'nul.txt',
  'a:b',
  'a*b',
  'q?',
  'trail.',
  'trail ',
  ' lead',
  'back\\slash',
  'é',
  'e\u0301',
  'x'.repeat(255),
  '\u0001ctl',
  'PROGRA~1',
  'Program Files',
  'sub',
  '.hidden',
];

type Kind = 'file' | 'dir' | 'link-in' | 'link-out' | 'link-dangling' | 'link-loop' | 'fifo';
interface HostEntry {
  path: number[];
  kind: Kind;
  size: number;
}

const entry: fc.Arbitrary<HostEntry> = fc.record({
  path: fc.array(fc.nat(NAMES.length - 1), { minLength: 1, maxLength: 3 }),
  kind: fc.constantFrom<Kind>(
    'file',
    'file',
    'dir',
    'link-in',
    'link-out',
    'link-dangling',
    'link-loop',
    'fifo',
  ),
  size: fc.nat(3000),
});

/** Builds the tree; entries that cannot be made on the host (a name under a file, ...) are skipped. */
async function build(root: string, outside: string, entries: HostEntry[]): Promise<void> {
  for (const { path, kind, size } of entries) {
    const names = path.map((i) => NAMES[i]);
    const parent = join(root, ...names.slice(0, -1));
    const target = join(parent, names.at(-1)!);
    try {
      await mkdir(parent, { recursive: true });
      // never write to what is there already: opening a FIFO for writing would wait for a reader
      if (
        await lstat(target).then(
          () => true,
          () => false,
        )
      )
        continue;
      if (kind === 'file') await writeFile(target, Buffer.alloc(size, size & 0xff));
      else if (kind === 'dir') await mkdir(target);
      else if (kind === 'link-in') await symlink(root, target);
      else if (kind === 'link-out') await symlink(outside, target);
      else if (kind === 'link-dangling') await symlink(join(root, 'no-such-thing'), target);
      else if (kind === 'link-loop') await symlink(target, target);
      else execFileSync('mkfifo', [target]);
    } catch {
      // EEXIST, ENOTDIR, ...: this entry does not exist on the host
    }
  }
}

/** Each file of a drive, by its path below the root, with its bytes in hex (folders as '/'). */
function files(image: WinImage, letter: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (path: string) => {
    // `\\?\D:` names the volume itself (P2); its root folder is `\\?\D:\`
    for (const name of image.readdir(path.endsWith(':') ? `${path}\\` : path)) {
      const full = `${path}\\${name}`;
      if (image.stat(full).isDirectory) {
        out.set(full.slice(7), '/');
        walk(full);
      } else out.set(full.slice(7), image.readFile(full).toString('hex'));
    }
  };
  walk(`\\\\?\\${letter}:`); // verbatim: NTFS holds paths longer than MAX_PATH
  return out;
}

function emptyMachine(): WinImage {
  const core = new ImageCore();
  core.addVolume({ letter: 'C', capacity: 64 << 20 });
  return WinImage.wrap(core);
}

function withinTime<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} hangs`)), HANG_MS);
  });
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

type Outcome = 'imported' | 'InputError' | 'WinError';

async function importOrRefuse(image: WinImage, folder: string, letter: string): Promise<Outcome> {
  const before = digestImage(coreOf(image));
  try {
    await withinTime(image.importHostFolder(folder, { letter, readVersions: false }), `import of ${folder}`);
    return 'imported';
  } catch (error) {
    if (!(error instanceof InputError || error instanceof WinError)) throw error;
    expect(digestImage(coreOf(image)), 'a refused import changes nothing').toBe(before);
    return error instanceof InputError ? 'InputError' : 'WinError';
  }
}

describe('host folder fuzzing', () => {
  test(
    'random trees with symlinks, FIFOs and odd names: imported and round-tripping through export, or refused precisely',
    async () => {
      const counts: Record<Outcome, number> = { imported: 0, InputError: 0, WinError: 0 };
      await fc.assert(
        fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 10 }), async (entries) => {
          const scratch = await mkdtemp(join(tmpdir(), 'svcpack-fuzz-host-'));
          try {
            const root = join(scratch, 'host');
            const outside = join(scratch, 'outside');
            await mkdir(root);
            await mkdir(outside);
            await writeFile(join(outside, 'secret.txt'), 'outside the folder');
            await build(root, outside, entries);
            const image = emptyMachine();
            const outcome = await importOrRefuse(image, root, 'D');
            counts[outcome]++;
            if (outcome !== 'imported') return;
            const imported = files(image, 'D');
            for (const content of imported.values()) {
              expect(content).not.toBe(Buffer.from('outside the folder').toString('hex'));
            }
            const exported = join(scratch, 'exported');
            await withinTime(image.exportDrive('D', exported), 'export');
            const again = emptyMachine();
            expect(await importOrRefuse(again, exported, 'D')).toBe('imported');
            expect(files(again, 'D')).toEqual(imported);
          } finally {
            await rm(scratch, { recursive: true, force: true });
          }
        }),
        { numRuns: scaled(1000, 60) },
      );
      recordFigure({
        kind: 'fuzz',
        what: 'host folders: random trees (symlinks in/out/dangling/looping, FIFOs, odd names)',
        tried: counts.imported + counts.InputError + counts.WinError,
        inner: counts.imported,
        innerLabel: `imported and round-tripped through export (${counts.InputError} InputError, ${counts.WinError} WinError)`,
        command: rerun(FILE),
      });
    },
    scaled(1_500_000, 300_000),
  );
});
