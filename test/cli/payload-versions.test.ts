/**
 * `package build` checks each declared version against the payload file's own version resource:
 * real DLLs from Debian's Wine, the command spawned as a user runs it.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { removeScratch, scratch, svcpack } from './spawn.js';

vi.setConfig({ testTimeout: 120_000 });

const WINE_PE = '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows';

afterAll(removeScratch);

async function initPackage(dir: string): Promise<{ manifest: string; payload: string; files: unknown[] }> {
  const payload = join(dir, 'payload');
  mkdirSync(payload);
  copyFileSync(join(WINE_PE, 'psapi.dll'), join(payload, 'psapi.dll'));
  writeFileSync(join(payload, 'readme.txt'), 'not a program');
  const manifest = join(dir, 'manifest.json');
  const init = await svcpack(['package', 'init', payload, '--id', 'Q555555', '-o', manifest]);
  expect(init.code, init.stderr).toBe(0);
  return { manifest, payload, files: JSON.parse(readFileSync(manifest, 'utf8')).files };
}

describe('package build: declared versions against the files', () => {
  it('builds when the manifest declares what the files hold (package init fills it in)', async () => {
    const dir = scratch('payload-versions-ok');
    const { manifest, payload } = await initPackage(dir);
    const built = await svcpack(['package', 'build', manifest, payload, '-o', join(dir, 'q.svcpkg')]);
    expect(built.code, built.stderr).toBe(0);
  });

  it('refuses a declared version the DLL does not have, or none for a DLL that has one, naming each (exit 2, nothing written)', async () => {
    const dir = scratch('payload-versions-bad');
    const { manifest, payload, files } = await initPackage(dir);
    const entries = files as { source: string; version?: string }[];
    const psapi = entries.findIndex((file) => file.source === 'psapi.dll');
    expect(entries[psapi].version).toBe('5.1.2600.3264');
    for (const [declared, message] of [
      ['99.0.0.0', "declares 99.0.0.0, but 'psapi.dll' has version 5.1.2600.3264 in its version resource"],
      [undefined, "'psapi.dll' has version 5.1.2600.3264 in its version resource: declare it"],
    ] as const) {
      const changed = entries.map((file, i) => (i === psapi ? { ...file, version: declared } : file));
      writeFileSync(
        manifest,
        JSON.stringify({ ...JSON.parse(readFileSync(manifest, 'utf8')), files: changed }),
      );
      const out = join(dir, 'q.svcpkg');
      const run = await svcpack(['package', 'build', manifest, payload, '-o', out, '--json']);
      expect(run.code).toBe(2);
      expect(JSON.parse(run.stdout).problems).toEqual([
        { where: `/files/${psapi}/version`, message: expect.stringContaining(message) },
      ]);
      expect(existsSync(out)).toBe(false);
    }
  });
});
