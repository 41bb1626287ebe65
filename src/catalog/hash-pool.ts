/**
 * SHA-256 (and, on request, xxh64) of many items in a piscina pool of worker threads.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { sha256Hex, xxh64Hex } from './hash-inline.js';
import {
  describeBatch,
  isShared,
  jobFailure,
  mostlyCopied,
  planBatches,
  storeBatchResult,
  type HashBatch,
  type JobDigests,
} from './hash-batches.js';
import type { HashAlgorithm, HashJob, HashTask, HashTaskResult, WorkerFailure } from './hash-task.js';
import { hashWorkerFile } from './worker-path.js';

export type { HashAlgorithm, WorkerFailure } from './hash-task.js';

const MiB = 1024 * 1024;
/** Tasks grow to this size at most, so a job still spreads over every thread. */
const MAX_TASK_BYTES = 8 * MiB;
/** Big jobs are cut into at least this many tasks per thread. */
const TASKS_PER_THREAD = 8;
/** Tasks a worker holds at once, queued in its port (see `pool`). */
const TASKS_IN_WORKER = 3;

/** Options of a `HashPool`. */
export interface HashPoolOptions {
  /**
   * Worker threads. Default: one per core but one, because the calling thread hashes too (see
   * `HashAllOptions.callerHelps`).
   */
  threads?: number;
  /**
   * Minimum bytes per worker task; many small items share a task. Default 1 MiB. Big jobs use
   * bigger tasks (up to 8 MiB, at least eight per thread), because each task costs a round trip.
   */
  batchBytes?: number;
  /** Jobs with fewer total bytes than this (or a single batch) are hashed inline. Default 8 MiB. */
  inlineBelowBytes?: number;
  /** Compiled worker file to use instead of the built `hash-worker-entry.cjs`. */
  workerFile?: string;
}

/** Where `hashAll` computes the digests. */
export type HashMode = 'auto' | 'inline' | 'pool';

/** Options of one `hashAll` call. */
export interface HashAllOptions {
  algorithm: HashAlgorithm;
  /**
   * `'auto'` (default): a job goes to the pool unless it is small. xxh64 stays inline when most
   * of the job would have to be copied, since it hashes about as fast as the bytes can be copied
   * for a worker. `'inline'` and `'pool'` force a path.
   */
  mode?: HashMode;
  /**
   * Whether the calling thread also hashes batches while it waits for the workers, taking them from
   * the end of the job as the workers take them from the start (so the split follows the speed of
   * each side) and hashing them where they lie, with no copy. Default true: the pool's default size
   * leaves a core for it. Pass false when the caller has other work to do meanwhile.
   */
  callerHelps?: boolean;
  /** Test hook: the worker handling this batch index fails (see `failHow`); the caller never takes it. */
  failOnBatch?: number;
  /** Test hook: how the worker fails. Default `'throw'`. */
  failHow?: WorkerFailure;
}

/**
 * A pool of hash workers. Threads start on the first job that needs them (or on `start()`); call
 * `close()` when done so the process can exit.
 *
 * An item whose bytes lie in a `SharedArrayBuffer` is hashed by the worker where it lies (no copy
 * at all). Other items are copied into one pool-owned buffer per task, moved to the worker with
 * `transferList` and moved back with the digests, so the caller's buffers are never detached.
 * Between jobs the pool keeps a few such buffers (two per thread, each a little bigger than a
 * task) for reuse.
 */
export class HashPool {
  /** Worker threads the pool runs. */
  readonly threads: number;
  /** Minimum bytes per task. */
  readonly batchBytes: number;
  /** Below this many total bytes a job stays inline. */
  readonly inlineBelowBytes: number;
  private readonly workerFile: string | undefined;
  private piscina: Piscina<HashTask, HashTaskResult> | undefined;
  private closing: Promise<void> | undefined;
  /** Packed buffers the workers moved back, reused so each task does not fault in fresh memory. */
  private spareBuffers: ArrayBuffer[] = [];
  /** Tasks handed to piscina and not settled yet. */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Broken piscina pools being destroyed. */
  private readonly destroying: Promise<void>[] = [];
  /** Jobs under way, told when a worker fails outside any task (e.g. while loading). */
  private readonly failJobs = new Set<(cause: unknown) => void>();

  constructor(options: HashPoolOptions = {}) {
    this.threads = Math.max(1, Math.floor(options.threads ?? availableParallelism() - 1));
    this.batchBytes = Math.max(1, options.batchBytes ?? MiB);
    this.inlineBelowBytes = Math.max(0, options.inlineBelowBytes ?? 8 * MiB);
    this.workerFile = options.workerFile;
  }

  /** True once `close()` has been called. */
  get closed(): boolean {
    return this.closing !== undefined;
  }

  /**
   * The hex digest of every item, in input order.
   * @throws Error naming the batch when a worker throws or exits; Error when the pool is closed.
   */
  async hashAll(items: readonly Uint8Array[], options: HashAllOptions): Promise<string[]> {
    return (await this.hashJob(items, options.algorithm, options)).digests;
  }

