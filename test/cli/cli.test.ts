import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { payloadFor, sampleManifest } from '../package/samples.js';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');

async function svcpack(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dir: string;
let image: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('run `npm run build` first: the CLI runs from dist/');
  dir = mkdtempSync(join(tmpdir(), 'svcpack-cli-'));
  image = join(dir, 'machine.svcimg');
  const created = await svcpack('image', 'create', '-o', image, '--json');
  expect(created.code).toBe(0);
});

describe('svcpack command line', () => {
  it('image info --json describes the machine', async () => {
    const { code, stdout } = await svcpack('image', 'info', image, '--json');
    expect(code).toBe(0);
    const info = JSON.parse(stdout);
    expect(info.build).toBe('2195');
    expect(info.volumes.map((v: { letter: string }) => v.letter)).toEqual(['C', 'D']);
  });

  it('image ls lists a folder with versions', async () => {
    const { code, stdout } = await svcpack('image', 'ls', image, 'C:\\WINNT\\system32');
    expect(code).toBe(0);
    expect(stdout).toMatch(/5\.0\.2195\.\d+\s+\S*\s*kernel32\.dll/);
  });

  it('package generate, verify, then install with -z: exit 3 (3010) and pending renames listed', async () => {
    const pkg = join(dir, 'sp4.svcpkg');
    expect((await svcpack('package', 'generate', '--level', '4', '--for', image, '-o', pkg)).code).toBe(0);
    expect((await svcpack('package', 'verify', pkg)).code).toBe(0);
    const installed = join(dir, 'installed.svcimg');
    const result = await svcpack('install', image, pkg, '-q', '-z', '--output', installed, '--json');
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).code).toBe(3010);
    const pending = await svcpack('pending', installed, '--json');
    expect(JSON.parse(pending.stdout).length).toBeGreaterThan(0);
    const booted = await svcpack('reboot', installed, '--json');
    expect(booted.code).toBe(0);
    expect(JSON.parse(booted.stdout).counts.failed).toBe(0);
    expect(JSON.parse((await svcpack('pending', installed, '--json')).stdout)).toEqual([]);
  });

  it('package build writes format 3, or an older format on request, compressed or not', async () => {
    const manifest = sampleManifest();
    const manifestFile = join(dir, 'manifest.json');
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const payloadDir = join(dir, 'payload');
    for (const [name, bytes] of payloadFor(manifest)) {
      mkdirSync(join(payloadDir, name, '..'), { recursive: true });
      writeFileSync(join(payloadDir, name), bytes);
    }
    const sizes: number[] = [];
    for (const extra of [[], ['--format-version', '2'], ['--format-version', '1', '--compress']]) {
      const out = join(dir, `built-${extra.join('')}.svcpkg`);
      const built = await svcpack(
        'package',
        'build',
        manifestFile,
        payloadDir,
        '-o',
        out,
        '--json',
        ...extra,
      );
      expect(built.code, built.stderr).toBe(0);
      const expected = extra.length === 0 ? 3 : Number(extra[1]);
      expect(readFileSync(out).readUInt16LE(6)).toBe(expected);
      const verified = await svcpack('package', 'verify', out, '--json');
      expect(verified.code).toBe(0);
      expect(JSON.parse(verified.stdout)).toMatchObject({
        ok: true,
        id: manifest.id,
        formatVersion: expected,
      });
      sizes.push(readFileSync(out).length);
    }
    // formats 3 and 2 differ only in where the member bytes are; format 1's integrity field is 24
    // bytes longer, and deflate keeps only the members it shrinks
    expect(sizes[1]).toBe(sizes[0]);
    expect(sizes[2]).toBeLessThanOrEqual(sizes[0] + 24);
    const bad = await svcpack(
      'package',
      'build',
      manifestFile,
      payloadDir,
      '-o',
      join(dir, 'x.svcpkg'),
      '--format-version',
      '4',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--format-version must be 1, 2 or 3, got '4'");
    expect(existsSync(join(dir, 'x.svcpkg'))).toBe(false);
  });

  it('bad input exits 2 with a precise message and changes nothing', async () => {
    const damaged = join(dir, 'damaged.svcimg');
    const bytes = readFileSync(image);
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(damaged, bytes);
    const result = await svcpack('image', 'info', damaged, '--json');
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: 'InputError' });
    expect(readFileSync(damaged).equals(bytes)).toBe(true);
    const badSwitch = await svcpack('image', 'create', '-o', join(dir, 'x.svcimg'), '--preset', 'win95');
    expect(badSwitch.code).toBe(2);
    expect(badSwitch.stderr).toContain('unknown preset');
  });

  it('a refused install exits 1 and leaves the image file as it was', async () => {
    const pkg = join(dir, 'sp1.svcpkg');
    await svcpack('package', 'generate', '--level', '1', '--for', image, '-o', pkg, '--files', '20');
    const before = readFileSync(image);
    const result = await svcpack('install', image, pkg, '--cancel', '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).code).toBe(1602);
    expect(readFileSync(image).equals(before)).toBe(true);
  });

  it('demo runs the main job and restores the digest', async () => {
    const { code, stdout } = await svcpack('demo', '--json');
    expect(code).toBe(0);
    const demo = JSON.parse(stdout);
    expect(demo.install.code).toBe(3010);
    expect(demo.pendingRenames).toBeGreaterThan(0);
    expect(demo.restored).toBe(true);
    expect(demo.digests.installed).not.toBe(demo.digests.original);
  });
});

describe('svcpack scenario', () => {
  it('runs every sample scenario green', async () => {
    for (const name of ['terminal-server', 'rolling-upgrade', 'staged-client', 'power-cut-install']) {
      const file = join(import.meta.dirname, '..', '..', 'fixtures', 'scenarios', `${name}.json`);
      const { code, stdout } = await svcpack('scenario', file, '--json');
      expect(JSON.parse(stdout).ok, name).toBe(true);
      expect(code, name).toBe(0);
    }
  });

  it('a malformed scenario exits 2 naming where', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({ name: 'bad', steps: [{ install: { on: 'nowhere' } }, { bogus: {} }] }),
    );
    const { code, stdout } = await svcpack('scenario', file, '--json');
    expect(code).toBe(2);
    expect(
      JSON.parse(stdout)
        .problems.map((p: { where: string }) => p.where)
        .join(' '),
    ).toMatch(/\/steps\/\d/);
  });
});
