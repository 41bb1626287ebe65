/** Reading the files a command names: images, and packages verified with their SHA-256s in a worker pool. */
import { statSync } from 'node:fs';
import { HashPool } from '../catalog/index.js';
import { InputError, WinError } from '../errors/index.js';
import { WinImage } from '../machine/index.js';
import { Package } from '../package/index.js';
import { InputErrorWithHint } from './errors.js';
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
  progress.begin(`loading image ${file}${checkInputFile(file, 'an image file')}`);
  return WinImage.load(file);
}

/**
 * Loads and verifies a package file. The file lies in shared memory once read, so the pool's
 * workers hash it where it lies; the pool is closed before this returns. A package that fails its
 * own checks (a flipped byte as much as a cut-off file) is bad input: an InputError naming the file.
 */
export async function loadPackageFile(file: string, progress: ProgressReporter = SILENT): Promise<Package> {
  progress.begin(`verifying package ${file}${checkInputFile(file, 'a package file')}`);
  const pool = new HashPool();
  try {
    return await Package.load(file, {
      sha256Many: (items) => pool.hashAll(items, { algorithm: 'sha256' }),
    });
  } catch (error) {
    if (error instanceof WinError && error.code.startsWith('TRUST_E_'))
      throw new InputErrorWithHint(
        file,
        `${error.message.replace(`${file}: `, '')}: the package is damaged or not signed by a trusted key`,
        'get a fresh copy of the package',
      );
    throw error;
  } finally {
    await pool.close();
  }
}