  /**
   * The SHA-256 and the xxh64 of every item, in input order, each item's bytes read once for both
   * (one job: half the tasks and round trips of two `hashAll` calls). `options` as for `hashAll`.
   * @throws as `hashAll` does.
   */
  async hashBoth(
    items: readonly Uint8Array[],
    options: Omit<HashAllOptions, 'algorithm'> = {},
  ): Promise<{ sha256: string[]; xxh64: string[] }> {
    const { digests, xxh64 } = await this.hashJob(items, 'sha256+xxh64', { ...options, algorithm: 'sha256' });
    return { sha256: digests, xxh64: xxh64 ?? [] };
  }

  private async hashJob(
    items: readonly Uint8Array[],
    job: HashJob,
    options: HashAllOptions,
  ): Promise<JobDigests> {
    if (this.closing) throw new Error('HashPool.hashAll: the pool is closed');
    const batches = planBatches(items, this.taskBytes(items, options));
    if (batches.length === 0 || this.choosesInline(batches, options)) return hashInlineSync(items, job);
    return this.hashInPool(this.pool(), items, batches, job, options);
  }

  /**
   * Starts the worker threads now rather than on the first job that needs them (a thread takes a
   * few hundred milliseconds to start and load its code): one empty xxh64 task per thread, which
   * also loads the xxh64 code there. Resolves once they have run. Never rejects: a thread that
   * cannot start fails the first real job as well, which reports it. Does nothing once closed.
   */
  async start(): Promise<void> {
    if (this.closing) return;
    let pool: Piscina<HashTask, HashTaskResult>;
    try {
      pool = this.pool();
    } catch {
      return;
    }
    const empty: HashTask = {
      algorithm: 'xxh64',
      batch: -1,
      shared: [],
      memory: [],
      offsets: [],
      lengths: [],
    };
    const runs: Promise<unknown>[] = [];
    for (let i = 0; i < this.threads; i++) {
      const run = pool.run(empty);
      const settled = (): void => void this.inFlight.delete(run);
      this.inFlight.add(run);
      run.then(settled, settled);
      runs.push(run);
    }
    await Promise.allSettled(runs);
  }

  /**
   * Bytes per task for a job: the minimum, raised for big jobs to about an eighth of a thread's
   * share. A job whose items all lie in shared memory (nothing to copy, however big a task) for a
   * caller busy elsewhere goes in as many tasks as the threads take at once: further tasks would
   * wait for the caller's thread to hand them out, and the workers for it (measured: the worker idle
   * half the time while the command loaded its image, and the command then waiting for the hashes).
   */
  private taskBytes(items: readonly Uint8Array[], options: HashAllOptions): number {
    let total = 0;
    let shared = true;
    for (const item of items) {
      total += item.byteLength;
      if (shared && !isShared(item)) shared = false;
    }
    if (shared && options.callerHelps === false)
      return Math.max(this.batchBytes, Math.ceil(total / (this.threads * TASKS_IN_WORKER)));
    const share = Math.floor(total / (this.threads * TASKS_PER_THREAD));
    return Math.max(this.batchBytes, Math.min(MAX_TASK_BYTES, share));
  }

