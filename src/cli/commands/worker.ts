import type { Command } from 'commander';
import { startQueueWorker } from '../../sweep/index.js';
import { action } from '../run.js';
import { wholeOption, type CommandResult } from '../output.js';

/** `svcpack worker --queue redis://...`: serves sweep jobs until SIGINT or SIGTERM. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run sweep jobs from a BullMQ queue (on any machine that reaches the Redis) until stopped')
    .requiredOption('--queue <url>', 'redis://HOST:PORT of the queue')
    .option('--queue-name <name>', 'BullMQ queue name (default svcpack-sweep)')
    .option('--threads <n>', 'worker threads, and so jobs at a time', '1')
    .option('--cache <dir>', 'folder for inputs fetched from Redis (default: a new temporary folder)')
    .option('--lock-ms <ms>', "a job's lock: a killed worker's job goes to another worker after it", '30000')
    .option('--json', 'print events and the final count as JSON')
    .action(
      action(
        async (options: {
          queue: string;
          queueName?: string;
          threads: string;
          cache?: string;
          lockMs: string;
          json?: boolean;
        }): Promise<CommandResult> => {
          let jobs = 0;
          const worker = await startQueueWorker({
            url: options.queue,
            ...(options.queueName ? { queueName: options.queueName } : {}),
            threads: wholeOption(options.threads, 1, '--threads'),
            ...(options.cache ? { cacheDir: options.cache } : {}),
            lockMs: wholeOption(options.lockMs, 30_000, '--lock-ms'),
            onEvent: (event) => {
              if (event.event === 'done') jobs++;
              const line = options.json
                ? JSON.stringify({ ...event, pid: process.pid })
                : `${event.event} ${event.job ?? event.digest}`;
              process.stdout.write(`${line}\n`);
            },
            onError: (error) => process.stderr.write(`svcpack worker: ${error.message}\n`),
          });
          process.stdout.write(
            options.json
              ? `${JSON.stringify({ event: 'ready', pid: process.pid })}\n`
              : `ready (pid ${process.pid})\n`,
          );
          await new Promise<void>((resolve) => {
            process.once('SIGINT', resolve);
            process.once('SIGTERM', resolve);
          });
          await worker.close();
          return { data: { jobs }, text: [`worker stopped after ${jobs} jobs`] };
        },
      ),
    );
}
