import type { Command } from 'commander';
import { WinImage } from '../../machine/index.js';
import { InputError } from '../../errors/index.js';
import { userHostFolder, userPath } from '../errors.js';
import { loadImageFile } from '../load.js';
import { formatBytes, parseCount, table, type CommandResult } from '../output.js';
import { progressReporter } from '../progress.js';
import { action } from '../run.js';
import { holdImageFile } from '../image-lock.js';
import { checkTarget, saveImageShown } from '../save.js';
import { describeInstalled, installedPackages, type InstalledPackage } from './installed.js';
import { coreOf } from '../../machine/index.js';

const PRESETS = ['win2000-server', 'win2000-professional', 'nt4-enterprise'] as const;

/** `svcpack image create|info|ls|diff|import|export`. */
export function registerImageCommands(program: Command): void {
  const image = program
    .command('image')
    .description('create, inspect, compare, import and export machine images');
  registerImageCreateCommand(image);
  registerImageInfoCommand(image);
  registerImageLsCommand(image);
  registerImageDiffCommand(image);
  registerImageImportCommand(image);
  registerImageExportCommand(image);
}

/** `svcpack image create`. */
function registerImageCreateCommand(image: Command): void {
  image
    .command('create')
    .description('create a machine image file (default: Windows 2000 Server)')
    .requiredOption('-o, --output <file>', 'image file to write')
    .option('--preset <name>', `one of ${PRESETS.join(', ')}`, 'win2000-server')
    .option('--files <n>', 'total number of files (scales the image for benchmarks)')
    .option('--seed <n>', 'varies the generated content', '1')
    .option('--service-pack <n>', 'start at this service pack level', '0')
    .option('--json', 'print JSON')
    .action(
      action(
        async (options: {
          output: string;
          preset: string;
          files?: string;
          seed: string;
          servicePack: string;
          json?: boolean;
        }) => {
          checkTarget(options.output, '--output');
          holdImageFile(options.output);
          const progress = progressReporter(options.json);
          if (!(PRESETS as readonly string[]).includes(options.preset)) {
            throw new InputError(
              'command line',
              `unknown preset '${options.preset}' (expected ${PRESETS.join(', ')})`,
              '--preset',
            );
          }
          progress.begin(
            `creating image: ${options.preset}${options.files ? `, ${options.files} files` : ''}`,
          );
          const created = asCommandLineError(() =>
            WinImage.create({
              preset: options.preset as (typeof PRESETS)[number],
              seed: parseCount(options.seed, '--seed'),
              servicePack: parseCount(options.servicePack, '--service-pack'),
              ...(options.files ? { files: parseCount(options.files, '--files') } : {}),
            }),
          );
          const bytes = await saveImageShown(created, options.output, '--output', progress);
          progress.begin('computing the digest');
          const summary = summarize(created);
          return {
            data: { file: options.output, fileBytes: bytes, ...summary },
            text: [`wrote ${options.output} (${formatBytes(bytes)})`, ...describe(summary)],
          };
        },
      ),
    );
}

/** The option of `image create` that sets each of `WinImage.create`'s layout options. */
const LAYOUT_OPTION_FLAGS: Readonly<Record<string, string>> = {
  preset: '--preset',
  seed: '--seed',
  files: '--files',
  servicePack: '--service-pack',
};

/** `create()`, its layout options' problems reported as the command line's, each naming its option. */
function asCommandLineError<T>(create: () => T): T {
  try {
    return create();
  } catch (error) {
    if (!(error instanceof InputError) || error.source !== 'layout options') throw error;
    throw new InputError(
      'command line',
      error.problems.map((problem) => ({
        where: LAYOUT_OPTION_FLAGS[problem.where] ?? problem.where,
        message: problem.message,
      })),
    );
  }
}

