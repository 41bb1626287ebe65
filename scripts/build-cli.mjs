// The command's bundle, dist/cli/svcpack.js (the package's `bin`), built after tsc's ES module build.
//
// Why: `svcpack install` imported about 200 modules of dist/src, and resolving, reading and
// compiling them one by one cost more CPU time than the bundle's few files (bench/cli-bench.ts, the
// "svcpack bench --files" section of bench/RESULTS.md). Each command group stays a chunk of its own,
// loaded only for its commands (src/cli/lazy-program.ts).
//
// The dependencies that are plain code (zod, memfs, commander, cli-progress, xxhash-wasm) are bundled
// too, and the bundle is minified (whitespace and syntax; names are kept): resolving, reading and
// compiling memfs's and zod's hundreds of files was about a third of what `svcpack install` spent
// starting beyond node's own start (docs/performance.md, "Command start-up"). The ones that load
// files of their own from their folder (piscina's worker, bullmq's scripts) stay outside, as
// installed. A CommonJS dependency's `require` of a built-in module is served by the `require` each
// chunk makes for itself. For readable stacks, run the unbundled build (dist/src/cli/main.js).
//
// `import.meta.url` in a bundled module would name the chunk, not the module: each module that
// reads it gets the URL of its own compiled twin under dist/src instead, so the worker files it
// finds from there are the same ones the unbundled build runs.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'cli');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const twinUrls = {
  name: 'twin-urls',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, ({ path }) => {
      const contents = readFileSync(path, 'utf8');
      if (!contents.includes('import.meta.url')) return undefined;
      const twin = relative(join(root, 'src'), path).replace(/\\/g, '/').replace(/\.ts$/, '.js');
      const url = `new URL(${JSON.stringify(`../src/${twin}`)}, import.meta.url).href`;
      return { contents: contents.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

const BUNDLED = new Set(['zod', 'memfs', 'commander', 'cli-progress', 'xxhash-wasm']);
const REQUIRE =
  "import { createRequire as __svcpackRequire } from 'node:module'; const require = __svcpackRequire(import.meta.url);";

rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: { svcpack: join(root, 'src', 'cli', 'main.ts') },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outdir: out,
  chunkNames: 'chunk-[hash]',
  external: Object.keys(manifest.dependencies).filter((name) => !BUNDLED.has(name)),
  banner: { js: REQUIRE },
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [twinUrls],
  logLevel: 'warning',
});
