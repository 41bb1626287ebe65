/**
 * A bench script run in a child `node` of its own (fresh heap, its own peak memory), reporting one
 * line on its standard output: `TAG ` and JSON. What it writes to standard error is kept for the
 * error when it fails.
 */
import { spawn } from 'node:child_process';

/**
 * Runs `node ...nodeArgs` with `env` and gives the JSON of its `TAG ` line; rejects when the child
 * fails or prints no such line, with the end of what it wrote.
 */
export function runForLine<T>(nodeArgs: readonly string[], tag: string, env = process.env): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (err += text));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(`${tag} `));
      if (code !== 0 || !line)
        reject(new Error(`node ${nodeArgs.join(' ')} exited ${code}: ${(err || out).slice(-500)}`));
      else resolve(JSON.parse(line.slice(tag.length + 1)) as T);
    });
  });
}
