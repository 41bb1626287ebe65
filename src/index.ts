/**
 * svcpack: a Windows 2000-era machine (disks and registry) in memory, serviced the way update.exe
 * did it. The public surface: `WinImage`, `Package`, `plan`, `install`, `uninstall`, `sfc` and the
 * errors they throw.
 */
export { install, plan, sfc, uninstall, runScenario, runScenarioFile } from './machine/index.js';
export {
  WinImage,
  ImageFsError,
  DriveFsError,
  ImageStats,
  ImageDirent,
  RegistryView,
} from './machine/index.js';
export type {
  CreateOptions,
  DigestOptions,
  ImageFs,
  ImageFsOptions,
  ImageLoadOptions,
  LoadProgress,
  RebootReport,
} from './machine/index.js';
export { bootSequence } from './boot/index.js';
export {
  Package,
  defaultSigningKey,
  validateManifest,
  parseManifest,
  compareVersions,
} from './package/index.js';
export type { Manifest, ManifestFile, PackageReadOptions, PackageSummary } from './package/index.js';
export { WinError, InputError, PowerCut, WIN32_ERRORS } from './errors/index.js';
export type { Win32ErrorName, InputProblem } from './errors/index.js';
export { MOVEFILE } from './ops/index.js';
export type { ImageDiff, FileChange, RegistryChange } from './ops/index.js';
export type {
  BootOptions,
  BootReport,
  BootEntryReport,
  OrphanedFile,
  PendingListing,
  BootTrace,
} from './boot/index.js';
export type {
  Access,
  AttributeName,
  EventLogEntry,
  EventType,
  FileStat,
  OpenOptions,
  ProcessInfo,
  ProcessOptions,
  ServiceDefinition,
  ServiceInfo,
  ServiceStart,
  SessionState,
  VolumeInfo,
  VolumeOptions,
  VolumeType,
} from './image/index.js';
export type {
  InstallOptions,
  InstallPlan,
  InstallResult,
  UninstallOptions,
  UninstallResult,
} from './servicing/index.js';
export { HashPool } from './catalog/index.js';
export type { SfcResult, HashAllOptions, HashAlgorithm, HashMode, HashPoolOptions } from './catalog/index.js';
export { RESULT_CODES } from './servicing/index.js';
