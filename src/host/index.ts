/**
 * Host import and export: a host folder (a mounted Windows volume, or a Wine prefix's `drive_c`
 * with its `system.reg`) imported as a drive, with file versions read from PE version resources;
 * a drive exported to a host folder without ever writing outside it.
 */
export { importHostFolder } from './import.js';
export type { ImportOptions, ImportReport } from './import.js';
export type { SkippedHostPath } from './scan.js';
export { importWinePrefix } from './wine.js';
export { parseWineReg, WINE_REGISTRY_HEADER } from './wine-reg.js';
export type { WineRegistry, WineRegValue } from './wine-reg.js';
export { readPeLanguages, readPeVersion, readPeVersionInfo } from './pe-version.js';
export type { PeVersionResult } from './pe-version.js';
export { exportDrive } from './export.js';
export type { ExportOptions, ExportReport } from './export.js';
