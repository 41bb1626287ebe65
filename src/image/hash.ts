/**
 * Content hashes on the calling thread. xxh64 is ready synchronously: the WebAssembly module is
 * instantiated when this module loads.
 */
import * as crypto from 'node:crypto';
import xxhash from 'xxhash-wasm';

const api = await xxhash();

/**
 * Bytes in shared memory are first copied here, at their own offset modulo 8: V8 copies shared
 * memory word by word only when both offsets agree, and xxhash-wasm's own copy into its memory
 * would otherwise go byte by byte (about three times slower than hashing).
 */
let scratch = new Uint8Array(64 * 1024);

function unshared(bytes: Uint8Array): Uint8Array {
  if (!(bytes.buffer instanceof SharedArrayBuffer)) return bytes;
  const shift = bytes.byteOffset & 7;
  if (scratch.byteLength < bytes.byteLength + shift) {
    scratch = new Uint8Array(Math.max(bytes.byteLength + shift, scratch.byteLength * 2));
  }
  const copy = scratch.subarray(shift, shift + bytes.byteLength);
  copy.set(bytes);
  return copy;
}

/** xxh64 of bytes, as a bigint. */
export function xxh64(bytes: Uint8Array): bigint {
  return api.h64Raw(unshared(bytes));
}

/** Bytes hashed per call when a large input is hashed in slices. */
const SLICE = 4 * 1024 * 1024;

/**
 * xxh64 of bytes, as a bigint, hashed in 4 MiB slices: the same value as {@link xxh64}, but a large
 * input is never copied whole into the hasher's memory (about a quarter faster at 200 MB).
 */
export function xxh64InSlices(bytes: Uint8Array): bigint {
  if (bytes.byteLength <= SLICE) return xxh64(bytes);
  const state = createXxh64();
  for (let at = 0; at < bytes.byteLength; at += SLICE)
    state.update(bytes.subarray(at, Math.min(at + SLICE, bytes.byteLength)));
  return state.digest();
}

/** A streaming xxh64. */
export function createXxh64(): { update(input: string | Uint8Array): unknown; digest(): bigint } {
  const state = api.create64();
  return {
    update(input: string | Uint8Array) {
      state.update(typeof input === 'string' ? input : unshared(input));
      return this;
    },
    digest: () => state.digest(),
  };
}

/** A bigint hash as 16 hex digits. */
export function hashHex(hash: bigint): string {
  return hash.toString(16).padStart(16, '0');
}

/** node:crypto's one-shot `hash` (Node 20.12 and later): a third faster than `createHash` on small inputs. */
const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'hex') => string }).hash;

/** SHA-256 of bytes as 64 lower-case hex digits. */
export function sha256Hex(bytes: Uint8Array): string {
  return oneShot ? oneShot('sha256', bytes, 'hex') : crypto.createHash('sha256').update(bytes).digest('hex');
}
