import type { Command } from 'commander';
import { InputError } from '../../errors/index.js';
import { runDemo } from '../demo.js';
import { parseCount, wholeOption } from '../output.js';
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
    .description(
      'run the benchmark suites (see bench/RESULTS.md); with --files, the command line end to end next to the library, the library against its Map floor and the scaling table; needs the built dist/bench',
    )
    .option('--suite <name>', 'image, boot, queue, hashing, servicing, scale or all', 'all')
    .option(
      '--files <n>',
      'suite scale: `svcpack install IMAGE SP -u -z` next to the library at this many files',
    )
    .option(
      '--sizes <list>',
      'suite scale: the image sizes of the scaling table',
      '10000,50000,200000,500000',
    )
    .option(
      '--rounds <n>',
      'suite scale: alternated rounds of the command line and the library, medians reported (default 3; 1 with --quick)',
    )
    .option('--results <file>', 'suite scale: also write the results into this markdown file (latest only)')
    .option('--quick', 'smaller sizes for a fast look (not for RESULTS.md)')
    .option('--json', 'print JSON')
    .action(action(runBench));
}

/** `svcpack bench`: the suites, or the command line and the scaling table (`--files`). */
async function runBench(options: BenchFlags): Promise<{ data: unknown; text: string[] }> {
  const scale = options.files !== undefined || options.suite === 'scale';
  const files = options.files === undefined ? undefined : parseCount(options.files, '--files');
  const sizes = options.sizes.split(',').map((size) => parseCount(size.trim(), '--sizes'));
  const rounds = options.rounds === undefined ? undefined : wholeOption(options.rounds, 3, '--rounds');
  const runner = (await import(new URL('../../../bench/run.js', import.meta.url).href)) as {
    SUITE_NAMES: readonly string[];
    unknownSuites(suite: string): string[];
    runBenchmarks(o: {
      suite: string;
      quick: boolean;
      files?: number;
      sizes?: number[];
      rounds?: number;
    }): Promise<{ rows: unknown[]; text: string[] }>;
  };
  const unknown = runner.unknownSuites(options.suite);
  if (unknown.length > 0)
    throw new InputError(
      'command line',
      `unknown suite '${unknown[0]}' (expected ${runner.SUITE_NAMES.join(', ')}, or several joined with commas)`,
      '--suite',
    );
  const result = await runner.runBenchmarks({
    suite: scale ? 'scale' : options.suite,
    quick: options.quick ?? false,
    ...(scale ? { files, sizes: options.quick ? undefined : sizes, rounds } : {}),
  });
  if (scale && options.results !== undefined) {
    const report = (await import(new URL('../../../bench/scale-report.js', import.meta.url).href)) as {
      writeScaleResults(file: string, lines: readonly string[]): void;
    };
    // the scale suite's lines follow the date line and an empty report table
    report.writeScaleResults(
      options.results,
      result.text.slice(result.text.findIndex((line) => line.startsWith('- **Command:**'))),
    );
  }
  return { data: result.rows, text: result.text };
}

interface BenchFlags {
  suite: string;
  files?: string;
  sizes: string;
  rounds?: string;
  results?: string;
  quick?: boolean;
}
