/**
 * The BullMQ executor: puts each input in Redis once (by digest), adds one job per task under a
 * fixed id (a resumed sweep adds none twice), and collects finished jobs, recording each once and
 * then removing it. Workers (`startQueueWorker`, `svcpack worker`) run the jobs anywhere.
 */
import { Queue, type Job } from 'bullmq';
import type { Executor, TaskDone } from './executor.js';
import { DEFAULT_QUEUE_NAME, jobId, redisConnection } from './queue-connection.js';
import { putInput } from './queue-inputs.js';
import type { SweepTask, TaskResult } from './types.js';

export interface QueueExecutorOptions {
  /** `redis://HOST:PORT` */
  url: string;
  queueName?: string;
  /** Tries of a task whose worker failed or vanished (default 5). */
  attempts?: number;
  /** How often finished jobs are collected (default 20 ms). */
  pollMs?: number;
  /** Connection trouble (Redis restarting); the executor waits through it. */
  onError?: (error: Error) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class QueueExecutor implements Executor {
  private readonly queue: Queue<SweepTask, TaskResult>;

  constructor(private readonly options: QueueExecutorOptions) {
    this.queue = new Queue<SweepTask, TaskResult>(options.queueName ?? DEFAULT_QUEUE_NAME, {
      connection: redisConnection(options.url),
    });
    this.queue.on('error', (error) => options.onError?.(error));
  }

  private async putInputs(inputs: ReadonlyMap<string, Uint8Array>): Promise<void> {
    const client = await this.queue.client;
    for (const [digest, bytes] of inputs) await putInput(client, digest, bytes);
  }

  private async addJobs(tasks: SweepTask[]): Promise<void> {
    const attempts = this.options.attempts ?? 5;
    for (let i = 0; i < tasks.length; i += 500) {
      await this.queue.addBulk(
        tasks.slice(i, i + 500).map((task) => ({
          name: task.kind,
          data: task,
          opts: { jobId: jobId(task.sweep, task.index), attempts, backoff: { type: 'fixed', delay: 100 } },
        })),
      );
    }
  }

  async run(tasks: SweepTask[], inputs: ReadonlyMap<string, Uint8Array>, done: TaskDone): Promise<void> {
    await this.putInputs(inputs);
    await this.addJobs(tasks);
    const pending = new Map(tasks.map((task) => [jobId(task.sweep, task.index), task]));
    while (pending.size > 0) {
      const collected =
        (await this.collect('completed', pending, done)) + (await this.collect('failed', pending, done));
      if (collected === 0) await sleep(this.options.pollMs ?? 20);
    }
  }

  /** Records this sweep's jobs in `state` and removes them; returns how many. */
  private async collect(
    state: 'completed' | 'failed',
    pending: Map<string, SweepTask>,
    done: TaskDone,
  ): Promise<number> {
    const jobs = (await this.queue.getJobs([state], 0, 999, true)) as (
      Job<SweepTask, TaskResult> | undefined
    )[];
    const ours = jobs.filter(
      (job): job is Job<SweepTask, TaskResult> => job?.id !== undefined && pending.has(job.id),
    );
    for (const job of ours) {
      const task = pending.get(job.id!)!;
      pending.delete(job.id!);
      if (state === 'completed') done(task, { result: job.returnvalue });
      else done(task, { error: `task failed on every try: ${job.failedReason}` });
    }
    await Promise.all(ours.map((job) => job.remove().catch(() => undefined)));
    return ours.length;
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
