import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

/** The checked-in Wine prefix sample. */
export const WINE_SAMPLE = fileURLToPath(new URL('./samples/wine', import.meta.url));

const made: string[] = [];
afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A fresh empty host folder, removed after the test. */
export async function tempFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'svcpack-host-'));
  made.push(dir);
  return dir;
}

export { peWithVersion, peWithoutVersion } from './pe-builder.js';
