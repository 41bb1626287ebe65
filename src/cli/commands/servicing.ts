import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../errors/index.js';
import { WinImage } from '../../machine/index.js';
import { Package } from '../../package/index.js';
import { install, plan, sfc, uninstall } from '../../machine/index.js';
import {
  parseSwitches,
  type InstallOptions,
  type InstallPlan,
  type InstallResult,
} from '../../servicing/index.js';
import { EXIT, formatBytes, parseCount, table, type CommandResult } from '../output.js';
import { progressReporter } from '../progress.js';
import { loadPackageFile } from '../load-package.js';
import { action } from '../run.js';
import { describeBoot } from './boot.js';

interface InstallFlags {
  unattended?: boolean;
  quiet?: boolean;
  backup?: boolean;
  overwriteOem?: boolean;
  forceClose?: boolean;
  restart?: boolean;
  forceReinstall?: boolean;
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
  program
    .command('install')
    .description('install a service pack or hotfix into an image as update.exe does (saves the image)')
    .argument('<image>', 'image file (rewritten in place unless --output)')
    .argument('<package>', '.svcpkg file')
    .option('-u, --unattended', 'unattended setup (update.exe -u)')
    .option('-q, --quiet', 'quiet mode, no user interaction (implies -u)')
    .option('-n, --no-backup', 'do not back up files for uninstall (update.exe -n)')
    .option('-o, --overwrite-oem', 'overwrite OEM files without asking (update.exe -o)')
    .option('-f, --force-close', 'force other programs to close at shutdown (update.exe -f)')
    .option('-z, --no-restart', 'do not restart when the installation completes (update.exe -z)')
    .option('--force-reinstall', "replace files of equal or older version too (REINSTALLMODE 'all')")
    .option('--method <method>', 'local (saved package), cdrom, share (expanded) or express', 'local')
    .option('--cancel', 'cancel at the licence agreement (result 1602, nothing changed)')
    .option('--plan-only', 'show what would happen and change nothing')
    .option('--power-cut-after <k>', 'cut the power after k primitive operations (for recovery testing)')
    .option('--output <file>', 'write the serviced image here instead of in place')
    .option('--extract <dir>', 'extract the package to a host folder only (update.exe -x[:dir])')
    .option('--slipstream <dir>', 'integrate the package into a distribution share (update.exe -s:dir)')
    .option('--json', 'print JSON')
    .action(
      action(async (imageFile: string, packageFile: string, flags: InstallFlags): Promise<CommandResult> => {
        const pkg = await loadPackageFile(packageFile);
        if (flags.extract || flags.slipstream) return extractPackage(pkg, flags);
        const image = await WinImage.load(imageFile);
        const progress = progressReporter(!flags.json);
        const options: InstallOptions = {
          unattended: flags.unattended ?? false,
          quiet: flags.quiet ?? false,
          noBackup: flags.backup === false,
          overwriteOem: flags.overwriteOem ?? false,
          forceClose: flags.forceClose ?? false,
          noRestart: flags.restart === false,
          forceReinstall: flags.forceReinstall ?? false,
          method: parseMethod(flags.method ?? 'local'),
          licence: flags.cancel ? 'cancel' : 'accept',
          progress: (step, done, total) => progress.update(step, done, total),
          ...(flags.powerCutAfter !== undefined
            ? { powerCutAfter: parseCount(flags.powerCutAfter, '--power-cut-after') }
            : {}),
        };
        if (flags.planOnly) {
          const planned = await plan(image, pkg, options);
          progress.stop();
          return {
            data: planned,
            text: describePlan(planned),
            exit: planned.refusal ? EXIT.failure : EXIT.ok,
          };
        }
        try {
          const result = await install(image, pkg, options);
          progress.stop();
          if (result.code === 0 || result.code === 3010 || result.code === 1641)
            await image.save(flags.output ?? imageFile);
          return { data: result, text: describeInstall(result), exit: exitFor(result.code) };
        } catch (error) {
          progress.stop();
          if ((error as Error).name === 'PowerCut') await image.save(flags.output ?? imageFile);
          throw error;
        }
      }),
    );

