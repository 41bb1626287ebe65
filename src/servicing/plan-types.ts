/** What planning gives the install: each file's decision and where everything goes. */
import type { Location } from '../image/index.js';
import type { ManifestFile } from '../package/index.js';
import type { FileDecision, InstallMethod, InstallOptions, InstallPlan } from './types.js';

/** One manifest file with what the install will do with it. */
export interface PlannedFile {
  file: ManifestFile;
  /** The file's index in the manifest's file list. */
  index: number;
  decision: FileDecision;
  /** Full display path of the target. */
  target: string;
  /** Keep a copy under ServicePackFiles\i386 (this path). */
  servicePackCopy: string | undefined;
  /** The dllcache copy to refresh, when it exists. */
  dllcache: string | undefined;
  /** Where the dllcache copy was found, for the install to reuse while it is still current. */
  dllcacheLocation: Location | undefined;
  protected: boolean;
  /** Where the target was found, for the install to reuse while it is still current. */
  location: Location | undefined;
}

/** Everything `install` needs from planning. */
export interface DetailedPlan {
  plan: InstallPlan;
  options: InstallOptions;
  method: InstallMethod;
  files: PlannedFile[];
  /** Payload members extracted into the working folder. */
  workingMembers: string[];
  /** `X:\<folder>` or '' for none. */
  workingFolder: string;
  backupFolder: string;
  catalogPath: string;
  driverCabPath?: string;
  /** The level installed before. */
  previousLevel: number;
}
