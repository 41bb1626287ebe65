/**
 * The bundle's V8 code cache (src/cli/code-cache.ts, made by scripts/build-cli.mjs): this node
 * accepts the one the build made, and the command runs as it does with it when the cache file is
 * missing, damaged, made for another build or refused by V8. Node 20's V8 does not check a code
 * cache's checksum: given a cache with changed bytes, node crashed (SIGTRAP or SIGSEGV).
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CACHE_HEADER_BYTES,
  CACHE_SUFFIX,
  COMMAND_SCRIPT,
  cacheFileBytes,
  compileCommandScript,
} from '../../src/cli/code-cache.js';
import { WinImage } from '../../src/machine/index.js';
import { removeScratch, scratch } from './spawn.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
const ROOT = join(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const SCRIPT = join(DIST, 'cli', COMMAND_SCRIPT);
const CACHE = `${SCRIPT}${CACHE_SUFFIX}`;
const BUNDLE = join(DIST, 'cli', 'svcpack.js');
const LOADER = pathToFileURL(join(DIST, 'src', 'cli', 'code-cache.js')).href;

/** What a plain node (no flags, no vitest) makes of `cache` for `script`: accepted, rejected or none. */
function cacheUse(script: string, cache: string): string {
  const code = `const { compileCommandScript } = await import(${JSON.stringify(LOADER)});
    process.stdout.write(compileCommandScript(${JSON.stringify(script)}, ${JSON.stringify(cache)}).cache);`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env: {} });
  expect(run.stderr).toBe('');
  return run.stdout;
}

/** Runs the bundle's command at `entry` as node runs the package bin. */
function run(entry: string, args: string[]) {
  return spawnSync(process.execPath, [entry, ...args], { encoding: 'utf8' });
}

/** A copy of the bundle (entry, script, cache) in a dist of its own whose other folders are the build's. */
function bundleCopy(folder: string): { entry: string; script: string; cache: string } {
  const dist = join(folder, 'dist');
  mkdirSync(join(dist, 'cli'), { recursive: true });
  for (const name of readdirSync(DIST)) if (name !== 'cli') symlinkSync(join(DIST, name), join(dist, name));
  symlinkSync(join(ROOT, 'node_modules'), join(folder, 'node_modules'));
  for (const name of readdirSync(join(DIST, 'cli')))
    copyFileSync(join(DIST, 'cli', name), join(dist, 'cli', name));
  const script = join(dist, 'cli', COMMAND_SCRIPT);
  return { entry: join(dist, 'cli', 'svcpack.js'), script, cache: `${script}${CACHE_SUFFIX}` };
}

let folder: string;
let image: string;
beforeAll(async () => {
  if (!existsSync(CACHE))
    throw new Error('run `npm run build` first: the bundle and its cache are built into dist/cli');
  folder = scratch('code-cache');
  image = join(folder, 'machine.svcimg');
  await WinImage.create({ files: 1000, seed: 1 }).save(image);
});
afterAll(removeScratch);

describe("the command's code cache", () => {
  it('is accepted by this node (V8 does not refuse it and compile the script again)', () => {
    expect(cacheUse(SCRIPT, CACHE)).toBe('accepted');
  });

  it('runs strict, as the ES modules it is built from did (a directive counts only before any statement)', () => {
    const wrapper = compileCommandScript(SCRIPT, CACHE).script.runInThisContext() as () => void;
    // reading `caller` of a strict function throws; of a sloppy one it gives null
    expect(() => (wrapper as unknown as { caller: unknown }).caller).toThrow(TypeError);
  });

  it('lets the cached script import files outside the bundle (the bench runners under dist/bench)', () => {
    // node's own import() callback of a vm.Script is lost when V8 reads it from a cache: "A dynamic
    // import callback was not specified"; the suite's name is checked by dist/bench/run.js
    const bench = run(BUNDLE, ['bench', '--suite', 'no-such-suite']);
    expect(bench.stderr).toContain("unknown suite 'no-such-suite'");
  });

  const source = () => readFileSync(SCRIPT, 'latin1');
  const good = () => readFileSync(CACHE);
  const DAMAGES: [string, (bytes: Buffer) => Buffer | undefined, string][] = [
    [
      "the build's own, copied with the bundle to another folder (as npm installs it)",
      (bytes) => bytes,
      'accepted',
    ],
    ['missing', () => undefined, 'none'],
    ['empty', () => Buffer.alloc(0), 'none'],
    ['cut short', (bytes) => bytes.subarray(0, bytes.length >> 1), 'none'],
    [
      'with changed bytes in the middle of V8 data (node crashed on them)',
      (bytes) => {
        const damaged = Buffer.from(bytes);
        for (let at = damaged.length >> 1; at < (damaged.length >> 1) + 64; at++) damaged[at] ^= 0x5a;
        return damaged;
      },
      'none',
    ],
    [
      'made for another build of the script',
      (bytes) => cacheFileBytes(`${source()}0`, bytes.subarray(CACHE_HEADER_BYTES)),
      'none',
    ],
    [
      'well formed, of V8 data for other code (V8 refuses it, as one from another node)',
      () => cacheFileBytes(source(), new Script('"other code"').createCachedData()),
      'rejected',
    ],
  ];

  it.each(DAMAGES)('when the cache file is %s, the command runs as with it', (_name, damage, use) => {
    const copy = bundleCopy(mkdtempSync(join(folder, 'bundle-')));
    const bytes = damage(good());
    if (bytes === undefined) rmSync(copy.cache);
    else writeFileSync(copy.cache, bytes);
    expect(cacheUse(copy.script, copy.cache)).toBe(use);
    for (const args of [['--version'], ['install', '--help'], ['pending', image]]) {
      const result = run(copy.entry, args);
      expect(result.signal).toBe(null);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(run(BUNDLE, args).stdout);
    }
  });
});
