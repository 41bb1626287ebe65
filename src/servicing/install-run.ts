/** What the install's steps share while they run. */
import type { ImageCore } from '../image/index.js';
import type { Package } from '../package/index.js';
import type { FileRecorder } from './file-changes.js';
import type { ServicingLog } from './log.js';
import type { DetailedPlan, PlannedFile } from './plan.js';
import type { RegistryRecorder } from './registry-changes.js';
import type { RestoreManifest } from './restore-manifest.js';
import type { InstallOptions } from './types.js';

/** One install in progress: its inputs, its recorders, and what earlier steps found for later ones. */
export interface InstallRun {
  readonly image: ImageCore;
  readonly pkg: Package;
  readonly detail: DetailedPlan;
  readonly log: ServicingLog;
  /** Whether the originals are kept for uninstall (no `-n`). */
  readonly keepBackup: boolean;
  readonly progress: NonNullable<InstallOptions['progress']>;
  readonly files: FileRecorder;
  readonly registry: RegistryRecorder;
  /** The backup an earlier install of this same package left in its uninstall folder, kept and extended. */
  readonly earlierBackup: RestoreManifest | undefined;
  /** The members an Express install fetched from its store (extract). */
  downloaded: Map<string, Uint8Array>;
  /** Each manifest file's bytes, in manifest order (extract). */
  fileData: readonly Uint8Array[];
  /** The files written at their targets: replaced, added or in use (inventory). */
  changing: PlannedFile[];
  /** The files kept under ServicePackFiles (inventory). */
  copies: PlannedFile[];
  /** Renames queued for the next boot (replace). */
  queued: number;
}

/** A payload member's bytes: fetched from the Express store, or the package's. */
export function memberData(run: InstallRun, member: string): Uint8Array {
  return run.downloaded.get(member) ?? run.pkg.member(member);
}

/** A planned file's bytes. */
export function plannedData(run: InstallRun, planned: PlannedFile): Uint8Array {
  return run.fileData[planned.index];
}
