/** The Redis a queue lives in, from a `redis://[:password@]HOST:PORT[/DB]` address. */
import type { ConnectionOptions } from 'bullmq';
import { InputError } from '../errors/index.js';

/** The default queue name: one sweep at a time per queue name. */
export const DEFAULT_QUEUE_NAME = 'svcpack-sweep';

/** The BullMQ job id of a task: the same task always has the same id, so it is recorded once. */
export const jobId = (sweep: string, index: number) => `${sweep}-${index}`;

export function redisConnection(url: string): ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError('--queue', `not a URL: '${url}' (expected redis://HOST:PORT)`);
  }
  if (parsed.protocol !== 'redis:' || parsed.hostname === '')
    throw new InputError('--queue', `expected redis://HOST:PORT, got '${url}'`);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new InputError('--queue', `bad database number in '${url}'`);
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    db,
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    // BullMQ's workers need commands to wait through a lost connection rather than fail
    maxRetriesPerRequest: null,
  };
}
