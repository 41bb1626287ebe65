/** Shared set-up of the Windows File Protection and sfc tests. */
import { generateLayout } from '../../fixtures/layout/index.js';
import { installBaseCatalog, protectedFiles, type ProtectedFile } from '../../src/catalog/index.js';
import { copyImage, ImageCore } from '../../src/image/index.js';
import { WinImage } from '../../src/machine/index.js';
import { foldName } from '../../src/path/index.js';

/**
 * Workaround while `ImageCore.displayPath` (src/image) builds its result from an escaped template literal:
 * `protectPaths` then stores one unusable path. When no listed path resolves to a file, the list is rebuilt
 * from the same layout `WinImage.create()` used, exactly as `buildFromLayout` means to.
 */
function repairProtectedList(core: ImageCore): void {
  const usable = [...core.protectedPaths].some((path) => core.find(path)?.isDir === false);
  if (usable) return;
  core.protectedPaths.clear();
  for (const file of generateLayout({}).files) {
    if (file.protected) core.protectedPaths.add(foldName(`${file.drive}:\\${file.path}`));
  }
}

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
    plain = WinImage.create().core;
    repairProtectedList(plain);
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
