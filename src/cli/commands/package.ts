import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import type { Command } from 'commander';
import { generateServicePack } from '../../generate/index.js';
import { InputError } from '../../errors/index.js';
import { PACKAGE_FORMAT_VERSION, Package, defaultSigningKey, parseManifest } from '../../package/index.js';
import { formatBytes, parseCount, table } from '../output.js';
import { loadImageFile, loadPackageFile } from '../load.js';
import { action } from '../run.js';
import { checkNotInput, checkTarget, guardedSave } from '../save.js';
import { listFiles, registerManifestCommands } from './manifest.js';
import { checkPayloadVersions } from './payload-versions.js';

/** `svcpack package build|verify|inspect|generate`. */
export function registerPackageCommands(program: Command): void {
  const pkg = program
    .command('package')
    .description('build, verify, inspect and generate service-pack packages');
  registerPackageBuildCommand(pkg);
  registerManifestCommands(pkg);
  registerPackageVerifyCommand(pkg);
  registerPackageInspectCommand(pkg);
  registerPackageGenerateCommand(pkg);
}

/** `svcpack package build`. */
function registerPackageBuildCommand(pkg: Command): void {
  pkg
    .command('build')
    .description('build a signed .svcpkg from a manifest and a payload folder')
    .argument('<manifest>', 'manifest JSON file')
    .argument('<payload>', 'folder holding the files the manifest names as sources')
    .requiredOption('-o, --output <file>', 'package file to write')
    .option('--compress', 'deflate the payload files that get smaller by it')
    .option(
      '--format-version <n>',
      `package file format: ${PACKAGE_FORMAT_VERSION} (default), or 2 or 1 for readers that predate it`,
    )
    .option('--json', 'print JSON')
    .action(
      action(
        async (
          manifestFile: string,
          payloadDir: string,
          options: { output: string; compress?: boolean; formatVersion?: string },
        ) => {
          checkTarget(options.output, '--output');
          const formatVersion = packageFormat(options.formatVersion);
          const manifest = parseManifest(await readFile(manifestFile, 'utf8'), manifestFile);
          const payload = new Map<string, Uint8Array>();
          const payloadFiles = await listFiles(payloadDir);
          checkNotInput(options.output, '--output', {
            [manifestFile]: 'the manifest',
            ...Object.fromEntries(payloadFiles.map((file) => [file, 'a payload file'])),
          });
          for (const file of payloadFiles) {
            payload.set(relative(payloadDir, file).split(sep).join('/'), await readFile(file));
          }
          checkPayloadVersions(manifest, payload, manifestFile);
          const built = Package.build(manifest, payload, defaultSigningKey(), {
            compress: options.compress === true,
            formatVersion,
          });
          await guardedSave(options.output, '--output', () => built.save(options.output));
          const summary = built.inspect();
          return {
            data: summary,
            text: [
              `wrote ${options.output}: ${summary.id} (${summary.files} files, ${formatBytes(summary.payloadBytes)}, format ${summary.formatVersion})`,
            ],
          };
        },
      ),
    );
}

/** `svcpack package verify`. */
function registerPackageVerifyCommand(pkg: Command): void {
  pkg
    .command('verify')
    .description('check a package: format, integrity hash, signature and every file hash')
    .argument('<file>', 'package file')
    .option('--json', 'print JSON')
    .action(
      action(async (file: string) => {
        const loaded = await loadPackageFile(file);
        const summary = loaded.inspect();
        return {
          data: { ok: true, ...summary },
          text: [`${file}: OK (${summary.id}, signed by ${summary.signer ?? 'nobody'})`],
        };
      }),
    );
}

/** `svcpack package inspect`. */
function registerPackageInspectCommand(pkg: Command): void {
  pkg
    .command('inspect')
    .description('show what a package holds')
    .argument('<file>', 'package file')
    .option('--files', 'list every file')
    .option('--json', 'print JSON')
    .action(
      action(async (file: string, options: { files?: boolean }) => {
        const loaded = await loadPackageFile(file);
        const summary = loaded.inspect();
        const m = loaded.manifest;
        const text = [
          `${m.id}: ${m.title}`,
          `${m.kind}${m.level !== undefined ? ` level ${m.level}` : ''} for ${m.product} (${m.editions.join(', ')}), ${m.language}`,
          `${m.files.length} files, ${formatBytes(summary.payloadBytes)}; ${m.registry.length} registry instructions; signer ${summary.signer ?? 'none'}`,
        ];
        if (options.files) {
          text.push(...table(m.files.map((f) => [f.version ?? '', String(f.size), f.target])));
        }
        return { data: options.files ? { ...summary, manifest: m } : summary, text };
      }),
    );
}

/** `svcpack package generate`. */
function registerPackageGenerateCommand(pkg: Command): void {
  pkg
    .command('generate')
    .description('generate a fixture service pack that fits an image')
    .requiredOption('--level <n>', 'service pack level (1..4)')
    .requiredOption('--for <image>', 'image file it must fit')
    .requiredOption('-o, --output <file>', 'package file to write')
    .option('--files <n>', 'number of files')
    .option('--seed <n>', 'seed', '1')
    .option('--json', 'print JSON')
    .action(
      action(
        async (options: { level: string; for: string; output: string; files?: string; seed: string }) => {
          const level = parseCount(options.level, '--level');
          if (level < 1 || level > 4)
            throw new InputError('command line', `--level must be 1 to 4, got ${level}`, '--level');
          checkTarget(options.output, '--output');
          checkNotInput(options.output, '--output', { [options.for]: 'the image' });
          const image = await loadImageFile(options.for);
          const generated = generateServicePack(image, {
            level,
            seed: parseCount(options.seed, '--seed'),
            ...(options.files ? { files: parseCount(options.files, '--files') } : {}),
          });
          await guardedSave(options.output, '--output', () => generated.save(options.output));
          const summary = generated.inspect();
          return {
            data: summary,
            text: [
              `wrote ${options.output}: ${summary.id} (${summary.files} files, ${formatBytes(summary.payloadBytes)})`,
            ],
          };
        },
      ),
    );
}

/** `--format-version`: a package file format this build writes, or undefined for the default. */
function packageFormat(value: string | undefined): 1 | 2 | 3 | undefined {
  if (value === undefined) return undefined;
  if (value === '1' || value === '2' || value === '3') return Number(value) as 1 | 2 | 3;
  throw new InputError(
    'command line',
    `--format-version must be 1, 2 or 3, got '${value}'`,
    '--format-version',
  );
}
