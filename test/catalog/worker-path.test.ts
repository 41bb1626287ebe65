import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hashWorkerFile } from '../../src/catalog/index.js';

describe('hashWorkerFile', () => {
  it('from TypeScript sources resolves the compiled worker under dist/', () => {
    const file = hashWorkerFile();
    expect(file.replaceAll('\\', '/')).toMatch(/\/dist\/workers\/hash-worker-entry\.cjs$/);
    expect(existsSync(file)).toBe(true);
  });

  it('from compiled JavaScript resolves the worker beside dist/src', () => {
    const url = pathToFileURL(`${process.cwd()}/dist/src/catalog/worker-path.js`).href;
    expect(hashWorkerFile(url).replaceAll('\\', '/')).toBe(
      `${process.cwd()}/dist/workers/hash-worker-entry.cjs`,
    );
  });

  it('tells to run npm run build when the worker is missing', () => {
    const url = pathToFileURL('/nonexistent-svcpack/src/catalog/worker-path.ts').href;
    expect(() => hashWorkerFile(url)).toThrow(/npm run build/);
  });
});
