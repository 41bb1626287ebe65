/** Running the built `svcpack` as a user does: a child process, its exit status and its two streams. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The built CLI; SVCPACK_CLI runs another build (to check that a test fails on an older one). */
export const CLI =
  process.env.SVCPACK_CLI ?? join(import.meta.dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `svcpack ...args` to its end: in `cwd`, with `env` (default this process's), `input` on stdin,
 * `nodeArgs` given to node, `script` instead of the unbundled build.
 */
export function svcpack(
  args: string[],
  options: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    input?: string;
    nodeArgs?: string[];
    script?: string;
  } = {},
): Promise<Run> {
  const script = options.script ?? CLI;
  if (!existsSync(script)) throw new Error('run `npm run build` first: the CLI runs from dist/');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: options.env ?? process.env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

const made: string[] = [];

/** A fresh temporary folder for one test file, removed by {@link removeScratch}. */
export function scratch(name: string): string {
  const folder = mkdtempSync(join(tmpdir(), `svcpack-${name}-`));
  made.push(folder);
  return folder;
}

/** Removes the folders {@link scratch} made (images are large). */
export function removeScratch(): void {
  for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** The lines of a stream, without the empty last one. */
export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}
