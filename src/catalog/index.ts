/**
 * Catalogs: hashing (inline and in a worker pool), the signed catalog file format and lookups, and
 * Windows File Protection (which registers its boot steps with the boot layer when this layer loads).
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
export type { BuildCatalogOptions, MemberColumns } from './build.js';
export { catalogLookup } from './lookup.js';
export {
  CATROOT,
  BASE_CATALOG_NAME,
  installedCatalogs,
  installCatalog,
  installBaseCatalog,
  buildBaseCatalogSync,
} from './installed.js';
export type { InstalledCatalogs, RejectedCatalog } from './installed.js';
export { imageTrustedKeys, addTrustedKey, TRUSTED_KEYS_NOTE } from './trust-store.js';
export { protectedFiles, describeProtected } from './protected.js';
export type { ProtectedFile } from './protected.js';
export {
  WFP_EVENT_SOURCE,
  WFP_EVENT_FILE_RESTORED,
  WFP_EVENT_FILE_NOT_RESTORED,
  dllcacheFolder,
  enforceFileProtection,
  isFileProtectionEnabled,
  restoreProtectedFile,
  restoreSources,
} from './wfp.js';
export type { Restoration, WfpResult } from './wfp.js';
export { sfc, sfcSync } from './sfc.js';
export type { SfcOptions, SfcResult } from './sfc.js';
export { FILE_PROTECTION_BOOT_STEPS, protectChangedFiles, runBootFileScan } from './boot-steps.js';
export type { ProtectedBootReport } from './boot-steps.js';
export { FILE_PROTECTION_CHANGE_STEP } from './change-steps.js';
export { mayBeProtected, protectedPathsBelow } from './protected-names.js';
