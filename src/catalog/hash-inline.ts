/**
 * Hashing on the calling thread: xxh64 through xxhash-wasm and SHA-256 through node:crypto.
 */
import { createHash } from 'node:crypto';
import xxhash from 'xxhash-wasm';

type Xxh64Raw = (input: Uint8Array, seed?: bigint) => bigint;

let xxh64Raw: Xxh64Raw | undefined;
let initialising: Promise<void> | undefined;

/**
 * Loads the xxhash-wasm module. Idempotent: later calls return the same promise.
 * `xxh64Hex` works synchronously once this has resolved.
 */
export function initHashing(): Promise<void> {
  initialising ??= xxhash().then((api) => {
    xxh64Raw = api.h64Raw;
  });
  return initialising;
}

/** True once `initHashing()` has finished and `xxh64Hex` can be called synchronously. */
export function isHashingReady(): boolean {
  return xxh64Raw !== undefined;
}

/**
 * The xxh64 (seed 0) of `bytes` as 16 lower-case hex characters.
 * @throws Error if `initHashing()` has not resolved yet.
 */
export function xxh64Hex(bytes: Uint8Array): string {
  if (xxh64Raw === undefined) {
    throw new Error('xxh64Hex: hashing is not initialised; await initHashing() first (or use xxh64HexAsync)');
  }
  return xxh64Raw(bytes).toString(16).padStart(16, '0');
}

/** Like `xxh64Hex`, but initialises xxhash-wasm on demand. */
export async function xxh64HexAsync(bytes: Uint8Array): Promise<string> {
  await initHashing();
  return xxh64Hex(bytes);
}

/** The SHA-256 of `bytes` as 64 lower-case hex characters. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
