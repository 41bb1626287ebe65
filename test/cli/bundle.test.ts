/**
 * The command as the package installs it (`bin`: the bundle dist/cli/svcpack.js, scripts/build-cli.mjs)
 * does what the unbundled build does: the same install, the same saved image, the same output, and
 * the worker pool and lazily loaded commands found from the bundle's chunks.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WinImage } from '../../src/machine/index.js';
import { CLI, removeScratch, scratch } from './spawn.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
const ROOT = join(import.meta.dirname, '..', '..');
const BUNDLE = join(ROOT, 'dist', 'cli', 'svcpack.js');

function run(cli: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let dir: string;
beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error('run `npm run build` first: the bundle is built into dist/cli');
  dir = scratch('bundle');
});
afterAll(removeScratch);

describe('the bundled command (the package bin)', () => {
  it("is the package bin and keeps the command's #! line", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      bin: { svcpack: string };
    };
    expect(manifest.bin.svcpack).toBe('dist/cli/svcpack.js');
    expect(readFileSync(BUNDLE, 'utf8').split('\n')[0]).toBe(readFileSync(CLI, 'utf8').split('\n')[0]);
  });

  it('installs as the unbundled build does: same result, same saved image (worker pool included)', async () => {
    const image = join(dir, 'machine.svcimg');
    const pkg = join(dir, 'sp.svcpkg');
    expect((await run(CLI, ['image', 'create', '-o', image, '--files', '1000'])).code).toBe(0);
    expect(
      (await run(CLI, ['package', 'generate', '--level', '4', '--for', image, '-o', pkg, '--files', '40']))
        .code,
    ).toBe(0);
    const outputs: string[] = [];
    const digests: string[] = [];
    for (const [name, cli] of [
      ['unbundled', CLI],
      ['bundle', BUNDLE],
    ] as const) {
      const out = join(dir, `${name}.svcimg`);
      const result = await run(cli, ['install', image, pkg, '-u', '-z', '--output', out, '--json']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(3);
      outputs.push(result.stdout);
      digests.push((await WinImage.load(out)).digest());
    }
    expect(outputs[1]).toBe(outputs[0]);
    expect(digests[1]).toBe(digests[0]);
  });

  it('holds its plain-code dependencies; piscina (which loads its worker file) stays outside', () => {
    const folder = join(ROOT, 'dist', 'cli');
    const code = readdirSync(folder)
      .filter((name) => /\.c?js$/.test(name))
      .map((name) => readFileSync(join(folder, name), 'utf8'))
      .join('\n');
    const imports = (name: string) =>
      new RegExp(`(?:\\bfrom|\\bimport|\\brequire)\\s*\\(?\\s*["']${name}["']`).test(code);
    for (const name of ['zod', 'memfs', 'commander', 'cli-progress', 'xxhash-wasm'])
      expect(imports(name), name).toBe(false);
    expect(imports('piscina')).toBe(true);
  });

  it('ends right after its result: a JSON result larger than a pipe holds arrives whole', async () => {
    const image = join(dir, 'listed.svcimg');
    expect((await run(BUNDLE, ['image', 'create', '-o', image])).code).toBe(0);
    const listed = await run(BUNDLE, ['image', 'ls', image, 'C:\\WINNT\\system32', '--json']);
    expect(listed.code).toBe(0);
    expect(listed.stdout.length).toBeGreaterThan(128 * 1024);
    const entries = JSON.parse(listed.stdout) as { name: string }[];
    expect(entries.map((entry) => entry.name)).toContain('kernel32.dll');
  });

  it('loads a command group on demand (help names every command)', async () => {
    const help = await run(BUNDLE, ['--help']);
    expect(help.code).toBe(0);
    for (const command of ['install', 'sweep', 'scenario', 'bench']) expect(help.stdout).toContain(command);
  });
});
