/**
 * Catalogs: hashing (inline and in a worker pool), the signed catalog file format and lookups.
 */
export { initHashing, isHashingReady, sha256Hex, xxh64Hex, xxh64HexAsync } from './hash-inline.js';
export { HashPool } from './hash-pool.js';
export type { HashAllOptions, HashAlgorithm, HashMode, HashPoolOptions, WorkerFailure } from './hash-pool.js';
export { hashWorkerFile } from './worker-path.js';
