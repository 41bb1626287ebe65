import type { Command } from 'commander';
import { InputError, PowerCut } from '../../errors/index.js';
import { install, plan, uninstall, type WinImage } from '../../machine/index.js';
import {
  parseSwitches,
  type InstallOptions,
  type InstallPlan,
  type InstallResult,
} from '../../servicing/index.js';
import { EXIT, formatBytes, parseCount, table, type CommandResult } from '../output.js';
import { progressReporter, type ProgressReporter } from '../progress.js';
import { loadImageAndPackage, loadImageFile, loadPackageFile } from '../load.js';
import { action } from '../run.js';
import { holdImageFile } from '../image-lock.js';
import { checkNotInput, checkTarget, guardedSave, saveImageShown } from '../save.js';
import { describeBoot } from './boot.js';
import { extractPackage } from './extract.js';
import { registerSfcCommand } from './sfc.js';

interface InstallFlags {
  unattended?: boolean;
  quiet?: boolean;
  backup?: boolean;
  overwriteOem?: boolean;
  forceClose?: boolean;
  restart?: boolean;
  forceReinstall?: boolean;
  removeWorkingFolder?: boolean;
  method?: string;
  cancel?: boolean;
  powerCutAfter?: string;
  output?: string;
  extract?: string;
  slipstream?: string;
  planOnly?: boolean;
  json?: boolean;
}

/** `svcpack install`, `svcpack uninstall`, `svcpack sfc`. */
export function registerServicingCommands(program: Command): void {
  registerInstallCommand(program);
  registerUninstallCommand(program);
  registerSfcCommand(program);
}

/** `svcpack install`. */
function registerInstallCommand(program: Command): void {
  program
    .command('install')
    .description('install a service pack or hotfix into an image as update.exe does (saves the image)')
    .usage('[options] <image> <package>\n       svcpack install (-x:DIR | -s:DIR) <package>')
    .argument('<image>', 'image file (rewritten in place unless --output); with -x or -s, the package')
    .argument('[package]', '.svcpkg file')
    .option('-u, --unattended', 'unattended setup (update.exe -u)')
    .option('-q, --quiet', 'quiet mode, no user interaction (implies -u)')
    .option('-n, --no-backup', 'do not back up files for uninstall (update.exe -n)')
    .option('-o, --overwrite-oem', "overwrite OEM files without asking: update.exe's -o, not an output file")
    .option('-f, --force-close', 'force other programs to close at shutdown (update.exe -f)')
    .option('-z, --no-restart', 'do not restart when the installation completes (update.exe -z)')
    .option('--remove-working-folder', 'with -z: delete the extracted working folder at the end all the same')
    .option('--force-reinstall', "replace files of equal or older version too (REINSTALLMODE 'all')")
    .option('--method <method>', 'local (saved package), cdrom, share (expanded) or express', 'local')
    .option('--cancel', 'cancel at the licence agreement (result 1602, nothing changed)')
    .option('--plan-only', 'show what would happen and change nothing')
    .option('--power-cut-after <k>', 'cut the power after k primitive operations (for recovery testing)')
    .option('--output <file>', 'write the serviced image here instead of in place (no short form: -o is OEM)')
    .option('--extract <dir>', 'extract the package to a host folder only, no image (update.exe -x:dir)')
    .option('--slipstream <dir>', 'integrate the package into a distribution share (update.exe -s:dir)')
    .option('--json', 'print JSON')
    .allowExcessArguments()
    .action(
      action(
        async (
          first: string,
          second: string | undefined,
          flags: InstallFlags,
          command: Command,
        ): Promise<CommandResult> => {
          checkInstallArguments(command.args, flags);
          if (flags.extract !== undefined || flags.slipstream !== undefined)
            return extractPackage(await loadPackageFile(first, progressReporter(flags.json)), flags);
          return installCommand(first, second!, flags);
        },
      ),
    );
}

