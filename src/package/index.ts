/**
 * Packages: the manifest schema and its validation, the `.svcpkg` file format, signing, and the
 * `Package` class that builds, verifies, inspects and expands packages. Pure data: no image access.
 */
export {
  Package,
  type PackageBuildOptions,
  type PackageReadOptions,
  type PackageSummary,
} from './package.js';
export {
  jsonPointer,
  manifestProblems,
  manifestSchema,
  parseManifest,
  uninstallFolderName,
  validateManifest,
  type Manifest,
  type ManifestFile,
  type PostInstallTask,
  type Prerequisites,
  type ValidateOptions,
} from './manifest.js';
export {
  ADDREG_FLAGS,
  addRegData,
  addRegValueType,
  parseHexBytes,
  type AddRegInstruction,
  type AddRegValueType,
  type DelRegInstruction,
  type RegistryInstruction,
  type RegistryRoot,
} from './registry.js';
export {
  compareVersions,
  formatVersion,
  parseVersion,
  tryParseVersion,
  type FileVersion,
} from './version.js';
export { foldName, payloadNameProblem, targetProblem } from './names.js';
export { fileHashes, sha256Hex, xxh64Hex, type FileHashes } from './hashes.js';
export {
  defaultSigningKey,
  defaultTrustedKeys,
  keyIdOf,
  signingKeyFromSeed,
  type Signer,
  type SigningKey,
} from './signing.js';
export { PACKAGE_FORMAT_VERSION, PACKAGE_MAGIC } from './format.js';
export { decodePackageFile } from './format-decode.js';
export { encodePackageFile } from './format-encode.js';
export { DEFAULT_MAX_INFLATED_BYTES } from './inflate.js';
export { EXPANDED_MANIFEST, EXPANDED_SIGNATURE } from './expanded.js';
export type { TrustStatus } from './trust.js';
