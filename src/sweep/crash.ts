/**
 * Crash sweeps: cut the power before a change of an install, uninstall or boot, recover, and check
 * the invariant: the image is exactly the old or the new one (so nothing is orphaned and the
 * registry agrees with the files), recovery leaves no journal, and a cut at any change of that
 * recovery, followed by a clean boot, ends in the same image.
 */
import { reboot, type BootReport } from '../boot/index.js';
import { PowerCut } from '../errors/index.js';
import { digestImage, type ImageCore } from '../image/index.js';
import { opLog } from '../ops/index.js';
import type { Package } from '../package/index.js';
import { install, uninstall } from '../servicing/index.js';
import { forkCore } from './inputs.js';
import { sweepRecoveryCuts } from './recovery-cuts.js';
import type { CrashPointResult, CrashReference, CrashSpec } from './types.js';

/** Runs the operation, with the power cut after `powerCutAfter` changes when given. */
export type CrashAct = (image: ImageCore, powerCutAfter?: number) => Promise<unknown>;

/** The operation of a spec, bound to its package. */
export function crashAct(spec: CrashSpec, pkg: Package | undefined): CrashAct {
  const budget = (k: number | undefined) => (k === undefined ? {} : { powerCutAfter: k });
  if (spec.operation === 'install') {
    if (!pkg) throw new Error('crash sweep: an install needs a package');
    return (image, k) => install(image, pkg, { switches: spec.switches ?? '', ...budget(k) });
  }
  if (spec.operation === 'uninstall') {
    const id = spec.uninstallId;
    if (!id) throw new Error('crash sweep: an uninstall needs a package id');
    return (image, k) => uninstall(image, id, budget(k));
  }
  return (image, k) => Promise.resolve(reboot(image, { mode: spec.mode, ...budget(k) }));
}

async function cutsPower(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return false;
  } catch (error) {
    if (error instanceof PowerCut) return true;
    throw error;
  }
}

/** A short name of a primitive change: its kind and what it changes. */
function describeChange(op: { kind: string } & Record<string, unknown>): string {
  const subject = op.path ?? op.from ?? op.key;
  return `${op.kind} ${String(subject)}${op.kind.startsWith('reg') && op.name !== undefined ? `\\${String(op.name)}` : ''}`;
}

/**
 * Runs the operation uncut on a fork of `setup`, then a clean boot: the old and new digests, and
 * each logged change's description (the change every cut point falls before). The cut points are
 * the changes the power budget counts: a prefix of the logged ones (a restart that completes an
 * install runs after its budget), found by bisection, since a cut after k fires for every k below
 * the count and for none from it on.
 */
export async function crashReference(
  setup: () => ImageCore,
  act: CrashAct,
  mode: CrashSpec['mode'],
): Promise<{ reference: CrashReference; labels: string[] }> {
  const image = setup();
  const oldDigest = digestImage(image);
  const log = opLog(image);
  const start = log.position;
  await act(image);
  const end = log.position;
  const labels = log.range(start, end).map((record) => describeChange(record.op as never));
  reboot(image, { mode });
  let low = 0; // a cut after `low` changes is not known to miss
  let high = end - start; // a cut after `high` changes misses
  if (await cutsPower(() => act(setup(), high)))
    throw new Error(`crash sweep: the operation spends more power than the ${high} changes it logs`);
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (await cutsPower(() => act(setup(), middle))) low = middle + 1;
    else high = middle;
  }
  return {
    reference: { changes: low, oldDigest, newDigest: digestImage(image) },
    labels: labels.slice(0, low),
  };
}

function message(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The outcome of a clean boot of a cut machine, with what breaks the invariant. */
function judge(clean: ImageCore, report: BootReport, reference: CrashReference, failures: string[]) {
  if (clean.journal) failures.push('a journal is left after the recovering boot');
  const digest = digestImage(clean);
  if (digest === reference.oldDigest) return { digest, outcome: 'old' as const };
  if (digest === reference.newDigest) return { digest, outcome: 'new' as const };
  if (report.lost?.length) {
    const again = reboot(forkCore(clean));
    if (again.lost?.length) failures.push('the loss is reported again by the next boot');
    return { digest, outcome: 'lost' as const };
  }
  failures.push(
    `the recovered image is neither the old nor the new one (${report.orphaned?.length ?? 0} orphaned files)`,
  );
  return { digest, outcome: 'failed' as const };
}

/** One cut point: cut, recover, judge, then cut the recovery too. */
export async function runCutPoint(
  setup: () => ImageCore,
  act: CrashAct,
  spec: CrashSpec,
  reference: CrashReference,
  point: number,
): Promise<CrashPointResult> {
  const failures: string[] = [];
  const result: CrashPointResult = {
    point,
    outcome: 'failed',
    recoveryChanges: 0,
    recoveryCuts: 0,
    failures,
  };
  const cut = setup();
  try {
    if (!(await cutsPower(() => act(cut, point)))) {
      failures.push('the operation completed before the cut');
      return result;
    }
    const clean = forkCore(cut);
    const report = reboot(clean, { mode: spec.mode });
    const { digest, outcome } = judge(clean, report, reference, failures);
    result.recoveryChanges = report.recovered?.operations ?? 0;
    result.recoveryCuts = sweepRecoveryCuts(
      { cut, mode: spec.mode, changes: result.recoveryChanges, digest },
      spec.recoveryCutEvery,
      Math.floor(point / spec.cutEvery),
      failures,
    );
    result.outcome = failures.length > 0 ? 'failed' : outcome;
  } catch (error) {
    failures.push(message(error));
  }
  return result;
}

/** The cut points of a sweep, split into tasks of `pointsPerTask`. */
export function crashPointChunks(spec: CrashSpec, changes: number): number[][] {
  const chunks: number[][] = [];
  let chunk: number[] = [];
  for (let k = 0; k < changes; k += spec.cutEvery) {
    chunk.push(k);
    if (chunk.length === spec.pointsPerTask) {
      chunks.push(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
