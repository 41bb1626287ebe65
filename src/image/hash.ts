/** xxh64, ready synchronously: the WebAssembly module is instantiated when this module loads. */
import xxhash from 'xxhash-wasm';

const api = await xxhash();

/** xxh64 of bytes, as a bigint. */
export function xxh64(bytes: Uint8Array): bigint {
  return api.h64Raw(bytes);
}

/** A streaming xxh64. */
export function createXxh64(): { update(input: string | Uint8Array): unknown; digest(): bigint } {
  return api.create64();
}

/** A bigint hash as 16 hex digits. */
export function hashHex(hash: bigint): string {
  return hash.toString(16).padStart(16, '0');
}
