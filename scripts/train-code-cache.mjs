// The command script's V8 code cache (scripts/build-cli.mjs), made in a process of its own:
//
//   node scripts/train-code-cache.mjs SCRIPT CACHE          runs `svcpack --help` from SCRIPT, then
//                                                           writes the cache of every function it compiled
//   node scripts/train-code-cache.mjs --check SCRIPT CACHE  prints what node makes of CACHE: accepted,
//                                                           rejected (by V8) or none (missing or damaged)
//
// `--help` registers every command group, so the cache holds the functions any command's start runs.
// The command ends with process.exit (commander's, for help): the cache is written there.
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { cacheFileBytes, compileCommandScript, runCommandScript } = await import(
  join(root, 'dist', 'src', 'cli', 'code-cache.js')
);

const args = process.argv.slice(2);
if (args[0] === '--check') {
  process.stdout.write(`${compileCommandScript(args[1], args[2]).cache}\n`);
} else {
  const [script, cache] = args;
  const command = compileCommandScript(script, cache);
  const exit = process.exit;
  process.exit = (code) => {
    writeFileSync(cache, cacheFileBytes(command.source, command.script.createCachedData()));
    exit(code);
  };
  process.argv = [process.argv[0], script, '--help'];
  await runCommandScript(command);
}
