/**
 * A queue worker: takes sweep jobs from BullMQ and runs them on its own piscina threads. Each input
 * is fetched from Redis once and kept in the worker's cache folder; a worker killed mid-task leaves
 * its job's lock to expire, and another worker's stalled-job check gives the job to someone else.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker, type Job } from 'bullmq';
import { storeInput } from './inputs.js';
import { DEFAULT_QUEUE_NAME, redisConnection } from './queue-connection.js';
import { getInput } from './queue-inputs.js';
import { SweepThreads } from './thread-pool.js';
import { taskInputs, type SweepTask, type TaskResult } from './types.js';

export interface QueueWorkerOptions {
  url: string;
  queueName?: string;
  /** Threads, and so jobs at a time (default 1). */
  threads?: number;
  /** Where fetched inputs are kept (default: a new temporary folder). */
  cacheDir?: string;
  /** How long a job's lock lasts without renewal: a killed worker's job is retried after it (default 30 s). */
  lockMs?: number;
  /** A job started or finished, an input fetched. */
  onEvent?: (event: { event: 'start' | 'done' | 'fetch'; job?: string; digest?: string }) => void;
  onError?: (error: Error) => void;
}

export interface QueueWorker {
  /** Waits for the running jobs, then stops. */
  close(): Promise<void>;
}

export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const threadCount = options.threads ?? 1;
  const cacheDir = options.cacheDir ?? mkdtempSync(join(tmpdir(), 'svcpack-worker-'));
  const threads = new SweepThreads(threadCount, cacheDir);
  const fetching = new Map<string, Promise<void>>();
  const lockMs = options.lockMs ?? 30_000;
  let fetchInput: (digest: string) => Promise<void> = () => Promise.resolve();

  const ensureInput = (digest: string): Promise<void> => {
    if (existsSync(join(cacheDir, digest))) return Promise.resolve();
    let pending = fetching.get(digest);
    if (!pending) {
      pending = fetchInput(digest).finally(() => fetching.delete(digest));
      fetching.set(digest, pending);
    }
    return pending;
  };

  const worker = new Worker<SweepTask, TaskResult>(
    options.queueName ?? DEFAULT_QUEUE_NAME,
    async (job: Job<SweepTask, TaskResult>) => {
      options.onEvent?.({ event: 'start', job: job.id });
      for (const digest of taskInputs(job.data)) await ensureInput(digest);
      const result = await threads.run(job.data);
      options.onEvent?.({ event: 'done', job: job.id });
      return result;
    },
    {
      connection: redisConnection(options.url),
      concurrency: threadCount,
      lockDuration: lockMs,
      stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
      maxStalledCount: 3,
    },
  );
  worker.on('error', (error) => options.onError?.(error));
  fetchInput = async (digest) => {
    const client = await worker.client;
    const bytes = await getInput(client, digest);
    if (bytes === undefined) throw new Error(`input ${digest} is not in Redis: start the sweep again`);
    storeInput(cacheDir, digest, bytes);
    options.onEvent?.({ event: 'fetch', digest });
  };
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      await threads.close();
    },
  };
}
