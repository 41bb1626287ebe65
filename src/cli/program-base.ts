import { Command } from 'commander';
import { EXIT } from './errors.js';

/** The `svcpack` program with its own options and none of its subcommands. */
export function baseProgram(): Command {
  const program = new Command();
  program
    .name('svcpack')
    .description('Service an in-memory Windows 2000-era machine the way update.exe did.')
    .version('0.1.0')
    .option('--debug', 'print the stack of an error')
    .option('--progress', 'show progress on stderr even when it is not a terminal or with --json')
    .option('--no-progress', 'never show progress')
    .configureOutput({ outputError: usageError })
    .exitOverride((error) => {
      process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.badInput);
    });
  return program;
}

/** A usage error: one line on stderr, or with --json as JSON on stdout (as every other error). */
function usageError(text: string, write: (text: string) => void): void {
  if (!process.argv.includes('--json')) return write(`svcpack: ${text}`);
  const message = text.trim().replace(/^error: /, '');
  process.stdout.write(`${JSON.stringify({ error: 'UsageError', message }, null, 2)}\n`);
}
