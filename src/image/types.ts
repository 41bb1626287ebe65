/** Public types of the image layer. */
import type { UpcaseTable, UpcaseTableId } from '../path/index.js';

/** File attributes as `stat` shows them and `setAttributes` takes them: lower-case names. */
export type AttributeName =
  | 'readonly'
  | 'hidden'
  | 'system'
  | 'directory'
  | 'archive'
  | 'normal'
  | 'temporary'
  | 'offline'
  | 'notcontentindexed';

/** What a volume is: a fixed disk, a read-only CD-ROM or a network share mounted as a volume. */
export type VolumeType = 'fixed' | 'cdrom' | 'network';

/** One volume as `image.volumes()` reports it. Sizes in bytes. */
export interface VolumeInfo {
  letter: string;
  type: VolumeType;
  label: string;
  capacity: number;
  free: number;
  clusterSize: number;
  /** `\\server\share` for a network volume. */
  unc?: string;
  /** The volume's `$UpCase` table when it is not Windows 2000's (`nt6.0`, `nt6.1` or `custom`). */
  upcase?: string;
}

/** How to create a volume. */
export interface VolumeOptions {
  letter: string;
  type?: VolumeType;
  label?: string;
  capacity: number;
  clusterSize?: number;
  unc?: string;
  /**
   * The `$UpCase` table names fold by (rule P6): `nt5` (Windows 2000/XP, the default), `nt6.0`
   * (Vista), `nt6.1` (7 and 8), a table, or the 131,072 bytes of another volume's `$UpCase` file.
   */
  upcase?: UpcaseTableId | UpcaseTable | Uint8Array;
}

/** What `image.stat(path)` returns. Times are milliseconds since the epoch (the image's own clock). */
export interface FileStat {
  /** The stored name (case preserved). */
  name: string;
  /** The full stored path, e.g. `C:\WINNT\system32\kernel32.dll`. */
  path: string;
  /** The 8.3 alias, when the long name is not itself a valid short name. */
  shortName?: string;
  size: number;
  /** Bytes the file occupies on its volume: size rounded up to whole clusters. */
  allocated: number;
  isDirectory: boolean;
  attributes: AttributeName[];
  version?: string;
  created: number;
  modified: number;
  /** The same times as FILETIMEs: 100 ns units since 1601-01-01 UTC, exact (N9). */
  createdFileTime: bigint;
  modifiedFileTime: bigint;
}

/** Access a handle asks for, and sharing it grants others. */
export type Access = 'read' | 'write' | 'delete';

/** Options of `image.open`. */
export interface OpenOptions {
  access: Access[];
  share: Access[];
  /** Which process holds the handle (by name or pid); defaults to a test-harness process. */
  process?: string | number;
}

/** A running process. */
export interface ProcessInfo {
  pid: number;
  name: string;
  session: number;
  /** The service it hosts, if any. */
  service?: string;
  /** Files it has mapped as images (its executable and loaded DLLs). */
  holds: string[];
  /** How many handles it has open. */
  handles: number;
}

/** Options of `image.startProcess`. */
export interface ProcessOptions {
  /** Full paths of the executable and DLLs it maps (they cannot be written or deleted while it runs). */
  holds?: string[];
  session?: number;
  service?: string;
}

/** Service start types as the registry's `Start` value names them. */
export type ServiceStart = 'boot' | 'system' | 'auto' | 'demand' | 'disabled';

/** A service as defined: its registry entry and the process that hosts it. */
export interface ServiceDefinition {
  /** Key name: `'Spooler'`. */
  name: string;
  displayName: string;
  /** As in the registry: `'%SystemRoot%\\system32\\spoolsv.exe'`. */
  imagePath: string;
  start: ServiceStart;
  /** The executable's file name, shared by services of one host process: `'services.exe'`. */
  process: string;
  /** Full paths of the files the running service keeps loaded: its executable and DLLs. */
  holds: string[];
}

/** A Windows service the image knows, with its state. */
export interface ServiceInfo extends ServiceDefinition {
  state: 'running' | 'stopped';
  pid?: number;
}

/** Event types of the System event log. */
export type EventType = 'error' | 'warning' | 'information';

/** One entry of the System event log. */
export interface EventLogEntry {
  record: number;
  time: number;
  source: string;
  eventId: number;
  type: EventType;
  message: string;
}

/** Terminal Server state and the caller's security context, which installers check. */
export interface SessionState {
  /** The session the caller runs in (0 = the console). */
  session: number;
  /** Whether the caller has administrative rights. */
  administrator: boolean;
  /** `change user /install` mode; a reboot returns the server to execute mode. */
  installMode: boolean;
}
