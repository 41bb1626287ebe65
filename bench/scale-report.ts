/**
 * `svcpack bench --files N`: the command line end to end next to the library at N files, the
 * library install against its `Map` floor, then the scaling table, as markdown;
 * `writeScaleResults` puts them in bench/RESULTS.md in place of the previous ones (latest only),
 * with the command, the date and the machine.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { cliBenchTable, runCliBench } from './cli-bench.js';
import { floorTable, runFloorBench } from './floor-report.js';
import { runScaleBench, SCALE_SIZES, scaleTable } from './scale.js';

const BEGIN = '<!-- svcpack bench --files: begin -->';
const END = '<!-- svcpack bench --files: end -->';

/** The machine and its load, as one line. */
export function machineLine(): string {
  const [one, five] = loadavg();
  return `${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${one.toFixed(1)} / ${five.toFixed(1)} (1 / 5 min)`;
}

/** How this run was started, as the user typed it (the command line's or the bench runner's). */
function commandLine(): string {
  const [, script = '', ...args] = process.argv;
  return `${/(main|svcpack)\.js$/.test(script) ? 'svcpack' : `node ${script}`} ${args.join(' ')}`.trim();
}

/** Runs both parts and returns their markdown. */
export async function runScale(
  options: {
    files?: number;
    sizes?: readonly number[];
    quick?: boolean;
    command?: string;
    /** Alternated rounds of the command line and the library (default 3, 1 with `quick`). */
    rounds?: number;
  } = {},
): Promise<string[]> {
  const files = options.files ?? (options.quick ? 5_000 : 50_000);
  const sizes = options.sizes ?? (options.quick ? [2_000, 5_000] : SCALE_SIZES);
  const started = new Date().toISOString();
  const before = machineLine();
  const rounds = options.rounds ?? (options.quick ? 1 : 3);
  const cli = await runCliBench({ files, rounds });
  // at least 3 rounds, so that the median is one of the middle
  const floor = await runFloorBench(cli.files, cli.spFiles, Math.max(3, rounds));
  const rows = await runScaleBench({ sizes });
  return [
    `- **Command:** \`${options.command ?? commandLine()}\``,
    `- **Date:** ${started} to ${new Date().toISOString()}`,
    `- **Machine:** ${before} at the start; ${machineLine().replace(/^.*load average/, 'load average')} at the end`,
    '',
    '### The command line end to end next to the library',
    '',
    ...cliBenchTable(cli),
    '',
    '### The library install against its floor (each in a `node` of its own, in turns, no forced collection)',
    '',
    ...floorTable(floor),
    '',
    '### Scaling (each size in fresh processes; fork and save: the median of 3 in that process; load and lazy load: the median of 3, each in a process of its own, alternating)',
    '',
    ...scaleTable(rows),
  ];
}

/**
 * Replaces the previous `svcpack bench --files` section of `file` (or appends one) with `lines`; a
 * file that does not exist yet is created with a title.
 */
export function writeScaleResults(file: string, lines: readonly string[]): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const section = [
    BEGIN,
    '## Latest: `svcpack bench --files` (command line, library, scaling)',
    '',
    ...lines,
    END,
  ].join('\n');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  // a first section goes before the other suites' latest results
  const firstSection = text.indexOf('\n## ');
  const next =
    start >= 0 && end > start
      ? text.slice(0, start) + section + text.slice(end + END.length)
      : firstSection >= 0
        ? `${text.slice(0, firstSection + 1)}${section}\n\n${text.slice(firstSection + 1)}`
        : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}
