import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../errors/index.js';
import {
  LocalExecutor,
  parseFleetSpec,
  planCrashSweep,
  planFleetSweep,
  progressText,
  QueueExecutor,
  readResults,
  runSweep,
  summarize,
  summaryText,
  sweepReportHtml,
  type Executor,
  type SweepPlan,
  type SweepSummary,
} from '../../sweep/index.js';
import { EXIT, wholeOption, type CommandResult } from '../output.js';
import { progressReporter } from '../progress.js';
import { action } from '../run.js';

interface ExecutorOptions {
  results: string;
  local?: boolean;
  threads?: string;
  queue?: string;
  queueName?: string;
  report?: string;
  json?: boolean;
}

function executorFor(options: ExecutorOptions): Executor {
  if (options.queue !== undefined && options.local)
    throw new InputError('--queue', 'give --local or --queue, not both');
  const threads = wholeOption(options.threads, 1, '--threads');
  if (options.queue === undefined) return new LocalExecutor({ threads });
  const warned = new Set<string>();
  return new QueueExecutor({
    url: options.queue,
    ...(options.queueName ? { queueName: options.queueName } : {}),
    onError: (error) => {
      if (warned.has(error.message)) return;
      warned.add(error.message);
      process.stderr.write(`svcpack sweep: queue: ${error.message} (waiting for Redis)\n`);
    },
  });
}

function readInput(file: string, what: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new InputError(file, `cannot read the ${what}: ${(error as Error).message}`);
  }
}

/** Runs the sweep `plan` makes (options are checked first: a bad one costs no planning). */
async function execute(
  makePlan: () => Promise<SweepPlan> | SweepPlan,
  options: ExecutorOptions,
): Promise<CommandResult> {
  const executor = executorFor(options);
  let plan: SweepPlan;
  try {
    plan = await makePlan();
  } catch (error) {
    await executor.close();
    throw error;
  }
  const reporter = progressReporter(options.json);
  let shown = 0;
  let summary: SweepSummary;
  try {
    summary = await runSweep(plan, {
      results: options.results,
      executor,
      onProgress: (progress) => {
        if (Date.now() - shown < 1000 && progress.remaining > 0) return;
        shown = Date.now();
        reporter.begin(`sweep: ${progressText(progress)}`);
      },
    });
  } finally {
    await executor.close();
  }
  if (options.report) {
    const { header, lines } = readResults(options.results);
    writeFileSync(options.report, sweepReportHtml(header, lines));
  }
  const failures = summary.failures > 0;
  return {
    data: { results: options.results, ...(options.report ? { report: options.report } : {}), summary },
    text: [
      summaryText(summary),
      `results: ${options.results}${options.report ? `, report: ${options.report}` : ''}`,
    ],
    exit: failures ? EXIT.failure : EXIT.ok,
  };
}

function executorOptions(command: Command): Command {
  return command
    .requiredOption('-o, --results <file>', 'JSON-lines results file (a stopped sweep resumes from it)')
    .option('--local', 'run on worker threads of this machine (the default)')
    .option('--threads <n>', 'worker threads with --local', '1')
    .option('--queue <url>', 'run on a BullMQ queue: redis://HOST:PORT (start workers with svcpack worker)')
    .option('--queue-name <name>', 'BullMQ queue name (default svcpack-sweep)')
    .option('--report <file>', 'also write the HTML report')
    .option('--json', 'print JSON');
}

/** `svcpack sweep crash|fleet|report`. */
export function registerSweepCommands(program: Command): void {
  const sweep = program
    .command('sweep')
    .description('crash sweeps and fleet sweeps, on local threads or a BullMQ queue; their reports');
  registerCrash(sweep);
  registerFleet(sweep);
  registerReport(sweep);
}

function registerCrash(sweep: Command): void {
  executorOptions(
    sweep
      .command('crash')
      .description(
        'cut the power before every change of an install, uninstall or boot (and inside its recovery); recover; check',
      )
      .argument('<image>', 'image file the operation starts from')
      .option('--install <package>', 'sweep installing this package file')
      .option('--switches <switches>', "update.exe switches of the install ('-z', '-n -z')", '')
      .option('--uninstall <id>', 'sweep uninstalling this package id (W2K-SP4, Q123456)')
      .option('--boot', 'sweep a boot (running the pending renames)')
      .option('--mode <mode>', "boot mode: 'windows' or 'transactional'", 'windows')
      .option('--every <n>', 'sample: cut before every n-th change only', '1')
      .option('--recovery-every <n>', 'sample inside each recovery: every n-th change (offsets vary)', '1')
      .option('--points-per-task <n>', 'cut points per task', '8'),
  ).action(
    action(async (file: string, options: ExecutorOptions & Record<string, string | boolean | undefined>) => {
      const chosen = [options.install, options.uninstall, options.boot].filter((o) => o !== undefined);
      if (chosen.length !== 1)
        throw new InputError('svcpack sweep crash', 'give exactly one of --install, --uninstall and --boot');
      if (options.mode !== 'windows' && options.mode !== 'transactional')
        throw new InputError(
          '--mode',
          `expected 'windows' or 'transactional', got '${String(options.mode)}'`,
        );
      const image = readInput(file, 'image');
      return execute(
        () =>
          planCrashSweep({
            image,
            operation: options.install ? 'install' : options.uninstall ? 'uninstall' : 'boot',
            ...(options.install
              ? { package: readInput(String(options.install), 'package'), switches: String(options.switches) }
              : {}),
            ...(options.uninstall ? { uninstallId: String(options.uninstall) } : {}),
            mode: options.mode as 'windows' | 'transactional',
            cutEvery: wholeOption(options.every as string, 1, '--every'),
            recoveryCutEvery: wholeOption(options.recoveryEvery as string, 1, '--recovery-every'),
            pointsPerTask: wholeOption(options.pointsPerTask as string, 8, '--points-per-task'),
          }),
        options,
      );
    }),
  );
}

function registerFleet(sweep: Command): void {
  executorOptions(
    sweep
      .command('fleet')
      .description(
        'run packages and steps on every machine of a fleet spec; record codes, renames, restarts, space',
      )
      .argument('<spec>', 'fleet spec JSON file (see docs/cli.md)'),
  ).action(
    action(async (specFile: string, options: ExecutorOptions) => {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(specFile, 'utf8'));
      } catch (error) {
        throw new InputError(specFile, `not a readable JSON file: ${(error as Error).message}`);
      }
      const spec = parseFleetSpec(json, specFile);
      return execute(
        () => planFleetSweep(spec, (file) => readInput(resolve(dirname(specFile), file), 'package')),
        options,
      );
    }),
  );
}

function registerReport(sweep: Command): void {
  sweep
    .command('report')
    .description('summarise a results file and write its HTML report (inline SVG, no network)')
    .argument('<results>', 'JSON-lines results file of svcpack sweep')
    .option('-o, --output <file>', 'HTML file to write (default: RESULTS with .html)')
    .option('--json', 'print JSON')
    .action(
      action(async (file: string, options: { output?: string; json?: boolean }) => {
        const { header, lines } = readResults(file);
        const output = options.output ?? file.replace(/\.jsonl?$/i, '') + '.html';
        writeFileSync(output, sweepReportHtml(header, lines));
        const summary = summarize(header, lines);
        return {
          data: { report: output, summary },
          text: [summaryText(summary), `report: ${output}`],
          exit: summary.failures > 0 ? EXIT.failure : EXIT.ok,
        };
      }),
    );
}
