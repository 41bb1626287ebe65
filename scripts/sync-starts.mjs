// Rewrites that start xxhash-wasm synchronously, for the bundles that are CommonJS (dist/cjs,
// scripts/build-cjs.mjs, and the command's script, scripts/build-cli.mjs): src/image/hash.ts starts
// xxhash-wasm with a top-level await, which CommonJS cannot express. Its WebAssembly module is
// compiled and instantiated with the synchronous constructors (Node allows them on any thread)
// instead of awaited, and the one top-level `await xxhash()` becomes a call. Each must match exactly
// once, or the build stops.
import { readFileSync } from 'node:fs';

export const SYNC_STARTS = [
  {
    file: /[\\/]xxhash-wasm[\\/]esm[\\/]xxhash-wasm\.js$/,
    rewrites: [
      [/async function (\w+)\(\)\{return/g, 'function $1(){return'],
      [
        /\(await WebAssembly\.instantiate\((\w+)\)\)\.instance/g,
        'new WebAssembly.Instance(new WebAssembly.Module($1))',
      ],
    ],
  },
  { file: /[\\/]src[\\/]image[\\/]hash\.ts$/, rewrites: [[/= await xxhash\(\);/g, '= xxhash();']] },
];

/** `contents` of the file at `path` with the rewrites for that file applied (each exactly once). */
export function syncStart(path, contents) {
  for (const { file, rewrites } of SYNC_STARTS) {
    if (!file.test(path)) continue;
    for (const [pattern, replacement] of rewrites) {
      const matches = contents.match(pattern)?.length ?? 0;
      if (matches !== 1) throw new Error(`${path}: expected one ${pattern}, found ${matches}`);
      contents = contents.replace(pattern, replacement);
    }
  }
  return contents;
}

/** The esbuild plugin that applies {@link SYNC_STARTS}. */
export const syncStarts = {
  name: 'sync-starts',
  setup(builder) {
    for (const { file } of SYNC_STARTS) {
      builder.onLoad({ filter: file }, ({ path }) => ({
        contents: syncStart(path, readFileSync(path, 'utf8')),
        loader: path.endsWith('.ts') ? 'ts' : 'js',
      }));
    }
  },
};