/** `svcpack uninstall`. */
function registerUninstallCommand(program: Command): void {
  program
    .command('uninstall')
    .description('remove the most recent service pack (or a hotfix, newest first) from its uninstall backup')
    .argument('<image>', 'image file (rewritten in place unless --output)')
    .argument('<id>', "package id, e.g. 'W2K-SP4' or 'Q823980' ('svcpack image info' lists them)")
    .option('-z, --no-restart', 'do not restart when done')
    .option('--power-cut-after <k>', 'cut the power after k primitive operations')
    .option('--output <file>', 'write the image here instead of in place')
    .option('--json', 'print JSON')
    .action(
      action(
        async (
          imageFile: string,
          id: string,
          flags: { restart?: boolean; powerCutAfter?: string; output?: string; json?: boolean },
        ) => {
          const output = flags.output ?? imageFile;
          if (flags.output !== undefined) checkTarget(flags.output, '--output');
          const powerCutAfter =
            flags.powerCutAfter === undefined
              ? undefined
              : parseCount(flags.powerCutAfter, '--power-cut-after');
          holdImageFile(output);
          const progress = progressReporter(flags.json);
          const image = await loadImageFile(imageFile, progress);
          const result = await saveAfterPowerCut(image, output, () =>
            uninstall(image, id, {
              noRestart: flags.restart === false,
              ...(powerCutAfter === undefined ? {} : { powerCutAfter }),
            }),
          );
          if (succeeded(result.code)) await saveImageShown(image, output, '--output', progress);
          return {
            data: result,
            text: [
              `${id}: result ${result.code}: ${result.message}`,
              `queued renames: ${result.queuedRenames}${result.restartRequired ? ' (restart required)' : ''}`,
              ...(result.rebooted ? describeBoot(result.rebooted) : []),
              // a refused or rolled-back removal writes no log
              ...(succeeded(result.code) ? [`log: ${result.logPath}`] : []),
            ],
            exit: exitFor(result),
          };
        },
      ),
    );
}

/** Install's positional arguments: two for an install, one (the package) for -x or -s. */
function checkInstallArguments(args: readonly string[], flags: InstallFlags): void {
  const extracting = flags.extract !== undefined || flags.slipstream !== undefined;
  if (flags.extract === '')
    throw new InputError(
      'command line',
      '-x needs a folder: give -x:DIR or --extract DIR (svcpack does not guess the current folder)',
      '-x',
    );
  const switchName = flags.extract !== undefined ? '-x' : '-s';
  if (extracting && args.length > 1)
    throw new InputError(
      'command line',
      `with ${switchName} give only the package (no image is read): svcpack install ${switchName}:DIR PACKAGE`,
      '<image>',
    );
  if (!extracting && args.length > 2 && flags.overwriteOem)
    throw new InputError(
      'command line',
      `on install, -o is update.exe's overwrite-OEM switch and takes no file: to write the image to '${args[2]}' use --output ${args[2]}`,
      '-o',
    );
  if (!extracting && args.length > 2)
    throw new InputError('command line', `too many arguments: ${args.slice(2).join(' ')}`, 'arguments');
  if (!extracting && args.length < 2)
    throw new InputError('command line', 'missing the package: svcpack install IMAGE PACKAGE', '<package>');
}

async function installCommand(
  imageFile: string,
  packageFile: string,
  flags: InstallFlags,
): Promise<CommandResult> {
  const output = flags.output ?? imageFile;
  if (flags.output !== undefined) {
    checkTarget(flags.output, '--output');
    checkNotInput(flags.output, '--output', { [packageFile]: 'the package' });
  }
  if (!flags.planOnly) holdImageFile(output);
  const progress = progressReporter(flags.json);
  const options = installOptions(flags, progress);
  try {
    const { image, pkg } = await loadImageAndPackage(imageFile, packageFile, progress);
    if (flags.planOnly) {
      const planned = await plan(image, pkg, options);
      return { data: planned, text: describePlan(planned), exit: planned.refusal ? EXIT.failure : EXIT.ok };
    }
    const result = await saveAfterPowerCut(image, output, () => install(image, pkg, options));
    if (succeeded(result.code)) await saveImageShown(image, output, '--output', progress);
    return { data: result, text: describeInstall(result), exit: exitFor(result) };
  } finally {
    progress.stop();
  }
}

