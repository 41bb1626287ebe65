import { spawnSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, openSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, readdir, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { InputError, WinError } from '../../src/errors/index.js';
import { exportDrive, importHostFolder } from '../../src/host/index.js';
import { digestImage, ImageCore } from '../../src/image/index.js';
import { populate } from '../../src/ops/index.js';
import { tempFolder } from './helpers.js';

const HOST_INDEX = pathToFileURL(join(process.cwd(), 'dist', 'src', 'host', 'index.js')).href;
const IMAGE_INDEX = pathToFileURL(join(process.cwd(), 'dist', 'src', 'image', 'index.js')).href;
const NOBODY = 65534;

function emptyImage(): ImageCore {
  const image = new ImageCore();
  image.addVolume({ letter: 'C', capacity: 64 << 20 });
  return image;
}

const DROP_DAC = ['--inh-caps=-all', '--ambient-caps=-all', '--bounding-set=-dac_override,-dac_read_search'];

/**
 * The command that runs Node with permission bits enforced. Root ignores them, so as root the
 * child keeps uid 0 (it can still reach a checkout only root may enter, such as a mode-0700 CI
 * clone) but loses the capabilities that override them (util-linux `setpriv`); without `setpriv`
 * it runs as nobody, which needs a checkout everyone may enter.
 */
function enforcingPermissions(): { command: string; prefix: string[]; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return { command: process.execPath, prefix: [] };
  const setpriv = spawnSync('setpriv', ['--version'], { encoding: 'utf8' });
  if (setpriv.status === 0) return { command: 'setpriv', prefix: [...DROP_DAC, '--', process.execPath] };
  return { command: process.execPath, prefix: [], uid: NOBODY, gid: NOBODY };
}

/**
 * Runs `body` (an async function body given `host` and `image` modules) in a child Node process
 * whose file accesses obey permission bits, so that EACCES is real.
 */
function inChild(body: string): { name?: string; code?: string; path?: string; message?: string } {
  const script = `
    const host = await import(${JSON.stringify(HOST_INDEX)});
    const image = await import(${JSON.stringify(IMAGE_INDEX)});
    try { ${body}; console.log(JSON.stringify({ ok: true })); }
    catch (e) { console.log(JSON.stringify({ name: e.name, code: e.code, path: e.path, message: e.message })); }`;
  const { command, prefix, uid, gid } = enforcingPermissions();
  const run = spawnSync(command, [...prefix, '--input-type=module', '-e', script], {
    encoding: 'utf8',
    ...(uid === undefined ? {} : { uid, gid }),
  });
  if (run.status !== 0) throw new Error(`child failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as ReturnType<typeof inChild>;
}

/**
 * Nests `levels` folders named `segment` below `root` with a file at the bottom, reaching each
 * through its parent's descriptor (`/proc/self/fd/N/`) so that no path given to the kernel is
 * longer than PATH_MAX, though the bottom's full path is.
 */
function deepFolders(root: string, segment: string, levels: number): number {
  let fd = openSync(root, constants.O_RDONLY | constants.O_DIRECTORY);
  for (let level = 0; level < levels; level++) {
    mkdirSync(`/proc/self/fd/${fd}/${segment}`);
    const child = openSync(`/proc/self/fd/${fd}/${segment}`, constants.O_RDONLY | constants.O_DIRECTORY);
    closeSync(fd);
    fd = child;
  }
  writeFileSync(`/proc/self/fd/${fd}/f.txt`, 'x');
  closeSync(fd);
  return levels;
}

function removeDeepFolders(root: string, segment: string, levels: number): void {
  const chain = [openSync(root, constants.O_RDONLY | constants.O_DIRECTORY)];
  for (let level = 0; level < levels; level++)
    chain.push(
      openSync(`/proc/self/fd/${chain.at(-1)}/${segment}`, constants.O_RDONLY | constants.O_DIRECTORY),
    );
  unlinkSync(`/proc/self/fd/${chain.at(-1)}/f.txt`);
  for (let level = levels; level > 0; level--) {
    closeSync(chain[level]);
    rmdirSync(`/proc/self/fd/${chain[level - 1]}/${segment}`);
  }
  closeSync(chain[0]);
}

async function openToAll(folder: string): Promise<void> {
  await chmod(folder, 0o755);
}

describe('host errors are WinError or InputError with the host path, never raw Node errors', () => {
  test('EACCES on an unreadable host file is ERROR_ACCESS_DENIED naming the file', async () => {
    const host = await tempFolder();
    await openToAll(host);
    await writeFile(join(host, 'ok.txt'), 'fine');
    await writeFile(join(host, 'locked.bin'), 'secret');
    await chmod(join(host, 'locked.bin'), 0o000);
    const result = inChild(`
      const core = new image.ImageCore();
      core.addVolume({ letter: 'C', capacity: 1 << 24 });
      await host.importHostFolder(core, ${JSON.stringify(host)}, { letter: 'D' })`);
    expect(result).toMatchObject({
      name: 'WinError',
      code: 'ERROR_ACCESS_DENIED',
      path: join(host, 'locked.bin'),
    });
    expect(result.message).toMatch(/EACCES/);
  });

  test('EACCES on an unreadable host folder is ERROR_ACCESS_DENIED naming the folder', async () => {
    const host = await tempFolder();
    await openToAll(host);
    await mkdir(join(host, 'private'));
    await writeFile(join(host, 'private', 'x.txt'), 'x');
    await chmod(join(host, 'private'), 0o000);
    const result = inChild(`
      const core = new image.ImageCore();
      core.addVolume({ letter: 'C', capacity: 1 << 24 });
      await host.importHostFolder(core, ${JSON.stringify(host)}, { letter: 'D' })`);
    expect(result).toMatchObject({
      name: 'WinError',
      code: 'ERROR_ACCESS_DENIED',
      path: join(host, 'private'),
    });
  });

  test('EACCES on an export target the user cannot write is ERROR_ACCESS_DENIED naming it', async () => {
    const base = await tempFolder();
    await openToAll(base);
    await mkdir(join(base, 'readonly'), { mode: 0o555 });
    await chmod(join(base, 'readonly'), 0o555);
    const target = join(base, 'readonly', 'out');
    const result = inChild(`
      const core = new image.ImageCore();
      core.addVolume({ letter: 'C', capacity: 1 << 24 });
      await host.exportDrive(core, 'C', ${JSON.stringify(target)})`);
    expect(result).toMatchObject({ name: 'WinError', code: 'ERROR_ACCESS_DENIED', path: target });
  });

  test('ENAMETOOLONG on export (a 255-unit Windows name is 765 UTF-8 bytes) is ERROR_FILENAME_EXCED_RANGE, nothing written', async () => {
    const image = emptyImage();
    const name = '€'.repeat(250) + '.txt';
    populate(
      image,
      [],
      [
        {
          drive: 'C',
          path: 'a.txt',
          data: Buffer.from('a'),
          attributes: 0x20,
          version: undefined,
          created: 0,
          modified: 0,
        },
        {
          drive: 'C',
          path: name,
          data: Buffer.from('b'),
          attributes: 0x20,
          version: undefined,
          created: 0,
          modified: 0,
        },
      ],
    );
    const target = await tempFolder();
    const error = await exportDrive(image, 'C', target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WinError);
    expect(error).toMatchObject({ code: 'ERROR_FILENAME_EXCED_RANGE', path: join(target, name) });
    expect(await readdir(target)).toEqual([]);
  });

  test('ENAMETOOLONG on import (a host path longer than PATH_MAX) is ERROR_FILENAME_EXCED_RANGE, image unchanged', async () => {
    const host = await tempFolder();
    const segment = 'd'.repeat(200);
    const levels = deepFolders(host, segment, 22);
    try {
      const image = emptyImage();
      const before = digestImage(image);
      const error = await importHostFolder(image, host, { letter: 'D' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WinError);
      expect(error).toMatchObject({ code: 'ERROR_FILENAME_EXCED_RANGE' });
      expect((error as WinError).path!.startsWith(join(host, segment, segment))).toBe(true);
      expect(digestImage(image)).toBe(before);
      expect(image.volumes()).toHaveLength(1);
    } finally {
      removeDeepFolders(host, segment, levels);
    }
  });

  test('a 3 GiB host file is an InputError naming it, refused before anything is read', async () => {
    const host = await tempFolder();
    await writeFile(join(host, 'small.txt'), 'x');
    await writeFile(join(host, 'huge.bin'), '');
    await truncate(join(host, 'huge.bin'), 3 * 1024 ** 3);
    const image = emptyImage();
    const before = digestImage(image);
    const memoryBefore = process.memoryUsage().arrayBuffers;
    const error = await importHostFolder(image, host, { letter: 'D' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).source).toBe(join(host, 'huge.bin'));
    expect((error as InputError).message).toMatch(/3221225472 bytes/);
    expect(process.memoryUsage().arrayBuffers - memoryBefore).toBeLessThan(64 << 20);
    expect(digestImage(image)).toBe(before);
  });
});
