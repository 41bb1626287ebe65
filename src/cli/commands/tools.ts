import type { Command } from 'commander';
import { runDemo } from '../demo.js';
import { parseCount } from '../output.js';
import { progressReporter } from '../progress.js';
import { action } from '../run.js';

/** `svcpack demo` and `svcpack bench`. */
export function registerToolCommands(program: Command): void {
  program
    .command('demo')
    .description(
      'the main job on the default image: SP4 plan, install (3010), reboot, uninstall, reboot, digest check',
    )
    .option('--files <n>', 'scale the image to this many files')
    .option('--sp-files <n>', 'number of files in the generated SP4')
    .option('--seed <n>', 'seed', '1')
    .option('--json', 'print JSON')
    .action(
      action(async (options: { files?: string; spFiles?: string; seed: string; json?: boolean }) => {
        const progress = progressReporter(options.json);
        try {
          return await runDemo({
            seed: parseCount(options.seed, '--seed'),
            ...(options.files ? { files: parseCount(options.files, '--files') } : {}),
            ...(options.spFiles ? { spFiles: parseCount(options.spFiles, '--sp-files') } : {}),
            progress: (step, done, total) => progress.update(step, done, total),
          });
        } finally {
          progress.stop();
        }
      }),
    );

  program
    .command('bench')
    .description('run the benchmark suites (see bench/RESULTS.md); needs the built dist/bench')
    .option('--suite <name>', 'image, boot, hashing, servicing or all', 'all')
    .option('--quick', 'smaller sizes for a fast look (not for RESULTS.md)')
    .option('--json', 'print JSON')
    .action(
      action(async (options: { suite: string; quick?: boolean }) => {
        const runner = (await import(new URL('../../../bench/run.js', import.meta.url).href)) as {
          runBenchmarks(o: { suite: string; quick: boolean }): Promise<{ rows: unknown[]; text: string[] }>;
        };
        const result = await runner.runBenchmarks({ suite: options.suite, quick: options.quick ?? false });
        return { data: result.rows, text: result.text };
      }),
    );
}
