/** Reading the files a command names: images, and packages verified with their SHA-256s in a worker pool. */
import { statSync } from 'node:fs';
import { HashPool } from '../catalog/index.js';
import { InputError, WinError } from '../errors/index.js';
import { WinImage } from '../machine/index.js';
import { Package } from '../package/index.js';
import { InputErrorWithHint } from './errors.js';
import { holdsImageFile } from './image-lock.js';
import { formatBytes } from './output.js';
import { SILENT, type ProgressReporter } from './progress.js';

/**
 * Checks that a file the user named is there and is a file, and returns its size for the progress
 * line: a missing file or a folder is bad input, reported with its name.
 */
function checkInputFile(file: string, what: string): string {
  let size: number;
  try {
    const found = statSync(file);
    if (found.isDirectory())
      throw new InputErrorWithHint(file, `is a folder, not ${what}`, "give the file's path");
    size = found.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new InputErrorWithHint(file, `no such file (${what})`, 'check the path');
    throw error;
  }
  return ` (${formatBytes(size)})`;
}

/** Loads an image file, telling the progress reporter first (a large image takes seconds). */
export async function loadImageFile(file: string, progress: ProgressReporter = SILENT): Promise<WinImage> {
  return loadImageWhen(file, progress, Promise.resolve());
}

/** {@link loadImageFile}, the file checked and announced at once but read only once `turn` resolves. */
async function loadImageWhen(
  file: string,
  progress: ProgressReporter,
  turn: Promise<void>,
): Promise<WinImage> {
  progress.begin(`loading image ${file}${checkInputFile(file, 'an image file')}`);
  await turn;
  // lazily only a file this command holds: no other svcpack command changes it until this one ends
  return WinImage.load(file, {
    lazy: holdsImageFile(file),
    onProgress: (step, done, total) =>
      step === 'read'
        ? progress.update('loading image', mebibytes(done), mebibytes(total), 'MiB')
        : progress.update('reading entries', done, total),
  });
}

/** Whole MiB, rounded up: a count reaches its total only with the last byte. */
function mebibytes(bytes: number): number {
  return Math.ceil(bytes / 2 ** 20);
}

/**
 * Loads and verifies a package file. The file lies in shared memory once read, so the pool's
 * workers hash it where it lies; the pool is closed before this returns. A package that fails its
 * own checks (a flipped byte as much as a cut-off file) is bad input: an InputError naming the file.
 */
export async function loadPackageFile(file: string, progress: ProgressReporter = SILENT): Promise<Package> {
  const pool = new HashPool();
  try {
    return await readPackageFile(file, progress, pool, true);
  } finally {
    await pool.close();
  }
}

/**
 * Reads an image and a package together, for a command that needs both. The pool's worker threads
 * start first (a thread takes a few hundred milliseconds to start). The package is read and checked
 * first; its members go to the workers for their SHA-256s and xxh64s (which the workers alone
 * compute, both in one pass, in as few tasks as they hold at once so that they never wait for this
 * thread) as soon as its structure is read, and this thread goes on with the package's checks and
 * then reads, checks and builds the image meanwhile. Started
 * together, each file's reading waited for this thread while it checked the other file (alternated
 * rounds: bench/RESULTS.md). Both files are announced at once, image first; when both are bad, the
 * image's error is the one reported (as when they were read one after the other).
 */
export async function loadImageAndPackage(
  imageFile: string,
  packageFile: string,
  progress: ProgressReporter = SILENT,
): Promise<{ image: WinImage; pkg: Package }> {
  const pool = new HashPool();
  void pool.start();
  try {
    let startImage!: () => void;
    const turn = new Promise<void>((resolve) => (startImage = resolve));
    const image = loadImageWhen(imageFile, progress, turn);
    const pkg = readPackageFile(packageFile, progress, pool, false, startImage);
    // a package refused before its hashing still lets the image load (its error comes first)
    pkg.then(startImage, startImage);
    const [loaded, read] = await Promise.allSettled([image, pkg]);
    if (loaded.status === 'rejected') throw loaded.reason;
    if (read.status === 'rejected') throw read.reason;
    return { image: loaded.value, pkg: read.value };
  } finally {
    await pool.close();
  }
}

/**
 * {@link loadPackageFile} with the caller's pool; `callerHelps`: this thread hashes too; `hashing` is
 * called as the first hashing job goes to the pool.
 */
async function readPackageFile(
  file: string,
  progress: ProgressReporter,
  pool: HashPool,
  callerHelps: boolean,
  hashing: () => void = () => undefined,
): Promise<Package> {
  progress.begin(`verifying package ${file}${checkInputFile(file, 'a package file')}`);
  try {
    return await Package.load(file, {
      // a format-1 file's integrity hash
      sha256Many: (items) => pool.hashAll(items, { algorithm: 'sha256', callerHelps }),
      memberHashes: (items) => {
        const job = pool.hashBoth(items, { callerHelps });
        hashing();
        return job;
      },
    });
  } catch (error) {
    if (error instanceof WinError && error.code.startsWith('TRUST_E_'))
      throw new InputErrorWithHint(
        file,
        `${error.message.replace(`${file}: `, '')}: the package is damaged or not signed by a trusted key`,
        'get a fresh copy of the package',
      );
    throw error;
  }
}
