import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ResEdit from 'resedit';
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

/** A minimal PE image (built with resedit) whose version resource says `version`. */
export function peWithVersion(version: string): Uint8Array {
  const executable = ResEdit.NtExecutable.createEmpty();
  const resources = ResEdit.NtExecutableResource.from(executable);
  const info = ResEdit.Resource.VersionInfo.createEmpty();
  info.lang = 1033;
  info.setFileVersion(version, 1033);
  info.outputToResourceEntries(resources.entries);
  resources.outputResource(executable);
  return new Uint8Array(executable.generate());
}

/** A minimal PE image without a version resource. */
export function peWithoutVersion(): Uint8Array {
  return new Uint8Array(ResEdit.NtExecutable.createEmpty().generate());
}
