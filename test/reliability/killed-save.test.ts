/**
 * SIGKILL during `save`: a real child process saves a large image over an existing one and is
 * killed at several delays into the save. The path must then load as exactly the old or the new
 * image, whatever the moment of the kill, and its load removes the temporary file the kill left.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { WinImage } from '../../src/index.js';
import { walkSegments } from '../../src/image/format-layout.js';
import { recordFigure, rerun, scaled } from './figures.js';

const DIST_INDEX = pathToFileURL(join(process.cwd(), 'dist', 'src', 'index.js')).href;
/** Milliseconds from the child's "saving" line to its SIGKILL; the last lets the save finish. */
const DELAYS = scaled([0, 1, 2, 5, 10, 20, 35, 50, 75, 100, 150, 200, 300, 500, 800, 5000], [0, 20, 5000]);
const BIG_FILE_BYTES = 48 << 20;
/** Each round spawns a process that builds an image: generous on a shared 2-core machine. */
const TIMEOUT = scaled(900_000, 300_000);

const folder = mkdtempSync(join(tmpdir(), 'svcpack-killed-save-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The image the child saves: the default server plus one large file (its digest printed first). */
const childScript = (file: string) => `
  const { WinImage } = await import(${JSON.stringify(DIST_INDEX)});
  const image = WinImage.create({ files: 850 });
  const big = new Uint8Array(${BIG_FILE_BYTES});
  for (let i = 0; i < big.length; i += 4096) big[i] = (i >>> 12) & 0xff;
  image.writeFile('C:\\\\big.bin', big);
  console.log('digest ' + image.digest());
  console.log('saving');
  await image.save(${JSON.stringify(file)});
  console.log('saved');`;

/**
 * The image the child appends: the image file loaded, one large file written, saved to the same
 * path (format 8 appends a segment), or to `target` (a copy of the file with the segment appended,
 * renamed over it). With `hangAtFlush`, the flush numbered so hangs (1: the segment's, or the
 * copy's; 2: the commit slot's) and the child says so: a kill at an exact step.
 */
const appendScript = (file: string, hangAtFlush = 0, target = file) => `
  const { WinImage } = await import(${JSON.stringify(DIST_INDEX)});
  const { open } = await import('node:fs/promises');
  const probe = await open(${JSON.stringify(file)}, 'r');
  const FileHandle = Object.getPrototypeOf(probe);
  await probe.close();
  const sync = FileHandle.sync;
  let flushes = 0;
  FileHandle.sync = function () {
    if (++flushes !== ${hangAtFlush}) return sync.call(this);
    console.log('flushing');
    return new Promise(() => {});
  };
  const image = await WinImage.load(${JSON.stringify(file)});
  const big = new Uint8Array(${BIG_FILE_BYTES});
  for (let i = 0; i < big.length; i += 4096) big[i] = ((i >>> 12) + 7) & 0xff;
  image.writeFile('C:\\appended.bin', big);
  console.log('digest ' + image.digest());
  console.log('saving');
  await image.save(${JSON.stringify(target)});
  console.log('saved');`;

/** Temporary files of saves of the image path, left in its folder. */
function temporaryFiles(): string[] {
  return readdirSync(folder).filter((name) => name.endsWith('.tmp'));
}

interface KilledSave {
  newDigest: string;
  saved: boolean;
}

function saveAndKill(
  file: string,
  delay: number,
  script = childScript(file),
  signal = 'saving',
): Promise<KilledSave> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const before = output;
      output += chunk.toString();
      if (!before.includes(signal) && output.includes(signal)) setTimeout(() => child.kill('SIGKILL'), delay);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const digest = /digest (\S+)/.exec(output)?.[1];
      if (!digest) return reject(new Error(`the child exited (${code ?? signal}) before saving: ${output}`));
      resolve({ newDigest: digest, saved: output.includes('saved') });
    });
  });
}

describe('SIGKILL during save', () => {
  test(
    'a save killed at any moment leaves the path loading as exactly the old or the new image',
    async () => {
      const file = join(folder, 'machine.svcimg');
      const old = WinImage.create({ files: 900 });
      await old.save(file);
      let previous = old.digest();
      const outcomes = { old: 0, new: 0 };
      for (const delay of DELAYS) {
        const killed = await saveAndKill(file, delay);
        const loaded = await WinImage.load(file);
        expect(temporaryFiles(), 'the load removed what the killed save left').toEqual([]);
        const digest = loaded.digest();
        expect([previous, killed.newDigest], `killed ${delay} ms into the save`).toContain(digest);
        if (killed.saved) expect(digest, 'a save that finished').toBe(killed.newDigest);
        outcomes[digest === previous ? 'old' : 'new']++;
        // start the next round from the old image again, so that old and new stay distinct
        await old.save(file);
        previous = old.digest();
      }
      expect(outcomes.old + outcomes.new).toBe(DELAYS.length);
      expect(outcomes.new, 'the last delay lets the save finish').toBeGreaterThan(0);
      recordFigure({
        kind: 'SIGKILL during save',
        what: 'child process saving a 48 MiB image over an old one, killed at increasing delays',
        tried: DELAYS.length,
        inner: outcomes.old,
        innerLabel: 'kills that left the old image (the rest: the new one)',
        command: rerun('test/reliability/killed-save.test.ts'),
      });
    },
    TIMEOUT,
  );
});

