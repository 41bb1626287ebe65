/** Reading a package file for a command: verified with its SHA-256s hashed in a worker pool. */
import { HashPool } from '../catalog/index.js';
import { Package } from '../package/index.js';

/**
 * Loads and verifies a package file. The file lies in shared memory once read, so the pool's
 * workers hash it where it lies; the pool is closed before this returns.
 */
export async function loadPackageFile(file: string): Promise<Package> {
  const pool = new HashPool();
  try {
    return await Package.load(file, {
      sha256Many: (items) => pool.hashAll(items, { algorithm: 'sha256' }),
    });
  } finally {
    await pool.close();
  }
}
