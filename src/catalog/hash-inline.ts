/**
 * Hashing on the calling thread: xxh64 through xxhash-wasm and SHA-256 through node:crypto.
 */
import { hashHex, xxh64 } from '../image/index.js';

export { sha256Hex } from '../image/index.js';

/**
 * Kept for callers written when xxh64 needed an asynchronous start: the module is now ready as
 * soon as it is imported, so this resolves at once.
 */
export function initHashing(): Promise<void> {
  return Promise.resolve();
}

/** True: `xxh64Hex` can always be called synchronously. */
export function isHashingReady(): boolean {
  return true;
}

/** The xxh64 (seed 0) of `bytes` as 16 lower-case hex characters (shared memory is read at full speed). */
export function xxh64Hex(bytes: Uint8Array): string {
  return hashHex(xxh64(bytes));
}

/** Like `xxh64Hex`, but initialises xxhash-wasm on demand. */
export async function xxh64HexAsync(bytes: Uint8Array): Promise<string> {
  await initHashing();
  return xxh64Hex(bytes);
}