function installOptions(flags: InstallFlags, progress: ProgressReporter): InstallOptions {
  return {
    unattended: flags.unattended ?? false,
    quiet: flags.quiet ?? false,
    noBackup: flags.backup === false,
    overwriteOem: flags.overwriteOem ?? false,
    forceClose: flags.forceClose ?? false,
    noRestart: flags.restart === false,
    removeWorkingFolder: flags.removeWorkingFolder ?? false,
    forceReinstall: flags.forceReinstall ?? false,
    method: parseMethod(flags.method ?? 'local'),
    licence: flags.cancel ? 'cancel' : 'accept',
    progress: (step, done, total) => progress.update(step, done, total),
    ...(flags.powerCutAfter !== undefined
      ? { powerCutAfter: parseCount(flags.powerCutAfter, '--power-cut-after') }
      : {}),
  };
}

/** Runs a servicing step; if the (simulated) power is cut, saves the image as the cut left it, then rethrows. */
async function saveAfterPowerCut<T>(image: WinImage, output: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof PowerCut) await guardedSave(output, '--output', () => image.save(output));
    throw error;
  }
}

function parseMethod(method: string): NonNullable<InstallOptions['method']> {
  if (method === 'local' || method === 'cdrom' || method === 'share' || method === 'express') return method;
  throw new InputError(
    'command line',
    `--method must be local, cdrom, share or express, got '${method}'`,
    '--method',
  );
}

/** The result codes of a completed install or removal: done, done with a restart pending, done and restarted. */
function succeeded(code: number): boolean {
  return code === 0 || code === 3010 || code === 1641;
}

/**
 * The process exit status of an install or removal: 3 only while a restart is still pending (3010,
 * or -z with renames queued), 0 for any other success (1641: the restart already happened).
 */
export function exitFor(result: { code: number; restartRequired: boolean }): number {
  if (!succeeded(result.code)) return EXIT.failure;
  return result.restartRequired ? EXIT.restartRequired : EXIT.ok;
}

/** A plan as lines for people. */
export function describePlan(p: InstallPlan): string[] {
  const counts = new Map<string, number>();
  for (const f of p.files) counts.set(f.action, (counts.get(f.action) ?? 0) + 1);
  const lines = [
    `${p.packageId}: ${p.files.length} files: ${[...counts].map(([k, v]) => `${v} ${k}`).join(', ')}`,
  ];
  if (p.refusal) lines.push(`REFUSED (${p.refusal.code}): ${p.refusal.message}`);
  for (const r of p.regressions) lines.push(`will be reverted (regression): ${r}`);
  lines.push(
    ...table([
      ['volume', 'free', 'working', 'backup', 'transient', 'files', 'steady', 'peak'],
      ...p.costing.volumes.map((v) => [
        `${v.letter}:${v.short ? ' SHORT' : ''}`,
        formatBytes(v.free),
        formatBytes(v.working),
        formatBytes(v.backup),
        formatBytes(v.transient),
        formatBytes(v.files),
        formatBytes(v.steady),
        formatBytes(v.peak),
      ]),
    ]),
  );
  return lines;
}

/** An install result as lines for people. */
export function describeInstall(r: InstallResult): string[] {
  const lines = [`${r.plan.packageId}: result ${r.code}: ${r.message}`, ...describePlan(r.plan).slice(1)];
  lines.push(`queued renames: ${r.queuedRenames}${r.restartRequired ? ' (restart required)' : ''}`);
  if (r.bytesFetched !== undefined) lines.push(`express: ${formatBytes(r.bytesFetched)} fetched`);
  if (r.rebooted) lines.push(...describeBoot(r.rebooted));
  lines.push(`log: ${r.logPath}`);
  return lines;
}

export { parseSwitches };
