import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from './spawn.js';

describe('the svcpack command run through its #! line', () => {
  it('starts with a plain node #! line and runs', () => {
    expect(readFileSync(CLI, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    chmodSync(CLI, 0o755);
    const run = spawnSync(CLI, ['--version'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('0.1.0');
    expect(run.status).toBe(0);
  });
});

/** npm's own cmd-shim, the one that writes the `svcpack` launchers when npm installs the package. */
function npmCmdShim(): ((from: string, to: string) => Promise<void>) | undefined {
  const root = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' }).stdout.trim();
  const path = join(root, 'npm', 'node_modules', 'cmd-shim');
  return existsSync(path)
    ? (createRequire(import.meta.url)(path) as (f: string, t: string) => Promise<void>)
    : undefined;
}

describe("npm's launchers for the #! line (what npm writes on Windows and in node_modules/.bin)", () => {
  const cmdShim = npmCmdShim();
  it.skipIf(!cmdShim)(
    'the .cmd, .ps1 and sh launchers run node on the command (an `env -S VAR=a=b` line made them run a program named after the variable)',
    async () => {
      const folder = mkdtempSync(join(tmpdir(), 'svcpack-shim-'));
      const launcher = join(folder, 'svcpack');
      await cmdShim!(CLI, launcher);
      const cmd = readFileSync(`${launcher}.cmd`, 'utf8');
      expect(cmd).toMatch(/"%_prog%"\s+"%dp0%\\[^"]*main\.js" %\*/);
      expect(cmd).toContain('SET "_prog=node"');
      expect(cmd).not.toContain('GLIBC_TUNABLES');
      expect(readFileSync(`${launcher}.ps1`, 'utf8')).toMatch(
        /& "node\$exe"\s+"\$basedir\/[^"]*main\.js" \$args/,
      );
      expect(readFileSync(launcher, 'utf8')).toMatch(/exec node\s+"\$basedir\/[^"]*main\.js" "\$@"/);
      const run = spawnSync(launcher, ['--version'], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe('0.1.0');
    },
  );
});
