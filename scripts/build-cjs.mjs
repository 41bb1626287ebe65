// The CommonJS entries, `require('svcpack')`, `require('svcpack/fixtures')` and
// `require('svcpack/testing')`, built after tsc's ES
// module build (dist/src, dist/fixtures) into dist/cjs, whose package.json says "commonjs".
//
// Why one esbuild bundle rather than a second tsc run: src/image/hash.ts starts xxhash-wasm with a
// top-level await, which CommonJS cannot express: the bundle carries xxhash-wasm, started
// synchronously (scripts/sync-starts.mjs). One bundle holds every entry so that `svcpack`,
// `svcpack/fixtures` and `svcpack/testing` share one copy of every class (`instanceof` holds across them).
// The declarations are tsc's own, copied beside the entries, where "commonjs" makes TypeScript read
// them as CommonJS declarations.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syncStarts } from './sync-starts.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'cjs');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const bundled = ['xxhash-wasm'];

// The one `import.meta` in the library: the hash worker's location. In the bundle it is the ES
// module build's worker-path.js, so the worker pool runs the same compiled dist/workers/hash-worker-entry.cjs.
const IMPORT_META_USERS = ['src/catalog/worker-path.ts'];

rmSync(out, { recursive: true, force: true });
const result = await build({
  stdin: {
    contents:
      "export * as main from './src/index.ts';\n" +
      "export * as fixtures from './fixtures/index.ts';\n" +
      "export * as testing from './src/testing/index.ts';\n",
    resolveDir: root,
    sourcefile: 'cjs-entries.ts',
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: join(out, 'svcpack.js'),
  external: Object.keys(manifest.dependencies).filter((name) => !bundled.includes(name)),
  define: { 'import.meta.url': '__svcpackWorkerPathUrl' },
  banner: {
    js: "const __svcpackWorkerPathUrl = require('node:url').pathToFileURL(require('node:path').join(__dirname, '..', 'src', 'catalog', 'worker-path.js')).href;",
  },
  metafile: true,
  plugins: [syncStarts],
  logLevel: 'warning',
});

const users = Object.keys(result.metafile.inputs).filter(
  (file) => /^(src|fixtures)\//.test(file) && readFileSync(join(root, file), 'utf8').includes('import.meta'),
);
const unexpected = users.filter((file) => !IMPORT_META_USERS.includes(file));
if (unexpected.length) {
  throw new Error(
    `import.meta in ${unexpected.join(', ')}: the CommonJS bundle defines it only for ${IMPORT_META_USERS.join(', ')}`,
  );
}

writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
for (const entry of ['src', 'fixtures']) {
  cpSync(join(root, 'dist', entry), join(out, entry), {
    recursive: true,
    filter: (from) => (statSync(from).isDirectory() ? basename(from) !== 'cli' : from.endsWith('.d.ts')),
  });
}
/** Each CommonJS entry: its folder under dist/cjs and its export of the bundle. */
const ENTRIES = [
  ['src', 'main'],
  ['fixtures', 'fixtures'],
  ['src/testing', 'testing'],
];
for (const [folder, key] of ENTRIES) {
  mkdirSync(join(out, folder), { recursive: true });
  const up = folder
    .split('/')
    .map(() => '..')
    .join('/');
  writeFileSync(
    join(out, folder, 'index.js'),
    `'use strict';\nmodule.exports = require('${up}/svcpack.js').${key};\n`,
  );
}
