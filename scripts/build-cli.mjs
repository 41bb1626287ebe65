// The command's bundle, dist/cli/svcpack.js (the package's `bin`), built after tsc's ES module build:
// a small ES module entry (the `#!` line, the huge-pages relaunch, src/cli/huge-pages.ts, and the
// loader, src/cli/code-cache.ts) and the command itself as one CommonJS script beside it,
// svcpack-command.cjs, with the V8 code cache the build makes for it (svcpack-command.cjs.v8cache).
//
// Why a bundle: `svcpack install` imported about 200 modules of dist/src, and resolving, reading and
// compiling them one by one cost more CPU time than one file (bench/cli-bench.ts, the "svcpack bench
// --files" section of bench/RESULTS.md). The dependencies that are plain code (zod, memfs,
// commander, cli-progress, xxhash-wasm) are bundled too, and the bundle is minified (whitespace and
// syntax; names are kept): resolving, reading and compiling memfs's and zod's hundreds of files was
// about a third of what `svcpack install` spent starting beyond node's own start (docs/performance.md,
// "Command start-up"). The ones that load files of their own from their folder (piscina's worker,
// bullmq's scripts) stay outside, as installed, and are `require`d. For readable stacks, run the
// unbundled build (dist/src/cli/main.js).
//
// Why a script and its code cache: compiling the 1.7 MB of code was most of what remained of a
// small command's start, and Node 20 caches no ES module's compiled code, only a `vm.Script`'s. The
// cache is made by running the script once with `--help` (every command group registered, so the
// functions a start runs are compiled and in the cache; scripts/train-code-cache.mjs), then checked
// to be accepted by a fresh node. A node of another version refuses it and compiles the script as it
// would without; a missing or damaged cache file is never given to V8 (src/cli/code-cache.ts).
// Bench/RESULTS.md, "Command start-up with a code cache", has the measurements.
//
// Command groups stay lazy: each group's modules are in the script, but their top-level code runs
// only when its command is named (src/cli/lazy-program.ts; esbuild makes each dynamically imported
// module a function run on its first import).
//
// `import.meta.url` in a bundled module would name the bundle, not the module: each module that
// reads it gets the URL of its own compiled twin under dist/src instead, so the worker files it
// finds from there are the same ones the unbundled build runs.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syncStart, syncStarts } from './sync-starts.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'cli');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const { BUILD_MARK, COMMAND_SCRIPT, CACHE_SUFFIX } = await import(
  join(root, 'dist', 'src', 'cli', 'code-cache.js')
);
const script = join(out, COMMAND_SCRIPT);
const cache = `${script}${CACHE_SUFFIX}`;

/** `import.meta.url` of each svcpack module, in the script: its twin under dist/src. */
const SCRIPT_URL = '__svcpackScriptUrl';
/**
 * `import()` of a file outside the bundle (the bench commands' runners under dist/bench), in the
 * script: the loader's (src/cli/code-cache.ts). Node 20's own callback for a script's `import()` is
 * lost when V8 reads the script from its cache ("A dynamic import callback was not specified").
 */
const SCRIPT_IMPORT = '__svcpackImport';
const commandSources = {
  name: 'command-sources',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, ({ path }) => {
      const contents = syncStart(path, readFileSync(path, 'utf8'));
      const twin = relative(join(root, 'src'), path).replace(/\\/g, '/').replace(/\.ts$/, '.js');
      const url = `new URL(${JSON.stringify(`../src/${twin}`)}, ${SCRIPT_URL}).href`;
      const imports = contents.replaceAll(/\bimport\((?=new URL\()/g, `${SCRIPT_IMPORT}(`);
      return { contents: imports.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

const BUNDLED = new Set(['zod', 'memfs', 'commander', 'cli-progress', 'xxhash-wasm']);
const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' };

rmSync(out, { recursive: true, force: true });
const command = await build({
  ...common,
  entryPoints: [join(root, 'src', 'cli', 'command-line.ts')],
  format: 'cjs',
  outfile: script,
  external: Object.keys(manifest.dependencies).filter((name) => !BUNDLED.has(name)),
  // strict, as the ES modules were: a directive counts only before any statement
  banner: { js: `'use strict';\nconst ${SCRIPT_URL} = require('node:url').pathToFileURL(__filename).href;` },
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [commandSources, syncStarts],
});
// esbuild warns of an `import.meta` that CommonJS cannot give (it would be empty): refuse it
if (command.warnings.length > 0) throw new Error('the command script has warnings (above)');
const code = readFileSync(script, 'utf8');
const dynamicImport = /\bimport\s*\(/.exec(code);
if (dynamicImport) {
  const where = code.slice(Math.max(0, dynamicImport.index - 80), dynamicImport.index + 80);
  throw new Error(
    `an import() in the command script would fail once it is cached (use ${SCRIPT_IMPORT}): ${where}`,
  );
}
// the build the cache is made for (src/cli/code-cache.ts: the script is not hashed at each start)
appendFileSync(script, `${BUILD_MARK}${createHash('sha256').update(code).digest('hex')}\n`);

await build({
  ...common,
  stdin: {
    contents: [
      // A plain `#!` line: npm's cmd-shim turns it into the Windows launchers (src/cli/main.ts).
      '#!/usr/bin/env node',
      "import { relaunchWithHugePages } from './huge-pages.ts';",
      "import { runBundledCommand } from './code-cache.ts';",
      'if (!(await relaunchWithHugePages())) await runBundledCommand(import.meta.url);',
    ].join('\n'),
    resolveDir: join(root, 'src', 'cli'),
    sourcefile: 'svcpack.ts',
    loader: 'ts',
  },
  format: 'esm',
  outfile: join(out, 'svcpack.js'),
});

const train = spawnSync(process.execPath, [join(root, 'scripts', 'train-code-cache.mjs'), script, cache], {
  encoding: 'utf8',
  stdio: ['ignore', 'ignore', 'pipe'],
});
if (train.status !== 0) throw new Error(`making the code cache failed (${train.status}): ${train.stderr}`);
const check = spawnSync(
  process.execPath,
  [join(root, 'scripts', 'train-code-cache.mjs'), '--check', script, cache],
  {
    encoding: 'utf8',
  },
);
if (check.stdout.trim() !== 'accepted')
  throw new Error(`the code cache ${cache} is not accepted by node: ${check.stdout}${check.stderr}`);
