/** Code under test that imports node:fs directly: a log rotator for a Windows service. */
import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { win32 } from 'node:path';

/** Rotates `name` in `folder`: name.1 becomes name.2 ..., name becomes name.1, a fresh name is started. */
export function rotateLog(folder: string, name: string, keep: number): string[] {
  for (let i = keep - 1; i >= 1; i--) {
    const from = win32.join(folder, `${name}.${i}`);
    if (existsSync(from)) renameSync(from, win32.join(folder, `${name}.${i + 1}`));
  }
  const current = win32.join(folder, name);
  if (existsSync(current)) renameSync(current, win32.join(folder, `${name}.1`));
  writeFileSync(current, `started\r\n`);
  return readdirSync(folder);
}

export function readIni(path: string): string {
  return readFileSync(path, 'latin1');
}

export function readIniAsync(path: string): Promise<string> {
  return readFile(path, 'latin1');
}