/** `svcpack image info`. */
function registerImageInfoCommand(image: Command): void {
  image
    .command('info')
    .description(
      'summarise an image: volumes, files, product, service pack, installed packages, services, pending renames',
    )
    .argument('<file>', 'image file')
    .option('--json', 'print JSON')
    .action(
      action(async (file: string, options: { json?: boolean }) => {
        const progress = progressReporter(options.json);
        const loaded = await loadImageFile(file, progress);
        progress.begin('computing the digest');
        const summary = summarize(loaded);
        return { data: summary, text: describe(summary) };
      }),
    );
}

/** `svcpack image ls`. */
function registerImageLsCommand(image: Command): void {
  image
    .command('ls')
    .description('list a folder of an image (like dir)')
    .argument('<file>', 'image file')
    .argument('[path]', 'folder, e.g. C:\\WINNT\\system32', 'C:\\')
    .option('--json', 'print JSON')
    .action(
      action(async (file: string, path: string, options: { json?: boolean }) => {
        const loaded = await loadImageFile(file, progressReporter(options.json));
        const base = userPath('[path]', () => loaded.stat(path)).path.replace(/\\$/, '');
        const names = userPath('[path]', () => loaded.readdir(path));
        const entries = names.map((name) => loaded.stat(`${base}\\${name}`));
        const rows = entries.map((e) => [
          e.isDirectory ? '<DIR>' : String(e.size),
          e.version ?? '',
          e.attributes.filter((a) => a !== 'directory' && a !== 'normal').join(','),
          e.name,
        ]);
        return { data: entries, text: table(rows) };
      }),
    );
}

/** `svcpack image diff`. */
function registerImageDiffCommand(image: Command): void {
  image
    .command('diff')
    .description('list the differences from image A to image B (files and registry)')
    .argument('<a>', 'image file A')
    .argument('<b>', 'image file B')
    .option('--json', 'print JSON')
    .action(
      action(async (a: string, b: string) => {
        const [left, right] = await Promise.all([loadImageFile(a), loadImageFile(b)]);
        const diff = left.diff(right);
        const text = [
          ...diff.files.map(
            (f) => `${f.change.padEnd(9)} ${f.path}${f.details ? ` (${f.details.join(', ')})` : ''}`,
          ),
          ...diff.registry.map(
            (r) =>
              `${r.change.padEnd(9)} ${r.key}${r.name !== undefined ? ` : ${r.name || '(Default)'}` : ''}`,
          ),
        ];
        return {
          data: diff,
          text: text.length ? text : ['no differences'],
          exit: text.length ? 1 : 0,
        };
      }),
    );
}

/** `svcpack image import`. */
function registerImageImportCommand(image: Command): void {
  image
    .command('import')
    .description(
      'import a host folder as a drive (or a Wine prefix with --wine) into a new or existing image',
    )
    .argument('<folder>', 'host folder (a mounted volume, or a Wine prefix)')
    .requiredOption('-o, --output <file>', 'image file to write')
    .option('--into <file>', 'add the drive to this existing image instead of an empty one')
    .option('--letter <letter>', 'drive letter', 'C')
    .option('--wine', 'the folder is a Wine prefix: import drive_c as C: and system.reg')
    .option('--json', 'print JSON')
    .action(
      action(
        async (
          folder: string,
          options: { output: string; into?: string; letter: string; wine?: boolean; json?: boolean },
        ) => {
          checkTarget(options.output, '--output');
          holdImageFile(options.output);
          const progress = progressReporter(options.json);
          const target = options.into ? await loadImageFile(options.into, progress) : WinImage.empty();
          const report = await userHostFolder('<folder>', () =>
            options.wine
              ? target.importWinePrefix(folder)
              : target.importHostFolder(folder, { letter: options.letter }),
          );
          const bytes = await saveImageShown(target, options.output, '--output', progress);
          return {
            data: { ...report, file: options.output, bytes },
            text: [
              `imported ${report.files} files, ${report.directories} folders (${formatBytes(report.bytes)}), ${report.versions} file versions read`,
              ...report.skipped.map(
                (s: { hostPath: string; reason: string }) => `skipped ${s.hostPath}: ${s.reason}`,
              ),
              ...report.unreadableVersions.map(
                (u: { hostPath: string; reason: string }) =>
                  `version not read from ${u.hostPath}: ${u.reason}`,
              ),
              `wrote ${options.output}`,
            ],
          };
        },
      ),
    );
}

