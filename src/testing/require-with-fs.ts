import Module, { createRequire } from 'node:module';
import { win32 } from 'node:path';
import type { ImageFs } from '../machine/index.js';

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const FS_REQUESTS = new Set(['fs', 'node:fs']);
const PROMISES_REQUESTS = new Set(['fs/promises', 'node:fs/promises']);
const PATH_REQUESTS = new Set(['path', 'node:path']);

/**
 * Loads a CommonJS package (and everything it requires) afresh with `require('fs')` answered by
 * an image fs: for libraries such as fs-extra and graceful-fs that take no `fs` option and copy
 * `fs` when they load, so a `vi.mock` cannot reach them. The package's modules are loaded into a
 * private cache; the process's own copies are left as they were. `require('path')` is answered by
 * `path.win32`, as on Windows: the package splits and joins the image's `C:\x` paths as Windows
 * paths (POSIX's would see one name, and fs-extra's `outputFile` would make no folder).
 *
 * `from` is where to resolve `specifier` from (a file path or URL; the current folder by default).
 */
export function requireWithFs<T = unknown>(
  specifier: string,
  fs: ImageFs,
  from: string = `${process.cwd()}/`,
): T {
  const require = createRequire(from);
  const cache = require.cache;
  const saved = { ...cache };
  for (const key of Object.keys(cache)) delete cache[key];
  const internals = Module as unknown as { _load: Load };
  const load = internals._load;
  // A copy, because graceful-fs patches the fs it loads and the image's fs is shared.
  const view = { ...fs };
  internals._load = function (request, parent, isMain) {
    if (FS_REQUESTS.has(request)) return view;
    if (PROMISES_REQUESTS.has(request)) return view.promises;
    if (PATH_REQUESTS.has(request)) return win32;
    return load.call(this, request, parent, isMain);
  };
  try {
    return require(specifier) as T;
  } finally {
    internals._load = load;
    for (const key of Object.keys(cache)) delete cache[key];
    Object.assign(cache, saved);
  }
}
