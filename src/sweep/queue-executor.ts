/**
 * The BullMQ executor: puts each input in Redis once (by digest), adds one job per task under a
 * fixed id (a resumed sweep adds none twice), and collects finished jobs, recording each once and
 * then removing it. Workers (`startQueueWorker`, `svcpack worker`) run the jobs anywhere.
 */
import { Queue, QueueEvents, type Job } from 'bullmq';
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
  /**
   * How long to wait for word of a finished job before looking anyway (default 500 ms): jobs are
   * collected when the queue's events say one finished, not by polling, so the coordinator spends
   * no CPU between them (on a 2-core machine that CPU was the workers').
   */
  pollMs?: number;
  /** Connection trouble (Redis restarting); the executor waits through it. */
  onError?: (error: Error) => void;
}

export class QueueExecutor implements Executor {
  private readonly queue: Queue<SweepTask, TaskResult>;
  private readonly events: QueueEvents;
  private wake: (() => void) | undefined;

  constructor(private readonly options: QueueExecutorOptions) {
    const name = options.queueName ?? DEFAULT_QUEUE_NAME;
    this.queue = new Queue<SweepTask, TaskResult>(name, { connection: redisConnection(options.url) });
    this.queue.on('error', (error) => options.onError?.(error));
    this.events = new QueueEvents(name, { connection: redisConnection(options.url) });
    this.events.on('error', (error) => options.onError?.(error));
    const finished = () => this.wake?.();
    this.events.on('completed', finished);
    this.events.on('failed', finished);
  }

  /** Settles when the queue's events say a job finished, or after `pollMs` whatever happens. */
  private nextFinish(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(), this.options.pollMs ?? 500);
      const settle = () => {
        clearTimeout(timer);
        if (this.wake === settle) this.wake = undefined;
        resolve();
      };
      this.wake = settle;
    });
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
    await this.events.waitUntilReady();
    await this.putInputs(inputs);
    await this.addJobs(tasks);
    const pending = new Map(tasks.map((task) => [jobId(task.sweep, task.index), task]));
    while (pending.size > 0) {
      // armed before collecting, so a job that finishes meanwhile is not waited for
      const finished = this.nextFinish();
      const collected =
        (await this.collect('completed', pending, done)) + (await this.collect('failed', pending, done));
      if (collected === 0) await finished;
      else this.wake?.(); // its timer goes
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

  async close(): Promise<void> {
    this.wake?.();
    await this.events.close();
    await this.queue.close();
  }
}