describe('SIGKILL during an append (format 8: a loaded image saved to its own file)', () => {
  test(
    'an append killed at any moment, or at the flush of its segment or of its commit slot, leaves exactly the old or the new image',
    async () => {
      const file = join(folder, 'appended.svcimg');
      const old = WinImage.create({ files: 900 });
      const reset = async () => {
        rmSync(file, { force: true });
        await old.save(file);
      };
      await reset();
      const previous = old.digest();
      const outcomes = { old: 0, new: 0 };
      for (const delay of DELAYS) {
        const killed = await saveAndKill(file, delay, appendScript(file));
        const digest = (await WinImage.load(file)).digest();
        expect(
          readdirSync(folder).filter((name) => name.endsWith('.lock')),
          'the load removed the lock',
        ).toEqual([]);
        expect([previous, killed.newDigest], `killed ${delay} ms into the append`).toContain(digest);
        if (killed.saved) {
          expect(digest, 'an append that finished').toBe(killed.newDigest);
          expect(segmentCount(file), 'the save appended').toBe(2);
        }
        outcomes[digest === previous ? 'old' : 'new']++;
        await reset();
      }
      expect(outcomes.new, 'the last delay lets the append finish').toBeGreaterThan(0);
      // exact steps: the segment written but not committed; the slot written but not flushed
      const atSegment = await saveAndKill(file, 0, appendScript(file, 1), 'flushing');
      expect((await WinImage.load(file)).digest(), 'killed at the flush of the segment').toBe(previous);
      expect(statSync(file).size, 'the segment was written').toBeGreaterThan(BIG_FILE_BYTES);
      await reset();
      const atSlot = await saveAndKill(file, 0, appendScript(file, 2), 'flushing');
      expect((await WinImage.load(file)).digest(), 'killed at the flush of the commit slot').toBe(
        atSlot.newDigest,
      );
      expect(atSegment.saved || atSlot.saved).toBe(false);
      recordFigure({
        kind: 'SIGKILL during save',
        what: 'child appending 48 MiB to the image file it loaded, killed at delays and at both flushes',
        tried: DELAYS.length + 2,
        inner: outcomes.old + 1,
        innerLabel: 'kills that left the old image (the rest: the new one)',
        command: rerun('test/reliability/killed-save.test.ts', 'an append killed'),
      });
    },
    TIMEOUT,
  );
});

describe('SIGKILL during a save by copy (a loaded image saved to another path)', () => {
  test(
    'a save by copy killed at any moment, or at its one flush, leaves the target exactly the old or the new image and the loaded file as it was',
    async () => {
      const [source, target] = [join(folder, 'source.svcimg'), join(folder, 'target.svcimg')];
      const [loaded, other] = [WinImage.create({ files: 900 }), WinImage.create({ files: 900, seed: 2 })];
      await loaded.save(source);
      const sourceBytes = readFileSync(source);
      const reset = () => other.save(target);
      await reset();
      const previous = other.digest();
      const outcomes = { old: 0, new: 0 };
      for (const delay of DELAYS) {
        const killed = await saveAndKill(source, delay, appendScript(source, 0, target));
        const digest = (await WinImage.load(target)).digest();
        expect(temporaryFiles(), 'the load of the target removed what the killed save left').toEqual([]);
        expect(readFileSync(source).equals(sourceBytes), 'the loaded file is only read').toBe(true);
        expect([previous, killed.newDigest], `killed ${delay} ms into the save`).toContain(digest);
        if (killed.saved) {
          expect(digest, 'a save that finished').toBe(killed.newDigest);
          expect(segmentCount(target), 'the save copied and appended').toBe(2);
        }
        outcomes[digest === previous ? 'old' : 'new']++;
        await reset();
      }
      expect(outcomes.new, 'the last delay lets the save finish').toBeGreaterThan(0);
      const atFlush = await saveAndKill(source, 0, appendScript(source, 1, target), 'flushing');
      expect(temporaryFiles(), 'the copy, written, waits for its rename').toHaveLength(1);
      expect((await WinImage.load(target)).digest(), 'killed at the flush of the copy').toBe(previous);
      expect(temporaryFiles()).toEqual([]);
      expect(atFlush.saved).toBe(false);
      recordFigure({
        kind: 'SIGKILL during save',
        what: 'child saving the image file it loaded, with 48 MiB more, to another path (copy + append), killed at delays and at its flush',
        tried: DELAYS.length + 1,
        inner: outcomes.old + 1,
        innerLabel: 'kills that left the old image (the rest: the new one)',
        command: rerun('test/reliability/killed-save.test.ts', 'a save by copy killed'),
      });
    },
    TIMEOUT,
  );
});

/** How many segments the format 8 file at `file` has up to its committed one. */
function segmentCount(file: string): number {
  return walkSegments(readFileSync(file), file).segments.length;
}
