/** Shared set-up of the Windows File Protection and sfc tests. */
import {
  BASE_CATALOG_NAME,
  CATROOT,
  installBaseCatalog,
  protectedFiles,
  type ProtectedFile,
} from '../../src/catalog/index.js';
import { deleteFile } from '../../src/ops/index.js';
import { copyImage, ImageCore } from '../../src/image/index.js';
import { WinImage } from '../../src/machine/index.js';
import { coreOf } from '../../src/machine/internal.js';

let plain: ImageCore | undefined;
let cataloged: ImageCore | undefined;

/** An independent copy of an image core (what `WinImage.fork` does). */
function forkCore(source: ImageCore): ImageCore {
  const core = new ImageCore({ registry: source.registry.clone() });
  copyImage(source, core);
  return core;
}

/** A default Windows 2000 image (its core), without the base catalog: a fork of one made once per file. */
export function freshCore(): ImageCore {
  if (!plain) {
    plain = coreOf(WinImage.create());
    // A new image ships a signed nt5.cat; these tests start from an image without one.
    deleteFile(plain, `${plain.expand(CATROOT)}\\${BASE_CATALOG_NAME}`);
  }
  return forkCore(plain);
}

/** A default image with `nt5.cat` installed for its protected files (a fork of one made once per file). */
export async function catalogedCore(): Promise<ImageCore> {
  if (!cataloged) {
    cataloged = freshCore();
    await installBaseCatalog(cataloged);
  }
  return forkCore(cataloged);
}

/** A protected file in system32 with a dllcache copy, not in use, not read-only: safe to tamper with. */
export function tamperableDll(core: ImageCore, skip = 0): ProtectedFile {
  const candidates = protectedFiles(core).filter(
    (file) =>
      file.entry !== undefined &&
      /\.dll$/i.test(file.name) &&
      /\\system32\\[^\\]+$/i.test(file.path) &&
      file.entry.mappedBy === 0 &&
      (file.entry.attributes & 1) === 0 &&
      core.find(`${core.expand('%SystemRoot%\\system32\\dllcache')}\\${file.name}`) !== undefined,
  );
  const file = candidates[skip];
  if (!file) throw new Error('the default image has no tamperable protected DLL');
  return file;
}

/** Bytes that are surely in no catalog. */
export function junk(length = 4096, seed = 7): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + seed * 17) & 0xff;
  return out;
}
