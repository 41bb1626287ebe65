/** What the service tables share: the hosts' paths, the DLLs every process loads, and the row builders. */
import type { ServiceSpec } from './types.js';

/** A service with what the registry needs beyond `ServiceSpec`. */
export interface ServiceDefinition extends ServiceSpec {
  /** SERVICE_WIN32_OWN_PROCESS 0x10, SHARE_PROCESS 0x20, with INTERACTIVE 0x100. */
  type: number;
  objectName: string;
  group?: string;
  /** For svchost-hosted services: the DLL named under Parameters\ServiceDll. */
  serviceDll?: string;
  description?: string;
}

/** A kernel driver's registry entry (drivers are not `ServiceSpec`s). */
export interface DriverDefinition {
  name: string;
  file: string;
  /** SERVICE_KERNEL_DRIVER 1 or SERVICE_FILE_SYSTEM_DRIVER 2. */
  type: number;
  start: number;
  group: string;
}

export const SYS = 'C:\\WINNT\\system32\\';
export const sys = (names: string[]): string[] => names.map((n) => (n.includes(':') ? n : SYS + n));

export const BASE = ['ntdll.dll', 'kernel32.dll', 'advapi32.dll', 'rpcrt4.dll', 'msvcrt.dll'];
export const GUI = ['user32.dll', 'gdi32.dll'];

type Start = ServiceSpec['start'];

export interface Row {
  name: string;
  display: string;
  start: Start;
  dlls?: string[];
  depends?: string[];
}

export function hosted(
  rows: Row[],
  host: { imagePath: string; exe: string; type: number; serviceDll?: boolean; extra?: string[] },
): ServiceDefinition[] {
  const process = host.exe.slice(host.exe.lastIndexOf('\\') + 1);
  return rows.map((row) => ({
    name: row.name,
    displayName: row.display,
    imagePath: host.imagePath,
    start: row.start,
    process,
    holds: [host.exe, ...sys([...BASE, ...(host.extra ?? []), ...(row.dlls ?? [])])],
    dependOnService: row.depends,
    type: host.type,
    objectName: 'LocalSystem',
    serviceDll: host.serviceDll && row.dlls ? `%SystemRoot%\\system32\\${row.dlls[0]}` : undefined,
  }));
}

export function own(row: Row, file: string, interactive = false): ServiceDefinition {
  const exe = file.includes(':') ? file : SYS + file;
  const imagePath = exe.replace('C:\\WINNT', '%SystemRoot%');
  return hosted([row], { imagePath, exe, type: interactive ? 0x110 : 0x10 })[0];
}

export const EVENT_LOGS = sys(['config\\AppEvent.Evt', 'config\\SecEvent.Evt', 'config\\SysEvent.Evt']);
