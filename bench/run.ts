/**
 * Runs the benchmark suites and prints one markdown report: `npm run bench` (all suites) or
 * `node dist/bench/run.js image boot` (some). `--quick` shrinks sizes for a look, not for RESULTS.md.
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { formatRows, type BenchRow } from './report.js';

const SUITES = ['image', 'boot', 'queue', 'hashing', 'servicing'] as const;

/** The names `runBenchmarks` takes, alone or joined with commas. */
export const SUITE_NAMES: readonly string[] = [...SUITES, 'scale', 'all'];

/** The names in a `--suite` value that are no suite's: checked before any suite runs. */
export function unknownSuites(suite: string): string[] {
  return suite.split(',').filter((name) => !SUITE_NAMES.includes(name.trim()));
}

/** Runs the named suites (or `all`; `scale` is run only when named, or by `svcpack bench --files`). */
export async function runBenchmarks(
  options: {
    suite?: string;
    quick?: boolean;
    files?: number;
    sizes?: readonly number[];
    rounds?: number;
  } = {},
): Promise<{ rows: BenchRow[]; text: string[] }> {
  const unknown = options.suite ? unknownSuites(options.suite) : [];
  if (unknown.length > 0)
    throw new Error(`unknown suite '${unknown[0]}' (expected ${SUITE_NAMES.join(', ')})`);
  const wanted = !options.suite || options.suite === 'all' ? [...SUITES] : options.suite.split(',');
  const rows: BenchRow[] = [];
  const text: string[] = [
    `date: ${new Date().toISOString()}, cores: ${availableParallelism()}, node ${process.version}`,
  ];
  for (const suite of wanted) {
    if (suite === 'image') {
      const { runImageBench } = await import('./image.js');
      rows.push(...(await runImageBench(options.quick ? { files: 5_000, time: 500 } : {})));
    } else if (suite === 'boot') {
      const { runBootBench } = await import('./boot.js');
      const bootRows = await runBootBench(options.quick ? { entries: 2_000 } : {});
      rows.push(...bootRows.map((r) => ({ suite: 'boot', ...r })));
    } else if (suite === 'queue') {
      const { runQueueBench } = await import('./queue.js');
      rows.push(
        ...(await runQueueBench(options.quick ? { queueSizes: [2_000, 10_000], bootSizes: [10_000] } : {})),
      );
    } else if (suite === 'hashing') {
      const { runHashingBench, hashingBenchTable } = await import('./hashing.js');
      const hashRows = await runHashingBench(options.quick ? { totalBytes: 64 << 20 } : {});
      text.push('', hashingBenchTable(hashRows));
      const { measureCeiling } = await import('./ceiling.js');
      const ceiling = await measureCeiling(
        options.quick ? 32 << 20 : 256 << 20,
        options.quick ? 50_000_000 : 400_000_000,
      );
      text.push(
        '',
        '| two-thread ceiling of this machine | sequential ms | 2 threads ms | speed-up |',
        '|---|---:|---:|---:|',
        ...ceiling.map(
          (c) =>
            `| ${c.work} | ${c.sequentialMs.toFixed(0)} | ${c.parallelMs.toFixed(0)} | ${c.speedup.toFixed(2)}x |`,
        ),
      );
    } else if (suite === 'servicing') {
      const { runServicingBench } = await import('./servicing.js');
      rows.push(...(await runServicingBench(options.quick ? { imageFiles: 5_000, spFiles: 2_000 } : {})));
    } else if (suite === 'scale') {
      const { runScale } = await import('./scale-report.js');
      text.push(
        '',
        ...(await runScale({
          files: options.files,
          sizes: options.sizes,
          quick: options.quick,
          rounds: options.rounds,
        })),
      );
    } else {
      throw new Error(`unknown suite '${suite}' (expected ${SUITES.join(', ')}, scale or all)`);
    }
  }
  text.splice(1, 0, '', ...formatRows(rows));
  return { rows, text };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const suite = args.filter((a) => !a.startsWith('--')).join(',') || 'all';
  const { text } = await runBenchmarks({ suite, quick });
  console.log(text.join('\n'));
}
