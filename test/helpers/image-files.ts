/** Image files for a test file: a folder of its own, removed after its tests, and a new name in it per call. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export function imageFiles(prefix: string, letter: string): { folder: string; newPath: () => string } {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  let files = 0;
  return { folder, newPath: () => join(folder, `${letter}${files++}.svcimg`) };
}
