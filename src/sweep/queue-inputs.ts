/**
 * Inputs in Redis: base64 text in pieces of 8 MiB (BullMQ's client speaks text, and a Redis string
 * holds at most 512 MB), under `svcpack:input:DIGEST:N`, with the count of pieces under
 * `svcpack:input:DIGEST`, written last so that a present count means every piece is there.
 */
import type { RedisClient } from 'bullmq';
import { digestOf } from './inputs.js';

const PIECE = 8 * 1024 * 1024;

export const inputKey = (digest: string) => `svcpack:input:${digest}`;

export async function putInput(client: RedisClient, digest: string, bytes: Uint8Array): Promise<void> {
  if ((await client.get(inputKey(digest))) !== null) return;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pieces = 0;
  for (let at = 0; at < buffer.length || pieces === 0; at += PIECE)
    await client.set(`${inputKey(digest)}:${pieces++}`, buffer.subarray(at, at + PIECE).toString('base64'));
  await client.set(inputKey(digest), pieces);
}

/** The input's bytes, checked against its digest; undefined when Redis does not hold it. */
export async function getInput(client: RedisClient, digest: string): Promise<Buffer | undefined> {
  const count = await client.get(inputKey(digest));
  if (count === null) return undefined;
  const parts: Buffer[] = [];
  for (let i = 0; i < Number(count); i++) {
    const piece = await client.get(`${inputKey(digest)}:${i}`);
    if (piece === null) return undefined;
    parts.push(Buffer.from(piece, 'base64'));
  }
  const bytes = Buffer.concat(parts);
  if (digestOf(bytes) !== digest) throw new Error(`input ${digest} in Redis does not hash to its digest`);
  return bytes;
}
