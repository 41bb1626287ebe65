/**
 * Inputs (image and package files) addressed by the SHA-256 of their bytes. The coordinator puts
 * each one where workers fetch it; a worker keeps each one it fetched in a cache folder, and each
 * thread keeps what it decoded, so an input crosses the network once per worker machine.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors/index.js';
import { copyImage, ImageCore } from '../image/index.js';
import { coreOf, WinImage } from '../machine/index.js';
import { Package } from '../package/index.js';

/** The hex SHA-256 of `bytes`: an input's address. */
export function digestOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes `bytes` as `cacheDir/digest` unless it is there (temporary name, then rename). */
export function storeInput(cacheDir: string, digest: string, bytes: Uint8Array): string {
  const file = join(cacheDir, digest);
  if (existsSync(file)) return file;
  if (digestOf(bytes) !== digest)
    throw new InputError(`input ${digest}`, 'its bytes do not hash to its digest');
  mkdirSync(cacheDir, { recursive: true });
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, file);
  return file;
}

/** An independent copy of an image core, journal and power state included. */
export function forkCore(image: ImageCore): ImageCore {
  const copy = new ImageCore({ time: image.clock, registry: image.registry.clone() });
  copyImage(image, copy);
  return copy;
}

/** What one thread decoded from the cache folder, by digest. */
export class DecodedInputs {
  private readonly images = new Map<string, ImageCore>();
  private readonly packages = new Map<string, Package>();

  constructor(private readonly cacheDir: string) {}

  private bytes(digest: string): Uint8Array {
    const file = join(this.cacheDir, digest);
    if (!existsSync(file))
      throw new InputError(`input ${digest}`, `not in the cache folder ${this.cacheDir}`);
    return readFileSync(file);
  }

  /** A fresh fork of the image with this digest. */
  image(digest: string): ImageCore {
    let core = this.images.get(digest);
    if (!core) {
      core = coreOf(WinImage.fromBytes(this.bytes(digest), `input ${digest}`));
      this.images.set(digest, core);
    }
    return forkCore(core);
  }

  package(digest: string): Package {
    let pkg = this.packages.get(digest);
    if (!pkg) {
      pkg = Package.fromBytes(this.bytes(digest), { source: `input ${digest}` });
      this.packages.set(digest, pkg);
    }
    return pkg;
  }
}
