import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { decodeTrace, encodeTrace, recordReboot, replayTrace, type BootReport } from '../../boot/index.js';
import { loadImageFile } from '../load.js';
import { parseCount, table, type CommandResult } from '../output.js';
import { progressReporter } from '../progress.js';
import { action } from '../run.js';
import { holdImageFile } from '../image-lock.js';
import { checkTarget, saveImageShown } from '../save.js';
import { coreOf } from '../../machine/index.js';
import { InputError, PowerCut } from '../../errors/index.js';

/** `svcpack reboot` and `svcpack pending`. */
export function registerBootCommands(program: Command): void {
  registerRebootCommand(program);
  registerPendingCommand(program);
}

/** `svcpack reboot`. */
function registerRebootCommand(program: Command): void {
  program
    .command('reboot')
    .description(
      'restart the machine: end processes, process PendingFileRenameOperations, start services; saves the image',
    )
    .argument('<image>', 'image file (rewritten in place unless --output)')
    .option('-o, --output <file>', 'write the rebooted image here instead')
    .option(
      '--mode <mode>',
      "'windows' (as Windows does) or 'transactional' (nothing lost on a power cut)",
      'windows',
    )
    .option('--power-cut-after <k>', 'cut the power after k primitive operations of the boot')
    .option('--record <trace>', 'record the reboot cycle to a trace file')
    .option('--replay <trace>', 'replay a recorded trace on this image and report divergences')
    .option('--json', 'print JSON')
    .action(action(reboot));
}

/** The options of `svcpack reboot`. */
interface RebootFlags {
  output?: string;
  mode: string;
  powerCutAfter?: string;
  record?: string;
  replay?: string;
  json?: boolean;
}

/**
 * Refuses what a recorded or replayed reboot cannot honour, before anything is read or changed: a
 * recording is of a whole boot (a cut one leaves no trace), a replay boots as the trace says.
 */
function checkTraceOptions(options: RebootFlags, command: Command): void {
  const refuse = (option: string, message: string): never => {
    throw new InputError('command line', message, option);
  };
  if (options.record !== undefined && options.replay !== undefined)
    refuse('--replay', '--record and --replay cannot be used together');
  const traced = options.record !== undefined ? '--record' : options.replay !== undefined ? '--replay' : '';
  if (traced !== '' && options.powerCutAfter !== undefined)
    refuse('--power-cut-after', `--power-cut-after cannot be used with ${traced}`);
  if (options.replay !== undefined && command.getOptionValueSource('mode') !== 'default')
    refuse('--mode', '--mode cannot be used with --replay: the replay boots in the mode the trace recorded');
}

/** `svcpack reboot`: a plain reboot, a reboot recorded to a trace, or a trace replayed. */
async function reboot(file: string, options: RebootFlags, command: Command): Promise<CommandResult> {
  const output = options.output ?? file;
  const progress = progressReporter(options.json);
  const save = () => saveImageShown(image, output, '--output', progress);
  if (options.output !== undefined) checkTarget(options.output, '--output');
  if (options.mode !== 'windows' && options.mode !== 'transactional') {
    throw new InputError(
      'command line',
      `--mode must be 'windows' or 'transactional', got '${options.mode}'`,
      '--mode',
    );
  }
  checkTraceOptions(options, command);
  const powerCutAfter =
    options.powerCutAfter === undefined ? undefined : parseCount(options.powerCutAfter, '--power-cut-after');
  const saves = !options.replay || options.output !== undefined;
  if (saves) holdImageFile(output);
  const image = await loadImageFile(file, progress);
  const mode = options.mode;
  let report: BootReport;
  let divergences: string[] = [];
  if (options.replay) {
    const trace = decodeTrace(await readFile(options.replay, 'utf8'), options.replay);
    ({ report, divergences } = replayTrace(coreOf(image), trace));
  } else if (options.record) {
    const recorded = recordReboot(coreOf(image), { mode });
    report = recorded.report;
    await writeFile(options.record, encodeTrace(recorded.trace));
  } else {
    try {
      report = image.reboot({ mode, ...(powerCutAfter === undefined ? {} : { powerCutAfter }) });
    } catch (error) {
      // the image as the power cut left it is the point of the option; any other failure saves nothing
      if (error instanceof PowerCut) await save();
      throw error;
    }
  }
  if (saves) await save();
  return {
    data: divergences.length || options.replay ? { report, divergences } : report,
    text: [...describeBoot(report), ...divergences.map((d) => `DIVERGES: ${d}`)],
    exit: divergences.length ? 1 : 0,
  };
}

/** `svcpack pending`. */
function registerPendingCommand(program: Command): void {
  program
    .command('pending')
    .description('list the pending-rename queue like Sysinternals PendMoves')
    .argument('<image>', 'image file')
    .option('--json', 'print JSON')
    .action(
      action(async (file: string, options: { json?: boolean }) => {
        const image = await loadImageFile(file, progressReporter(options.json));
        const listing = image.pendingRenames();
        const rows = listing.map((e) => [
          e.source,
          e.destination === null ? '(delete)' : `${e.replaceExisting ? '!' : ''}${e.destination}`,
          e.sourceExists ? 'source exists' : 'SOURCE MISSING',
          e.wouldFail ? `would fail: ${e.reason ?? ''}` : 'ok',
        ]);
        return { data: listing, text: listing.length ? table(rows) : ['no pending file rename operations'] };
      }),
    );
}

/** A boot report as lines for people. */
export function describeBoot(report: BootReport): string[] {
  const c = report.counts;
  const lines = [
    `boot (${report.mode}): ${report.entries.length} queued entries: ${c.renamed} renamed, ${c.replaced} replaced, ${c.deleted} deleted, ${c.failed} failed`,
  ];
  if (report.recovered) {
    lines.push(
      `recovered '${report.recovered.transaction}' (${report.recovered.mode}, ${report.recovered.operations} operations)`,
    );
  }
  for (const lost of report.lost ?? [])
    lines.push(`LOST by an interrupted boot: ${lost.source} -> ${lost.destination ?? '(delete)'}`);
  for (const file of report.orphaned ?? [])
    lines.push(
      `ORPHANED by that loss: ${file.path} (meant ${file.destination ? `to become ${file.destination}` : 'to be deleted'})`,
    );
  for (const e of report.entries.filter((x) => x.outcome === 'failed')) {
    lines.push(
      `failed: ${e.source} -> ${e.destination ?? '(delete)'}: ${e.error?.code ?? ''} (${e.error?.errno ?? ''})`,
    );
  }
  for (const p of report.problems) lines.push(`queue damage at byte ${p.offset}: ${p.message}`);
  lines.push(`services started: ${report.servicesStarted.length}`);
  return lines;
}
