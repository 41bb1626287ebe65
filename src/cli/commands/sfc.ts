import type { Command } from 'commander';
import { CATALOG_MAGIC, dllcacheFolder } from '../../catalog/index.js';
import { sfc, type WinImage } from '../../machine/index.js';
import { loadImageFile } from '../load.js';
import { progressReporter } from '../progress.js';
import { action } from '../run.js';
import { holdImageFile } from '../image-lock.js';
import { saveImageShown } from '../save.js';
import { coreOf } from '../../machine/index.js';

/** `svcpack sfc`. */
export function registerSfcCommand(program: Command): void {
  program
    .command('sfc')
    .description(
      'sfc /scannow: recheck every protected file against the installed catalogs and restore violations',
    )
    .argument('<image>', 'image file (rewritten in place when files are restored)')
    .option('--json', 'print JSON')
    .action(
      action(async (imageFile: string, flags: { json?: boolean }) => {
        const progress = progressReporter(flags.json);
        holdImageFile(imageFile);
        const image = await loadImageFile(imageFile, progress);
        const before = image.fork();
        const result = await sfc(image, { onProgress: (done, total) => progress.update('sfc', done, total) });
        progress.stop();
        const refreshed = refreshedCacheCopies(before, image);
        if (result.restored.length || result.dllcacheRefreshed)
          await saveImageShown(image, imageFile, '<image>', progress);
        // Catalogs in Windows' own format (the ones a new image ships besides nt5.cat) are not
        // svcpack's to read: listed in the JSON, not warned about. Damaged ones of its own format are.
        const ownFormat = result.rejectedCatalogs.filter((c) => isOwnFormat(before, c.path));
        const otherFormat = result.rejectedCatalogs.filter((c) => !isOwnFormat(before, c.path));
        return {
          data: { ...result, rejectedCatalogs: ownFormat, otherFormatCatalogs: otherFormat, refreshed },
          text: [
            `scanned ${result.scanned} protected files: ${result.violations.length} violations, ${result.restored.length} restored, ${result.unrestorable.length} could not be restored, ${result.dllcacheRefreshed} dllcache copies refreshed`,
            ...result.violations.map((v) => `violation: ${v.path}: ${v.reason}`),
            ...result.unrestorable.map((path) => `not restored (no good copy, event 64004): ${path}`),
            ...refreshed.map(
              (r) => `dllcache copy ${r.change === 'added' ? 'added' : 'refreshed'}: ${r.path}`,
            ),
            ...ownFormat.map((c) => `catalog not usable (damaged or untrusted): ${c.path}: ${c.reason}`),
          ],
        };
      }),
    );
}

/** Whether a file in the catalog folder starts as svcpack's catalogs do. */
function isOwnFormat(image: WinImage, path: string): boolean {
  try {
    return image.readFile(path).subarray(0, CATALOG_MAGIC.length).toString('latin1') === CATALOG_MAGIC;
  } catch {
    return false;
  }
}

/** The dllcache copies the scan wrote: the files added or changed under the dllcache folder. */
function refreshedCacheCopies(before: WinImage, after: WinImage): Array<{ path: string; change: string }> {
  const folder = `${dllcacheFolder(coreOf(after)).toUpperCase()}\\`;
  return before
    .diff(after)
    .files.filter((f) => f.path.toUpperCase().startsWith(folder) && f.change !== 'removed')
    .map((f) => ({ path: f.path, change: f.change }));
}
