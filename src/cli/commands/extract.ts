import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { InputError } from '../../errors/index.js';
import type { Package } from '../../package/index.js';
import { slipstreamFiles } from '../../servicing/index.js';
import type { CommandResult } from '../output.js';

/** Install's -x and -s: where the package's files go on the host. */
export interface ExtractFlags {
  extract?: string;
  slipstream?: string;
}

/** update.exe -x:DIR (the package's files) or -s:DIR (integrated into a distribution share, see `slipstreamFiles`). */
export async function extractPackage(pkg: Package, flags: ExtractFlags): Promise<CommandResult> {
  const target = resolve(flags.extract ?? flags.slipstream!);
  const files = flags.slipstream ? slipstreamFiles(pkg) : pkg.expand();
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