interface ExportOptions {
  drive: string;
  overwrite?: boolean;
  exactTimes?: boolean;
}

/** `svcpack image export`. */
function registerImageExportCommand(image: Command): void {
  image
    .command('export')
    .description('export a drive of an image to a host folder (never writes outside it)')
    .argument('<file>', 'image file')
    .argument('<folder>', 'host folder')
    .option('--drive <letter>', 'drive to export', 'C')
    .option('--overwrite', 'allow a non-empty target folder')
    .option('--exact-times', "set times to the image's 100 ns (one coreutils touch per such file: slower)")
    .option('--json', 'print JSON')
    .action(
      action(async (file: string, folder: string, options: ExportOptions) => {
        const loaded = await loadImageFile(file);
        const letters = loaded.volumes().map((v) => v.letter.toUpperCase());
        if (!letters.includes(options.drive.replace(/:$/, '').toUpperCase()))
          throw new InputError(
            'command line',
            `the image has no drive '${options.drive}' (it has ${letters.join(', ')})`,
            '--drive',
          );
        const report = await userHostFolder('<folder>', () =>
          loaded.exportDrive(options.drive, folder, {
            overwrite: options.overwrite ?? false,
            exactTimes: options.exactTimes ?? false,
          }),
        );
        return {
          data: report,
          text: [
            `exported ${report.files} files, ${report.directories} folders (${formatBytes(report.bytes)}) to ${folder}`,
            ...(report.inexactTimes
              ? [`${report.inexactTimes} times set to the microsecond (--exact-times sets their 100 ns)`]
              : []),
          ],
        };
      }),
    );
}

interface Summary {
  product: string;
  build: string;
  servicePack: string;
  digest: string;
  volumes: ReturnType<WinImage['volumes']>;
  files: number;
  bytes: number;
  services: { running: number; total: number };
  pendingRenames: number;
  installed: InstalledPackage[];
}

/** The facts `image info` shows. */
export function summarize(image: WinImage): Summary {
  const cv = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';
  const text = (name: string) => {
    const v = image.registry.getValue(cv, name);
    return typeof v?.data === 'string' ? v.data : '';
  };
  const counts = coreOf(image)
    .allVolumes()
    .reduce(
      (acc, volume) => {
        const visit = (entry: typeof volume.root): void => {
          for (const child of entry.children!.values()) {
            if (child.isDir) visit(child);
            else {
              acc.files++;
              acc.bytes += child.size;
            }
          }
        };
        visit(volume.root);
        return acc;
      },
      { files: 0, bytes: 0 },
    );
  const services = image.services();
  return {
    product: text('ProductName'),
    build: text('CurrentBuildNumber'),
    servicePack: text('CSDVersion') || 'none',
    digest: image.digest(),
    volumes: image.volumes(),
    files: counts.files,
    bytes: counts.bytes,
    services: { running: services.filter((s) => s.state === 'running').length, total: services.length },
    pendingRenames: image.pendingRenames().length,
    installed: installedPackages(image),
  };
}

/** `Summary` as lines for people. */
export function describe(s: Summary): CommandResult['text'] {
  return [
    `${s.product || 'unknown product'} build ${s.build || '?'}, service pack: ${s.servicePack}`,
    `${s.files} files, ${formatBytes(s.bytes)}; digest ${s.digest}`,
    ...table(
      s.volumes.map((v) => [
        `${v.letter}:`,
        v.type,
        v.label,
        `${formatBytes(v.capacity)} total`,
        `${formatBytes(v.free)} free`,
        `${v.clusterSize} B clusters`,
      ]),
    ),
    `services: ${s.services.running} running of ${s.services.total}; pending renames: ${s.pendingRenames}`,
    ...describeInstalled(s.installed),
  ];
}
