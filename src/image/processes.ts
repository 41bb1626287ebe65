import { WinError } from '../errors/index.js';
import { foldName, literalPath } from '../path/index.js';
import type { Entry } from './entry.js';
import type { ProcessInfo, ProcessOptions, ServiceDefinition, ServiceInfo } from './types.js';

/** A process running in the image. */
export interface ProcessRecord {
  pid: number;
  name: string;
  session: number;
  service: string | undefined;
  mapped: Entry[];
  handles: Set<number>;
}

/** A service the image knows (its registry entry lives in the registry; this is its runtime record). */
export interface ServiceRecord extends ServiceDefinition {
  pid: number | undefined;
}

/** What processes need of the image around them: its files, its power and its handles. */
export interface ProcessHost {
  readonly poweredOff: boolean;
  require(path: string): Entry;
  find(path: string): Entry | undefined;
  pathOf(entry: Entry): string;
  closeHandle(id: number): void;
}

const HARNESS_PROCESS = 'svcpack-harness.exe';

/** The image's processes (with the files they map and the handles they hold) and services. */
export class ProcessTable {
  readonly processes = new Map<number, ProcessRecord>();
  readonly services = new Map<string, ServiceRecord>();
  private nextPid = 4;

  constructor(private readonly host: ProcessHost) {}

  /** The pid of a process given by pid or name; a named process that is not running is started. */
  pidFor(process: string | number | undefined): number {
    if (typeof process === 'number') {
      if (!this.processes.has(process))
        throw new WinError('ERROR_INVALID_PARAMETER', undefined, `no process ${process}`);
      return process;
    }
    const name = process ?? HARNESS_PROCESS;
    const folded = foldName(name);
    for (const p of this.processes.values()) if (foldName(p.name) === folded) return p.pid;
    return this.start(name);
  }

  /** Starts a process that maps the files in `holds`; returns its pid. */
  start(name: string, options: ProcessOptions = {}): number {
    if (this.host.poweredOff) throw new WinError('ERROR_NOT_READY', name, 'the machine is off: reboot it');
    const mapped = (options.holds ?? []).map((path) => {
      const entry = this.host.require(path);
      if (entry.isDir) throw new WinError('ERROR_ACCESS_DENIED', path, 'a folder cannot be mapped');
      return entry;
    });
    const pid = this.nextPid;
    this.nextPid += 4;
    for (const entry of mapped) entry.mappedBy++;
    this.processes.set(pid, {
      pid,
      name,
      session: options.session ?? 0,
      service: options.service,
      mapped,
      handles: new Set(),
    });
    return pid;
  }

  /** Ends a process: its handles close and its images unmap. */
  stop(pid: number): void {
    const process = this.processes.get(pid);
    if (!process) throw new WinError('ERROR_INVALID_PARAMETER', undefined, `no process ${pid}`);
    for (const id of [...process.handles]) this.host.closeHandle(id);
    for (const entry of process.mapped) entry.mappedBy--;
    this.processes.delete(pid);
    for (const service of this.services.values()) if (service.pid === pid) service.pid = undefined;
  }

  /** Ends every process (a reboot or a power cut). */
  stopAll(): void {
    for (const pid of [...this.processes.keys()]) this.stop(pid);
  }

  /** Every running process. */
  infos(): ProcessInfo[] {
    return [...this.processes.values()].map((p) => {
      const info: ProcessInfo = {
        pid: p.pid,
        name: p.name,
        session: p.session,
        holds: p.mapped.map((e) => literalPath(this.host.pathOf(e))),
        handles: p.handles.size,
      };
      if (p.service) info.service = p.service;
      return info;
    });
  }

  /** Registers a service's runtime record (only the definition's own fields: a layout row has more). */
  defineService(service: ServiceDefinition): void {
    this.services.set(foldName(service.name), { ...serviceDefinition(service), pid: undefined });
  }

  private service(name: string): ServiceRecord {
    const service = this.services.get(foldName(name));
    if (!service) throw new WinError('ERROR_SERVICE_DOES_NOT_EXIST', name);
    return service;
  }

  /** Starts a service: its process maps the files it holds. Starting a running service does nothing. */
  startService(name: string): number {
    const service = this.service(name);
    if (service.pid !== undefined) return service.pid;
    const holds = service.holds.filter((path) => this.host.find(path)?.isDir === false);
    service.pid = this.start(service.process, { holds, service: service.name });
    return service.pid;
  }

  /** Stops a service (net stop). */
  stopService(name: string): void {
    const service = this.service(name);
    if (service.pid !== undefined) this.stop(service.pid);
    service.pid = undefined;
  }

  /** Every service with its state. */
  serviceInfos(): ServiceInfo[] {
    return [...this.services.values()].map((s) => {
      const info: ServiceInfo = {
        name: s.name,
        displayName: s.displayName,
        imagePath: s.imagePath,
        start: s.start,
        process: s.process,
        holds: [...s.holds],
        state: s.pid === undefined ? 'stopped' : 'running',
      };
      if (s.pid !== undefined) info.pid = s.pid;
      return info;
    });
  }

  /** Starts every service set to start automatically (after a boot). */
  startAutomaticServices(): string[] {
    const started: string[] = [];
    for (const s of this.services.values()) {
      if (s.start === 'auto' || s.start === 'boot' || s.start === 'system') {
        this.startService(s.name);
        started.push(s.name);
      }
    }
    return started;
  }
}

/** The fields of a service's definition, copied (what a saved image and a fork keep of a service). */
export function serviceDefinition(service: ServiceDefinition): ServiceDefinition {
  return {
    name: service.name,
    displayName: service.displayName,
    imagePath: service.imagePath,
    start: service.start,
    process: service.process,
    holds: [...service.holds],
  };
}
