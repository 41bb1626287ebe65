import type { Command } from 'commander';
import { runScenarioFile } from '../../machine/index.js';
import { EXIT } from '../output.js';
import { action } from '../run.js';

/** `svcpack scenario FILE`. */
export function registerScenarioCommand(program: Command): void {
  program
    .command('scenario')
    .description('run a scenario file: machines, packages, installs, reboots, clusters, sessions, assertions')
    .argument('<file>', 'scenario JSON file (see fixtures/scenarios/)')
    .option('--continue-on-error', 'run the remaining steps after a failed one')
    .option('--json', 'print JSON')
    .action(
      action(async (file: string, options: { continueOnError?: boolean }) => {
        const report = await runScenarioFile(file, { continueOnError: options.continueOnError ?? false });
        const text = [
          ...report.steps.map((s) => `${s.status.padEnd(7)} ${s.pointer} ${s.kind}: ${s.message}`),
          `${report.name}: ${report.ok ? 'passed' : 'FAILED'} (${report.steps.filter((s) => s.status === 'ok').length}/${report.steps.length} steps)`,
        ];
        return {
          data: {
            name: report.name,
            ok: report.ok,
            steps: report.steps,
            snapshots: Object.fromEntries(report.snapshots),
          },
          text,
          exit: report.ok ? EXIT.ok : EXIT.failure,
        };
      }),
    );
}
