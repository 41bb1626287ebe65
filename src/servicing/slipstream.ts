import type { Package } from '../package/index.js';

/**
 * Slipstreaming (update.exe -s:DIR): the files a service pack leaves in a distribution share, by
 * their path in the share (`/`-separated). Its files are flattened into the share's `i386` folder,
 * as update.exe integrates them, with a note of the integrated package under `i386/svcpack`.
 */
export function slipstreamFiles(pkg: Package): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const file of pkg.manifest.files) {
    const name = file.target.split('\\').pop()!;
    files.set(`i386/${name}`, pkg.member(file.source));
  }
  files.set(
    `i386/svcpack/${pkg.id}.json`,
    Buffer.from(JSON.stringify({ integrated: pkg.id, level: pkg.manifest.level }, null, 2)),
  );
  return files;
}
