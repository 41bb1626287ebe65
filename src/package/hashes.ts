import { hashHex, sha256Hex, xxh64 } from '../image/index.js';

export { sha256Hex };

/** The size and hashes a manifest records for one file. */
export interface FileHashes {
  size: number;
  /** 64 lower-case hex digits. */
  sha256: string;
  /** 16 lower-case hex digits (xxh64, seed 0). */
  xxh64: string;
}

/** xxh64 (seed 0) of some bytes as 16 lower-case hex digits. */
export function xxh64Hex(bytes: Uint8Array): Promise<string> {
  return Promise.resolve(hashHex(xxh64(bytes)));
}

/** The size, SHA-256 and xxh64 of a file's bytes, as a manifest records them. */
export async function fileHashes(bytes: Uint8Array): Promise<FileHashes> {
  return { size: bytes.length, sha256: sha256Hex(bytes), xxh64: await xxh64Hex(bytes) };
}