  /** Stops the worker threads after the tasks under way. Safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.spareBuffers = [];
    // Piscina 5 can spin forever if closed while tasks wait in its queue and a worker has died,
    // so let every task settle first (jobs under way finish; a failed job's stragglers drain).
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await Promise.allSettled(this.destroying);
    await this.piscina?.close();
  }

  private choosesInline(batches: HashBatch[], options: HashAllOptions): boolean {
    const mode = options.mode ?? 'auto';
    if (mode !== 'auto') return mode === 'inline';
    let total = 0;
    for (const batch of batches) total += batch.bytes;
    if (batches.length < 2 || total < this.inlineBelowBytes) return true;
    // xxh64 hashes about as fast as the bytes can be copied for a worker, so a job that must be
    // copied stays inline. (With the caller hashing its own share uncopied, the pool measured 0.72 x
    // the time of inline in one full run and 1.18 x in the next: never slower only inline.)
    return options.algorithm === 'xxh64' && mostlyCopied(batches);
  }

  private pool(): Piscina<HashTask, HashTaskResult> {
    if (this.piscina) return this.piscina;
    const filename = this.workerFile ?? hashWorkerFile();
    if (!existsSync(filename)) throw new Error(`HashPool: worker file not found: ${filename}`);
    // Threads start on demand: a worker that cannot load then fails its task instead of being respawned forever.
    const pool = new Piscina<HashTask, HashTaskResult>({
      filename,
      minThreads: 0,
      maxThreads: this.threads,
      // Further tasks wait in the worker's port, so the worker never idles for a round trip. One place
      // more for `start`'s task: piscina counts it until this thread takes its answer, which a busy
      // command does late, and a job's last task would wait here for that meanwhile.
      concurrentTasksPerWorker: TASKS_IN_WORKER + 1,
      // A thread waits for tasks without blocking its event loop, so its code goes on loading
      // meanwhile (hash-worker-entry.cts); tasks are few and big, so the wait's cost does not show.
      atomics: 'async',
      idleTimeout: 30_000,
    });
    pool.on('error', (cause: unknown) => {
      // A late answer for a task piscina has already settled (a failed job's straggler) is harmless.
      if (cause instanceof Error && cause.message.startsWith('Unexpected message from Worker')) return;
      for (const fail of this.failJobs) fail(cause);
      // A failure outside any task (a worker that cannot load) leaves the pool unable to run the tasks
      // still queued: destroy it, which settles them, and start a new one for the next job.
      if (this.piscina === pool) {
        this.piscina = undefined;
        this.destroying.push(pool.destroy());
      }
    });
    this.piscina = pool;
    return pool;
  }

  private takeSpareBuffer(bytes: number): ArrayBuffer | undefined {
    if (bytes === 0) return undefined;
    const spare = this.spareBuffers.pop();
    if (spare !== undefined && spare.byteLength >= bytes) return spare;
    // Room for a batch that overshoots the minimum by a file, so buffers stay reusable.
    return new ArrayBuffer(Math.max(bytes + (bytes >>> 2), 2 * this.batchBytes));
  }

  private keepSpareBuffer(buffer: ArrayBuffer | undefined, limit: number): void {
    if (buffer instanceof ArrayBuffer && this.spareBuffers.length < limit && !this.closing) {
      this.spareBuffers.push(buffer);
    }
  }

  /** Runs one batch on the pool, tracked in `inFlight` until it settles. */
  private startBatch(
    pool: Piscina<HashTask, HashTaskResult>,
    items: readonly Uint8Array[],
    batch: HashBatch,
    job: HashJob,
    options: HashAllOptions,
  ): Promise<HashTaskResult> {
    const { task, packed } = describeBatch(items, batch, job, this.takeSpareBuffer(batch.copyBytes));
    if (options.failOnBatch === batch.index) task.fail = options.failHow ?? 'throw';
    const run = pool.run(task, { transferList: packed === undefined ? [] : [packed] });
    const settled = (): void => void this.inFlight.delete(run);
    this.inFlight.add(run);
    run.then(settled, settled);
    return run;
  }

  private hashInPool(
    pool: Piscina<HashTask, HashTaskResult>,
    items: readonly Uint8Array[],
    batches: HashBatch[],
    job: HashJob,
    options: HashAllOptions,
  ): Promise<JobDigests> {
    const size = items.length;
    const done: JobDigests = { digests: new Array<string>(size) };
    if (job === 'sha256+xxh64') done.xxh64 = new Array<string>(size);
    // Enough tasks in flight to keep every thread busy, few enough that copies stay bounded.
    const window = this.threads * 3;
    return new Promise((resolve, reject) => {
      let next = 0;
      /** One past the last batch not taken yet; the caller takes batches from this end. */
      let last = batches.length;
      let helping = options.callerHelps ?? true;
      let running = 0;
      let finished = 0;
      let failed = false;
      // No AbortSignal on the tasks: piscina runs only one abortable task per worker at a time, so the
      // worker would idle for a round trip after each one. A failed job launches nothing more, and
      // its few tasks already queued settle on their own (their results are dropped).
      const failJob = (batch: HashBatch | undefined, cause: unknown): void => {
        if (failed) return;
        failed = true;
        this.failJobs.delete(onPoolError);
        reject(jobFailure(job, batches.length, batch, cause));
      };
      const onPoolError = (cause: unknown): void => failJob(undefined, cause);
      this.failJobs.add(onPoolError);

      const launch = (): void => {
        while (!failed && running < window && next < last) {
          const batch = batches[next++];
          running++;
          this.startBatch(pool, items, batch, job, options).then(
            (result) => {
              running--;
              if (failed) return;
              try {
                this.keepSpareBuffer(result.packed, window);
                storeBatchResult(done, batch, result);
              } catch (error) {
                return failJob(batch, error);
              }
              finish();
            },
            (cause: unknown) => {
              running--;
              failJob(batch, cause);
            },
          );
        }
      };
      const finish = (): void => {
        if (++finished < batches.length) return launch();
        this.failJobs.delete(onPoolError);
        resolve(done);
      };
      // Between its own batches the caller returns to the event loop, so worker results are taken
      // and new tasks launched without waiting for it.
      const help = (): void => {
        if (failed || !helping || next >= last || last - 1 === options.failOnBatch) {
          helping = false;
          return;
        }
        const batch = batches[--last];
        const own = hashInlineSync(items.slice(batch.start, batch.end), job);
        storeBatchResult(done, batch, own);
        finish();
        if (finished < batches.length) setImmediate(help);
      };
      launch();
      if (helping) setImmediate(help);
    });
  }
}

function hashInlineSync(items: readonly Uint8Array[], job: HashJob): JobDigests {
  if (job === 'xxh64') return { digests: items.map((item) => xxh64Hex(item)) };
  const digests = items.map((item) => sha256Hex(item));
  return job === 'sha256' ? { digests } : { digests, xxh64: items.map((item) => xxh64Hex(item)) };
}
