/**
 * Where the compiled hash worker's entry lives. Piscina workers must be JavaScript, so when this
 * module runs from TypeScript sources (vitest) the worker is taken from `dist/` and must
 * have been built with `npm run build`. The entry is CommonJS (see workers/hash-worker-entry.cts).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The absolute file name of `hash-worker-entry.cjs` for this build.
 * @param moduleUrl the `import.meta.url` to resolve from (defaults to this module's).
 * @throws Error telling to run `npm run build` when the compiled worker is missing.
 */
export function hashWorkerFile(moduleUrl: string = import.meta.url): string {
  const fromSources = moduleUrl.endsWith('.ts');
  const relative = fromSources
    ? '../../dist/workers/hash-worker-entry.cjs'
    : '../../workers/hash-worker-entry.cjs';
  const file = fileURLToPath(new URL(relative, moduleUrl));
  if (!existsSync(file)) {
    throw new Error(
      `hash worker not found at ${file}: run \`npm run build\` first (the worker pool needs the compiled JavaScript worker)`,
    );
  }
  return file;
}
