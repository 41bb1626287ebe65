import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../../errors/index.js';
import { readPeVersion } from '../../host/index.js';
import { fileHashes, manifestSchema, validateManifest, type Manifest } from '../../package/index.js';
import { action } from '../run.js';
import { checkTarget } from '../save.js';

interface InitOptions {
  output?: string;
  id: string;
  kind: string;
  level?: string;
  title?: string;
  force?: boolean;
}

/** `svcpack package init` and `svcpack package schema`: writing a manifest by hand. */
export function registerManifestCommands(pkg: Command): void {
  pkg
    .command('init')
    .description(
      'write a manifest skeleton for a payload folder: every file with its size, hashes and version filled in',
    )
    .argument('<payload>', 'folder holding the files to ship (their paths become the sources)')
    .option('-o, --output <file>', 'manifest file to write (default: print it)')
    .option('--id <id>', 'package id, such as Q823980 or W2K-SP5', 'Q000000')
    .option('--kind <kind>', 'hotfix or servicePack', 'hotfix')
    .option('--level <n>', 'service pack level (for --kind servicePack)')
    .option('--title <text>', 'title (default: from the id)')
    .option('--force', 'replace an existing manifest file')
    .action(
      action(async (payloadDir: string, options: InitOptions) => {
        if (options.output !== undefined) checkTarget(options.output, '--output');
        const manifest = await manifestSkeleton(payloadDir, options);
        const text = `${JSON.stringify(manifest, null, 2)}\n`;
        if (options.output === undefined) return { data: manifest, text: [text.trimEnd()] };
        await writeFile(options.output, text, { flag: options.force ? 'w' : 'wx' }).catch((error) => {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST')
            throw new InputError(
              'command line',
              `'${options.output}' exists: use --force to replace it`,
              '--output',
            );
          throw error;
        });
        return {
          data: manifest,
          text: [
            `wrote ${options.output}: ${manifest.files.length} files; check each target, then: svcpack package build ${options.output} ${payloadDir} -o ${manifest.id}.svcpkg`,
          ],
        };
      }),
    );

  pkg
    .command('schema')
    .description("print the manifest's JSON Schema (generated from the schema svcpack validates with)")
    .action(
      action(async () => ({
        data: manifestJsonSchema(),
        text: [JSON.stringify(manifestJsonSchema(), null, 2)],
      })),
    );
}

/** The JSON Schema of a manifest as written by hand (fields with defaults are optional). */
export function manifestJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(manifestSchema, { io: 'input' }),
    title: 'svcpack package manifest',
    description:
      'update/manifest.json of a svcpack package. Checks across fields (duplicate targets, prerequisites) are made by svcpack itself.',
  };
}

async function manifestSkeleton(payloadDir: string, options: InitOptions): Promise<Manifest> {
  if (options.kind !== 'hotfix' && options.kind !== 'servicePack')
    throw new InputError(
      'command line',
      `--kind must be hotfix or servicePack, got '${options.kind}'`,
      '--kind',
    );
  const files: Manifest['files'] = [];
  for (const file of await listFiles(payloadDir)) {
    const bytes = await readFile(file);
    const source = relative(payloadDir, file).split(sep).join('/');
    const version = readPeVersion(bytes);
    files.push({
      source,
      target: `%SystemRoot%\\system32\\${source.split('/').pop()}`,
      ...(version ? { version } : {}),
      ...(await fileHashes(bytes)),
    });
  }
  if (files.length === 0)
    throw new InputError('command line', `'${payloadDir}' holds no files to ship`, '<payload>');
  const level = options.level === undefined ? undefined : Number(options.level);
  const manifest: Manifest = {
    schema: 1,
    id: options.id,
    title:
      options.title ?? (options.kind === 'hotfix' ? `Hotfix ${options.id}` : `Service Pack ${level ?? ''}`),
    product: 'Windows 2000',
    kind: options.kind,
    ...(level !== undefined ? { level } : {}),
    editions: ['Professional', 'Server', 'Advanced Server', 'Datacenter Server'],
    language: 'en-US',
    prerequisites: {},
    supersedes: [],
    includesHotfixes: [],
    files,
    registry: [],
    tasks: [],
  };
  // the skeleton must be a manifest that builds: the same checks as `package build`
  return validateManifest(manifest, 'manifest skeleton');
}

/** Every file under a folder, in name order. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const full = join(dir, name);
    if ((await stat(full)).isDirectory()) out.push(...(await listFiles(full)));
    else out.push(full);
  }
  return out;
}
