import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors/index.js';
import type { ImageCore } from '../image/index.js';
import { populateRegistry } from '../ops/index.js';
import { hostError } from './host-errors.js';
import { commitDrive, prepareDrive, type ImportOptions, type ImportReport } from './import.js';
import { parseWineReg, type WineRegistry } from './wine-reg.js';

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw hostError(error, path, 'reading the registry file');
  }
}

async function readHive(path: string, root: string, required: boolean): Promise<WineRegistry | undefined> {
  const text = await readOptional(path);
  if (text === undefined) {
    if (required) throw new InputError(path, 'a Wine prefix needs system.reg', path);
    return undefined;
  }
  return parseWineReg(text, root, path);
}

/**
 * Imports a Wine prefix: `<prefix>/drive_c` as C: (or `options.letter`) and `<prefix>/system.reg`
 * into HKLM, `<prefix>/user.reg` (if present) into HKCU. Both registry files are parsed before
 * anything changes, so a malformed one (InputError with line numbers) leaves the image unchanged.
 * Keys Wine marks `#link` (its CurrentControlSet link) are left out and reported in `skipped`.
 */
export async function importWinePrefix(
  image: ImageCore,
  prefix: string,
  options: Partial<ImportOptions> = {},
): Promise<ImportReport> {
  const system = await readHive(join(prefix, 'system.reg'), 'HKLM', true);
  const user = await readHive(join(prefix, 'user.reg'), 'HKCU', false);
  const hives = [system, user].filter((hive): hive is WineRegistry => hive !== undefined);
  const driveOptions: ImportOptions = { ...options, letter: options.letter ?? 'C' };
  const prepared = await prepareDrive(image, join(prefix, 'drive_c'), driveOptions);
  commitDrive(image, prepared, driveOptions);
  let registryValues = 0;
  for (const hive of hives) {
    populateRegistry(image, hive.keys, hive.values);
    registryValues += hive.values.length;
  }
  const links = hives.flatMap((hive) => hive.links);
  const linkFile = (key: string) => join(prefix, key.startsWith('HKCU') ? 'user.reg' : 'system.reg');
  const skipped = [
    ...prepared.report.skipped,
    ...links.map((link) => ({
      hostPath: `${linkFile(link.key)}:${link.line}`,
      reason: `registry key '${link.key}' is a Wine symbolic link; the image keeps its own CurrentControlSet alias`,
    })),
  ];
  return { ...prepared.report, skipped, registryValues };
}
