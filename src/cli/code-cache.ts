/**
 * The command's code (dist/cli/svcpack-command.cjs, one CommonJS script) compiled with the V8 code
 * cache the build made beside it (scripts/build-cli.mjs): V8 then reads the compiled functions
 * instead of parsing 1.7 MB of JavaScript, and the functions a command's start runs are already
 * compiled. Node 20 has no cache for ES modules (`module.enableCompileCache` is Node 22's), hence
 * the script. Measured in bench/RESULTS.md ("Command start-up").
 *
 * The cache is only a speed-up: when it is missing, cut short, damaged or made for other code, the
 * script compiles as it would without it. V8 itself refuses a cache from another V8 version or other
 * flags (`cachedDataRejected`), and one made for code of another length, but not one whose bytes
 * were changed (a release build does not check its checksum, and runs what it reads: node crashed)
 * nor one made for other code of the same length. So the cache file carries a SHA-256 of its data
 * and of the script's build (a SHA-256 of the script the build wrote on its last line, so that the
 * script's 1.7 MB need not be hashed at each start), checked before V8 sees the cache. This module
 * imports nothing of svcpack.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/** The command's script beside the bundle's entry, and its cache file's name after the script's. */
export const COMMAND_SCRIPT = './svcpack-command.cjs';
export const CACHE_SUFFIX = '.v8cache';

/** The first bytes of a cache file, then the digest, then V8's data. */
const MAGIC = Buffer.from('svcpack V8 code cache 1\n', 'latin1');
const DIGEST_BYTES = 32;
/** The bytes before V8's data in a cache file. */
export const CACHE_HEADER_BYTES = MAGIC.length + DIGEST_BYTES;
/** The start of the script's last line, which names its build. */
export const BUILD_MARK = '//# svcpack-build=';
/**
 * Node's own CommonJS wrapper: the script is a function of what a CommonJS module is given, and of
 * the `import()` it uses for files outside the bundle (scripts/build-cli.mjs: node's own is lost when
 * V8 reads the script from its cache).
 */
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname, __svcpackImport) { ';
const WRAPPER_TAIL = '\n});';

/** What happened to the cache file: none read, refused by V8, or used. */
export type CacheUse = 'none' | 'rejected' | 'accepted';

/** The command's script, compiled and not yet run. */
export interface CommandScript {
  readonly file: string;
  readonly source: string;
  readonly script: Script;
  readonly cache: CacheUse;
}

/** What the command's script exports (src/cli/command-line.ts). */
interface CommandExports {
  runCommandLine(): Promise<void>;
}

/**
 * The script's build: the last line the build wrote in it (`//# svcpack-build=` and a SHA-256 of the
 * code above it), or the empty text when it has none.
 */
export function scriptBuild(source: string): string {
  const at = source.lastIndexOf(BUILD_MARK);
  return at < 0 ? '' : source.slice(at + BUILD_MARK.length).trim();
}

function digest(build: string, data: Uint8Array): Buffer {
  return createHash('sha256').update(build).update(data).digest();
}

/** A cache file's bytes: V8's `data` for the script of `source`, with a digest of both. */
export function cacheFileBytes(source: string, data: Uint8Array): Buffer {
  return Buffer.concat([MAGIC, digest(scriptBuild(source), data), data]);
}

/**
 * V8's data from the cache file at `path` if it is whole and was made for the build of `source`;
 * undefined when it is missing, unreadable, cut short, damaged or made for another build.
 */
export function readCacheData(path: string, source: string): Buffer | undefined {
  const build = scriptBuild(source);
  if (build === '') return undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  const head = CACHE_HEADER_BYTES;
  if (bytes.length <= head || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const data = bytes.subarray(head);
  return digest(build, data).equals(bytes.subarray(MAGIC.length, head)) ? data : undefined;
}

/** Compiles the script at `file` with the cache at `cacheFile` when that one is good. */
export function compileCommandScript(file: string, cacheFile: string): CommandScript {
  const source = readFileSync(file, 'utf8');
  const cachedData = readCacheData(cacheFile, source);
  const script = new Script(WRAPPER_HEAD + source + WRAPPER_TAIL, {
    filename: file,
    cachedData,
  });
  const cache = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted';
  return { file, source, script, cache };
}

function importOutside(specifier: string): Promise<unknown> {
  return import(specifier);
}

/** Runs the compiled script as a CommonJS module and then its command line. */
export async function runCommandScript(command: CommandScript): Promise<void> {
  const module = { exports: {} as CommandExports };
  const wrapper = command.script.runInThisContext() as (...args: unknown[]) => void;
  const file = command.file;
  wrapper(module.exports, createRequire(file), module, file, dirname(file), importOutside);
  await module.exports.runCommandLine();
}

/** The command of the bundle whose entry is at `entryUrl`: its script beside it, with its cache. */
export async function runBundledCommand(entryUrl: string): Promise<void> {
  const file = fileURLToPath(new URL(COMMAND_SCRIPT, entryUrl));
  await runCommandScript(compileCommandScript(file, `${file}${CACHE_SUFFIX}`));
}
