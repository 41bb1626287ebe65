/**
 * Where the compiled hash worker lives. Piscina workers must be JavaScript, so when this
 * module runs from TypeScript sources (vitest) the worker is taken from `dist/` and must
 * have been built with `npm run build`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The absolute file name of `hash-worker.js` for this build.
 * @param moduleUrl the `import.meta.url` to resolve from (defaults to this module's).
 * @throws Error telling to run `npm run build` when the compiled worker is missing.
 */
export function hashWorkerFile(moduleUrl: string = import.meta.url): string {
  const fromSources = moduleUrl.endsWith('.ts');
  const relative = fromSources ? '../../dist/workers/hash-worker.js' : '../../workers/hash-worker.js';
  const file = fileURLToPath(new URL(relative, moduleUrl));
  if (!existsSync(file)) {
    throw new Error(
      `hash worker not found at ${file}: run \`npm run build\` first (the worker pool needs the compiled JavaScript worker)`,
    );
  }
  return file;
}
