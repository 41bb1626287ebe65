/** A private redis-server (Debian's package) with an append-only file, and svcpack worker processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** redis-server on its own port and folder, every write in the append-only file before it is acknowledged. */
export class RedisServer {
  private child: ChildProcess | undefined;

  constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
      child.once('error', reject);
    });
  }

  /** SIGKILL: what is acknowledged is in the append-only file. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await exited(child);
    this.child = undefined;
  }
}

/** A `svcpack worker --json` process and the events it printed. */
export class WorkerProcess {
  readonly child: ChildProcess;
  readonly events: { event: string; job?: string }[] = [];
  private readonly waiters: (() => void)[] = [];

  constructor(url: string, queueName: string, lockMs: number) {
    const main = join(import.meta.dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');
    this.child = spawn(
      process.execPath,
      [main, 'worker', '--queue', url, '--queue-name', queueName, '--lock-ms', String(lockMs), '--json'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      try {
        this.events.push(JSON.parse(line) as { event: string; job?: string });
      } catch {
        return;
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.child.stderr!.resume();
  }

  /** Resolves with the first event that satisfies `test` (already printed or to come). */
  async waitFor(
    test: (event: { event: string; job?: string }) => boolean,
  ): Promise<{ event: string; job?: string }> {
    for (;;) {
      const found = this.events.find(test);
      if (found) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  started(): string[] {
    return this.events.filter((e) => e.event === 'start').map((e) => e.job!);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await exited(this.child);
  }
}
