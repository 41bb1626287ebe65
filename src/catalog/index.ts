/**
 * Catalogs: hashing (inline and in a worker pool), the signed catalog file format and lookups.
 */
export { initHashing, isHashingReady, sha256Hex, xxh64Hex, xxh64HexAsync } from './hash-inline.js';
export { HashPool } from './hash-pool.js';
export type { HashAllOptions, HashAlgorithm, HashMode, HashPoolOptions, WorkerFailure } from './hash-pool.js';
export { hashWorkerFile } from './worker-path.js';
export { CATALOG_MAGIC, CATALOG_VERSION } from './format.js';
export type { Catalog, CatalogEntry } from './format.js';
export { encodeCatalog } from './format-encode.js';
export { decodeCatalog } from './format-decode.js';
export { generateSigningKey, keyIdOf, trustedKeys } from './signing-key.js';
export type { SigningKey, TrustedKeys } from './signing-key.js';
export { buildCatalog } from './build.js';
export type { BuildCatalogOptions } from './build.js';
export { catalogLookup } from './lookup.js';
