/** Turns a crash or fleet sweep's description into tasks, inputs by digest and a results header. */
import { createHash } from 'node:crypto';
import { InputError } from '../errors/index.js';
import { coreOf, WinImage } from '../machine/index.js';
import { Package } from '../package/index.js';
import { crashAct, crashPointChunks, crashReference } from './crash.js';
import { expandMachines, fleetPackages, fleetSteps, type FleetSpecFile } from './fleet-spec.js';
import { digestOf, forkCore } from './inputs.js';
import type { ResultLine, SweepHeader } from './results.js';
import type { BootMode, CrashOperation, CrashSpec, SweepTask, TaskResult } from './types.js';

/** A sweep ready to run: its tasks, the inputs they name, and how their results become lines. */
export interface SweepPlan {
  header: SweepHeader;
  tasks: SweepTask[];
  inputs: Map<string, Uint8Array>;
  /** Lines each task gives. */
  sizes: number[];
  lines(task: SweepTask, result: TaskResult): ResultLine[];
}

/** What to crash-sweep. */
export interface CrashSweepOptions {
  /** The image file's bytes: the machine the operation starts on. */
  image: Uint8Array;
  operation: CrashOperation;
  /** The package file's bytes (install). */
  package?: Uint8Array;
  switches?: string;
  /** Package id to uninstall. */
  uninstallId?: string;
  /** Boot mode after the operation (and of the boot swept), default `windows`. */
  mode?: BootMode;
  /** Sample: every n-th cut point (default 1: all). */
  cutEvery?: number;
  /** Sample inside each recovery (default 1: every change). */
  recoveryCutEvery?: number;
  /** Cut points per task (default 8). */
  pointsPerTask?: number;
  name?: string;
}

function sweepId(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

function whole(value: number | undefined, fallback: number, where: string): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < 1)
    throw new InputError('crash sweep', `must be a whole number >= 1, got ${v}`, where);
  return v;
}

function crashSpec(options: CrashSweepOptions, inputs: Map<string, Uint8Array>): CrashSpec {
  const image = digestOf(options.image);
  inputs.set(image, options.image);
  const spec: CrashSpec = {
    kind: 'crash',
    image,
    operation: options.operation,
    mode: options.mode ?? 'windows',
    cutEvery: whole(options.cutEvery, 1, 'cutEvery'),
    recoveryCutEvery: whole(options.recoveryCutEvery, 1, 'recoveryCutEvery'),
    pointsPerTask: whole(options.pointsPerTask, 8, 'pointsPerTask'),
  };
  if (options.operation === 'install') {
    if (!options.package) throw new InputError('crash sweep', 'an install sweep needs a package', 'package');
    spec.package = digestOf(options.package);
    inputs.set(spec.package, options.package);
    spec.switches = options.switches ?? '';
  }
  if (options.operation === 'uninstall') {
    if (!options.uninstallId)
      throw new InputError('crash sweep', 'an uninstall sweep needs a package id', 'uninstallId');
    spec.uninstallId = options.uninstallId;
  }
  return spec;
}

/** Runs the operation once uncut to count its changes and fix the old and new images, then splits the cut points. */
export async function planCrashSweep(options: CrashSweepOptions): Promise<SweepPlan> {
  const inputs = new Map<string, Uint8Array>();
  const spec = crashSpec(options, inputs);
  const start = coreOf(WinImage.fromBytes(options.image, 'crash sweep image'));
  const pkg = options.package
    ? Package.fromBytes(options.package, { source: 'crash sweep package' })
    : undefined;
  const { reference, labels } = await crashReference(() => forkCore(start), crashAct(spec, pkg), spec.mode);
  const id = sweepId(spec);
  const chunks = crashPointChunks(spec, reference.changes);
  const tasks: SweepTask[] = chunks.map((points, index) => ({
    kind: 'crash',
    sweep: id,
    index,
    spec,
    reference,
    points,
  }));
  const what =
    spec.operation === 'install'
      ? `install ${pkg?.manifest.id} ${spec.switches}`.trim()
      : spec.operation === 'uninstall'
        ? `uninstall ${spec.uninstallId}`
        : 'boot';
  return {
    header: {
      type: 'sweep',
      version: 1,
      id,
      kind: 'crash',
      name: options.name ?? `${what}, ${spec.mode} boots`,
      tasks: tasks.length,
      units: chunks.reduce((sum, c) => sum + c.length, 0),
      spec: { ...spec, reference },
    },
    tasks,
    inputs,
    sizes: chunks.map((c) => c.length),
    lines: (task, result) =>
      result.kind === 'crash'
        ? result.points.map((p) => ({ type: 'point', task: task.index, change: labels[p.point] ?? '', ...p }))
        : [],
  };
}

/** The machines of a fleet spec, `machinesPerTask` to a task; package files are read by `readFile`. */
export function planFleetSweep(spec: FleetSpecFile, readFile: (file: string) => Uint8Array): SweepPlan {
  const inputs = new Map<string, Uint8Array>();
  const packages = fleetPackages(spec, (file) => {
    const bytes = readFile(file);
    const digest = digestOf(bytes);
    inputs.set(digest, bytes);
    return digest;
  });
  const steps = fleetSteps(spec);
  const machines = expandMachines(spec);
  const per = spec.machinesPerTask ?? 1;
  const id = sweepId({ machines, packages, steps, per });
  const tasks: SweepTask[] = [];
  for (let i = 0; i < machines.length; i += per)
    tasks.push({
      kind: 'fleet',
      sweep: id,
      index: tasks.length,
      machines: machines.slice(i, i + per),
      packages,
      steps,
    });
  return {
    header: {
      type: 'sweep',
      version: 1,
      id,
      kind: 'fleet',
      name: spec.name ?? 'fleet',
      tasks: tasks.length,
      units: machines.length,
      spec,
    },
    tasks,
    inputs,
    sizes: tasks.map((t) => (t.kind === 'fleet' ? t.machines.length : 0)),
    lines: (task, result) =>
      result.kind === 'fleet'
        ? result.machines.map((m, i) => ({
            type: 'machine',
            task: task.index,
            index: task.index * per + i,
            ...m,
          }))
        : [],
  };
}
