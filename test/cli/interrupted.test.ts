/** Output cut short and saves cut short: no stack traces, no half-written files left behind. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLI, lines, removeScratch, scratch, svcpack } from './spawn.js';

// each test spawns the built CLI a few times: slow when the machine is shared
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let dir: string;
let image: string;

beforeAll(async () => {
  dir = scratch('interrupted');
  image = join(dir, 'machine.svcimg');
  expect((await svcpack(['image', 'create', '-o', image])).code).toBe(0);
});

afterAll(removeScratch);

const temporaries = (folder: string) => readdirSync(folder).filter((name) => name.endsWith('.tmp'));

describe('a reader that stops early (| head)', () => {
  it('ends the command quietly: no EPIPE stack trace', async () => {
    // a real pipe to head, as a user types it; --json writes more than the pipe holds, so the
    // command is still writing when head has read its bytes and gone
    const script =
      '"$0" "$1" image ls "$2" \'C:\\WINNT\\system32\' --json | head -c 10 >/dev/null; exit ${PIPESTATUS[0]}';
    const child = spawn('bash', ['-c', script, process.execPath, CLI, image]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('saves that cannot finish leave no .tmp file', () => {
  it('image create -o <existing folder>: exit 2 before writing anything', async () => {
    const folder = join(dir, 'existing-folder');
    mkdirSync(folder);
    const run = await svcpack(['image', 'create', '-o', folder]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toContain('is a folder');
    expect(temporaries(dir)).toEqual([]);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('Ctrl-C (SIGINT) during a save removes the temporary file and exits 130', async () => {
    const folder = scratch('sigint');
    const target = join(folder, 'big.svcimg');
    const child = spawn(process.execPath, [CLI, 'image', 'create', '--files', '60000', '-o', target]);
    const code = await new Promise<number | null>((resolve) => {
      child.on('close', (c) => resolve(c));
      const poll = setInterval(() => {
        if (temporaries(folder).length === 0) return;
        clearInterval(poll);
        child.kill('SIGINT');
      }, 2);
      child.on('close', () => clearInterval(poll));
    });
    expect(code).toBe(130);
    expect(temporaries(folder)).toEqual([]);
    expect(existsSync(target)).toBe(false);
  });
});
