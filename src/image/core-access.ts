import type { ImageCore } from './image-core.js';

/** The core behind each WinImage: kept here, not on the object, so the public API cannot reach it. */
const cores = new WeakMap<object, ImageCore>();

/** Records the core a new WinImage wraps. */
export function attachCore(image: object, core: ImageCore): void {
  cores.set(image, core);
}

/**
 * The machine state (`ImageCore`) behind a WinImage, for the layers' own code (the generators below the
 * machine layer included), the CLI and tests (src/machine/internal.ts); not part of the package's API.
 */
export function coreOf(image: object): ImageCore {
  const core = cores.get(image);
  if (!core) throw new TypeError('coreOf: not a WinImage');
  return core;
}
