/** The plain data that travels between a sweep's coordinator and its workers (JSON-safe). */

/** How boots after the operation run. */
export type BootMode = 'windows' | 'transactional';

/** The operation a crash sweep cuts. */
export type CrashOperation = 'install' | 'uninstall' | 'boot';

/** A crash sweep: cut `operation` on `image` after every (or every `cutEvery`-th) primitive change. */
export interface CrashSpec {
  kind: 'crash';
  /** Digest of the image file the operation starts from. */
  image: string;
  operation: CrashOperation;
  /** Digest of the package file (install). */
  package?: string;
  /** update.exe switches of the install (`-z`, `-n -z`, ...). */
  switches?: string;
  /** The package id to uninstall (`W2K-SP4`, `Q123456`). */
  uninstallId?: string;
  mode: BootMode;
  /** Cut after every `cutEvery`-th change only (1: every change). */
  cutEvery: number;
  /** Likewise inside each recovery; the offset varies with the cut so every step is reached. */
  recoveryCutEvery: number;
  /** Cut points per task. */
  pointsPerTask: number;
}

/** What the uncut operation gives, found once by the coordinator and sent with every task. */
export interface CrashReference {
  /** Primitive changes of the uncut operation: the cut points are 0 to changes - 1. */
  changes: number;
  oldDigest: string;
  newDigest: string;
}

/** Which state a cut point ended in after recovery. */
export type CrashOutcome = 'old' | 'new' | 'lost' | 'failed';

/** One cut point's record. */
export interface CrashPointResult {
  /** The cut fell before this change (0-based) of the operation. */
  point: number;
  outcome: CrashOutcome;
  /** Changes the recovering boot made. */
  recoveryChanges: number;
  /** Cut points tried inside that recovery. */
  recoveryCuts: number;
  failures: string[];
}

/** One machine of a fleet, as its spec's axes combine. */
export interface MachineVariant {
  preset: 'win2000-server' | 'win2000-professional' | 'nt4-enterprise';
  files?: number;
  seed: number;
  servicePack: number;
  /** Files of the first package held open by a running service. */
  heldFiles: number;
  /** Hotfixes generated for the machine and installed before the steps. */
  hotfixes: string[];
  /** Bytes left free on the system drive (files outside the model take the rest); absent: as generated. */
  freeSpace?: number;
  /** Logged-on Terminal Services sessions, each running a shell. */
  sessions: number;
}

/** A package of a fleet sweep: generated for each machine, or a package file by digest. */
export interface FleetPackage {
  name: string;
  generate?: { kind: 'servicePack' | 'hotfix'; level?: number; id?: string; files?: number; seed?: number };
  input?: string;
}

/** A step every machine of a fleet runs, in order. */
export type FleetStep =
  | { install: { package: string; switches?: string } }
  | { uninstall: { package: string } }
  | { reboot: { mode?: BootMode } };

/** What one machine did. */
export interface MachineResult {
  machine: MachineVariant;
  /** `preset, N files, SPn`: what the report groups by. */
  kind: string;
  /** Result code of each install and uninstall step, in order. */
  codes: number[];
  renamesQueued: number;
  restartRequired: boolean;
  restarts: number;
  /** Most bytes in use above the start, on all drives together, at any moment of the steps. */
  peakBytes: number;
  ms: number;
  outcome: 'ok' | 'restart' | 'disk-full' | 'failed';
  failures: string[];
}

/** A machine's result before any step ran: nothing done, nothing measured. */
export function machineResultOf(
  machine: MachineVariant,
  kind: string,
  outcome: MachineResult['outcome'],
  failures: string[] = [],
): MachineResult {
  return {
    machine,
    kind,
    codes: [],
    renamesQueued: 0,
    restartRequired: false,
    restarts: 0,
    peakBytes: 0,
    ms: 0,
    outcome,
    failures,
  };
}

/** A unit of work: a range of cut points, or some machines. */
export type SweepTask =
  | {
      kind: 'crash';
      sweep: string;
      index: number;
      spec: CrashSpec;
      reference: CrashReference;
      points: number[];
    }
  | {
      kind: 'fleet';
      sweep: string;
      index: number;
      machines: MachineVariant[];
      packages: FleetPackage[];
      steps: FleetStep[];
    };

/** What a task returns. */
export type TaskResult =
  { kind: 'crash'; points: CrashPointResult[] } | { kind: 'fleet'; machines: MachineResult[] };

/** The digests a task needs. */
export function taskInputs(task: SweepTask): string[] {
  if (task.kind === 'crash') return [task.spec.image, ...(task.spec.package ? [task.spec.package] : [])];
  return task.packages.flatMap((p) => (p.input ? [p.input] : []));
}