  program
    .command('uninstall')
    .description('remove the most recent service pack (or a hotfix, newest first) from its uninstall backup')
    .argument('<image>', 'image file (rewritten in place unless --output)')
    .argument('<id>', "package id, e.g. 'W2K-SP4' or 'Q823980'")
    .option('-z, --no-restart', 'do not restart when done')
    .option('--power-cut-after <k>', 'cut the power after k primitive operations')
    .option('--output <file>', 'write the image here instead of in place')
    .option('--json', 'print JSON')
    .action(
      action(
        async (
          imageFile: string,
          id: string,
          flags: { restart?: boolean; powerCutAfter?: string; output?: string },
        ) => {
          const image = await WinImage.load(imageFile);
          try {
            const result = await uninstall(image, id, {
              noRestart: flags.restart === false,
              ...(flags.powerCutAfter !== undefined
                ? { powerCutAfter: parseCount(flags.powerCutAfter, '--power-cut-after') }
                : {}),
            });
            if (result.code === 0 || result.code === 3010) await image.save(flags.output ?? imageFile);
            return {
              data: result,
              text: [
                `${id}: result ${result.code}: ${result.message}`,
                `queued renames: ${result.queuedRenames}`,
                `log: ${result.logPath}`,
              ],
              exit: exitFor(result.code),
            };
          } catch (error) {
            if ((error as Error).name === 'PowerCut') await image.save(flags.output ?? imageFile);
            throw error;
          }
        },
      ),
    );

  program
    .command('sfc')
    .description(
      'sfc /scannow: recheck every protected file against the installed catalogs and restore violations',
    )
    .argument('<image>', 'image file (rewritten in place when files are restored)')
    .option('--json', 'print JSON')
    .action(
      action(async (imageFile: string, flags: { json?: boolean }) => {
        const image = await WinImage.load(imageFile);
        const progress = progressReporter(!flags.json);
        const result = await sfc(image, { onProgress: (done, total) => progress.update('sfc', done, total) });
        progress.stop();
        if (result.restored.length || result.dllcacheRefreshed) await image.save(imageFile);
        return {
          data: result,
          text: [
            `scanned ${result.scanned} protected files: ${result.violations.length} violations, ${result.restored.length} restored, ${result.unrestorable.length} could not be restored, ${result.dllcacheRefreshed} dllcache copies refreshed`,
            ...result.violations.map((v) => `violation: ${v.path}: ${v.reason}`),
            ...result.unrestorable.map((path) => `not restored (no good copy, event 64004): ${path}`),
            ...result.rejectedCatalogs.map((c) => `catalog not usable: ${c.path}: ${c.reason}`),
          ],
        };
      }),
    );
}

function parseMethod(method: string): NonNullable<InstallOptions['method']> {
  if (method === 'local' || method === 'cdrom' || method === 'share' || method === 'express') return method;
  throw new InputError(
    'command line',
    `--method must be local, cdrom, share or express, got '${method}'`,
    '--method',
  );
}

/** Maps a Windows result code to the process exit status. */
export function exitFor(code: number): number {
  if (code === 0) return EXIT.ok;
  if (code === 3010 || code === 1641) return EXIT.restartRequired;
  return EXIT.failure;
}

async function extractPackage(pkg: Package, flags: InstallFlags): Promise<CommandResult> {
  const target = resolve(flags.extract ?? flags.slipstream!);
  const files = flags.slipstream ? slipstreamLayout(pkg) : pkg.expand();
  for (const [name, bytes] of files) {
    const path = resolve(target, ...name.split(/[\\/]/));
    if (!path.startsWith(target + sep))
      throw new InputError(pkg.id, `member '${name}' would be written outside ${target}`, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
  }
  const verb = flags.slipstream ? 'integrated into' : 'extracted to';
  return { data: { target, files: files.size }, text: [`${pkg.id}: ${files.size} files ${verb} ${target}`] };
}

/** Slipstreaming (-s): the SP's files flattened into the share's i386 folder, as update.exe integrates them. */
function slipstreamLayout(pkg: Package): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const file of pkg.manifest.files) {
    const name = file.target.split('\\').pop()!;
    out.set(join('i386', name), pkg.member(file.source));
  }
  out.set(
    join('i386', 'svcpack', `${pkg.id}.json`),
    Buffer.from(JSON.stringify({ integrated: pkg.id, level: pkg.manifest.level }, null, 2)),
  );
  return out;
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
