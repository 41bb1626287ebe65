/** Public types of the servicing layer: install options, the plan, results. */
import type { KeyObject } from 'node:crypto';
import type { ProtectedBootReport } from '../catalog/index.js';

/** Result codes update.exe returns (Windows Installer conventions). */
export type InstallCode = 0 | 3010 | 1641 | 1602 | 1603 | 1618 | 1638 | 1640;

/** Where the package comes from. */
export type InstallMethod = 'local' | 'cdrom' | 'share' | 'express';

/** The vendor's download store of an Express install. */
export interface ExpressStore {
  fetch(member: string): Uint8Array;
  bytesFetched: number;
}

/** Options of `plan` and `install`. */
export interface InstallOptions {
  /** update.exe switches: `-u -q -n -o -f -z` (`-q` implies `-u`); parsed into the flags below. */
  switches?: string;
  unattended?: boolean;
  quiet?: boolean;
  /** `-n`: no uninstall backup. */
  noBackup?: boolean;
  /** `-o`: overwrite OEM files without asking. */
  overwriteOem?: boolean;
  /** `-f`: force other programs to close at shutdown. */
  forceClose?: boolean;
  /** `-z`: do not restart when done. */
  noRestart?: boolean;
  /** REINSTALLMODE `a`: equal or older files are replaced too. */
  forceReinstall?: boolean;
  /** Windows Installer REINSTALLMODE letters (default `omus`). */
  reinstallMode?: string;
  /** `cancel` at the licence: 1602, nothing changed. */
  licence?: 'accept' | 'cancel';
  /** Default `local` (compressed package saved locally). */
  method?: InstallMethod;
  /** Express: the store the needed files are fetched from. */
  store?: ExpressStore;
  /** `now` (default unless `-z`): reboot at the end and delete the working folder. */
  restart?: 'now' | 'later';
  /**
   * Delete the working folder at the end even when not restarting now (with `-z` update.exe leaves
   * it on the volume with the most free space; this does what a tidy user does afterwards).
   */
  removeWorkingFolder?: boolean;
  /** Stop after this many primitive operations by throwing `PowerCut`. */
  powerCutAfter?: number;
  /** Keys trusted to sign packages (re-verifies the package against them). */
  trusted?: ReadonlyMap<string, KeyObject>;
  progress?: (step: string, done: number, total: number) => void;
}

/** What happens to one manifest file. */
export type FileAction = 'replace' | 'add' | 'skip' | 'inUse' | 'servicePackFilesOnly' | 'oemKept';

/** The decision for one manifest file. */
export interface FileDecision {
  /** The payload member. */
  source: string;
  /** The expanded target path. */
  target: string;
  action: FileAction;
  /** The rule that decided. */
  reason: string;
  currentVersion?: string;
  newVersion?: string;
  /** Processes that keep the file in use (for `inUse`). */
  inUseBy?: string[];
  /** Bytes of the new copy and of the current one (0 if absent). */
  newSize: number;
  currentSize: number;
}

/** One volume's space needs, in bytes rounded to whole clusters. */
export interface VolumeCost {
  letter: string;
  free: number;
  /** The extracted package (working folder). */
  working: number;
  /** Originals copied into the uninstall folder. */
  backup: number;
  /** Files in use: both copies until the reboot (old + new). */
  transient: number;
  /** Net change of the files installed (crediting what they overwrite). */
  files: number;
  /** What stays after the restart. */
  steady: number;
  /** The most the install needs at once. */
  peak: number;
  short: boolean;
}

/** The disk-space costing of an install. */
export interface Costing {
  volumes: VolumeCost[];
  /** Drive letter of the working folder; '' when none is needed (share install). */
  workingVolume: string;
}

/** A refusal: the result code and why. */
export interface Refusal {
  code: InstallCode;
  message: string;
}

/** What an install would do; `plan` computes it without changing anything. */
export interface InstallPlan {
  packageId: string;
  kind: 'servicePack' | 'hotfix';
  level?: number;
  files: FileDecision[];
  /** Installed hotfixes that will be reverted. */
  regressions: string[];
  refusal?: Refusal;
  costing: Costing;
}

/** What `install` did. */
export interface InstallResult {
  code: InstallCode;
  message: string;
  plan: InstallPlan;
  queuedRenames: number;
  restartRequired: boolean;
  /** The restart's boot report (1641), with Windows File Protection's boot scan when `SFCScan` asked for one. */
  rebooted?: ProtectedBootReport;
  bytesFetched?: number;
  logPath: string;
  /** The extracted package, left behind when the machine is not restarted from the completion dialog. */
  workingFolder?: string;
}

/** Options of `uninstall`. */
export interface UninstallOptions {
  powerCutAfter?: number;
  restart?: 'now' | 'later';
  noRestart?: boolean;
}

/** What `uninstall` did. */
export interface UninstallResult {
  code: number;
  message: string;
  queuedRenames: number;
  restartRequired: boolean;
  logPath: string;
  /** The restart's boot report (1641), with Windows File Protection's boot scan when `SFCScan` asked for one. */
  rebooted?: ProtectedBootReport;
}
