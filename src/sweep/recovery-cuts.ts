/**
 * Cuts inside the recovery of a cut machine. Two ways to reach the same verdict:
 * - one by one (`recoveryCutsOneByOne`): for each j, a fork of the cut machine, a boot cut after j
 *   changes, a clean boot, a digest. Costs a fork, j + (m - j) recovery changes and a digest per j;
 * - by chain (`recoveryCutsByChain`): one fork, a boot cut before the first change of recovery, then
 *   m - 1 boots each cut after exactly one change, each a fresh boot resuming from the progress the
 *   journal records, then a clean boot that must make exactly the last change and end in the same
 *   image. Costs one boot step per j and one digest per cut point.
 * The chain is sound because a boot's recovery keeps nothing outside the image: each change is read
 * from the journal and its progress is written back with it, so the boot after a cut at j, having
 * made change j, is in the state the chain's next link starts from (RELIABILITY.md argues it).
 * When the chain finds anything wrong it proves nothing about which cut broke, so the one-by-one
 * sweep runs and names each failing cut (and a chain failure no single cut repeats is a failure too).
 */
import { reboot } from '../boot/index.js';
import { PowerCut } from '../errors/index.js';
import { digestImage, type ImageCore } from '../image/index.js';
import { forkCore } from './inputs.js';
import type { BootMode } from './types.js';

function message(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Boots with a cut after `j` changes; says whether the cut fell inside recovery (a journal is left). */
function cutRecoveringBoot(image: ImageCore, mode: BootMode, j: number): boolean {
  try {
    reboot(image, { mode, powerCutAfter: j });
  } catch (error) {
    if (!(error instanceof PowerCut)) throw error;
    return image.journal !== undefined;
  }
  return false;
}

/** What every recovery-cut sweep needs: the cut machine, how its recovery boots, and where it must end. */
export interface RecoveryCutCase {
  /** The machine as the operation's power cut left it; the one-by-one sweep's last cut uses it up. */
  cut: ImageCore;
  mode: BootMode;
  /** Changes the uncut recovering boot made. */
  changes: number;
  /** The image the uncut recovering boot ended in. */
  digest: string;
}

/**
 * Cuts after `j` changes for each j in `cuts`, each on its own fork but the last, which runs on the
 * cut machine itself (one fork fewer per cut point); the failures, by cut.
 */
export function recoveryCutsOneByOne(c: RecoveryCutCase, cuts: readonly number[]): string[] {
  const failures: string[] = [];
  for (let i = 0; i < cuts.length; i++) {
    const j = cuts[i];
    const image = i === cuts.length - 1 ? c.cut : forkCore(c.cut);
    try {
      if (!cutRecoveringBoot(image, c.mode, j))
        failures.push(`recovery cut after ${j}: did not fall inside recovery`);
      reboot(image, { mode: c.mode });
      if (image.journal) failures.push(`recovery cut after ${j}: a journal is left`);
      if (digestImage(image) !== c.digest)
        failures.push(`recovery cut after ${j} of ${c.changes}: a different image`);
    } catch (error) {
      failures.push(`recovery cut after ${j}: ${message(error)}`);
    }
  }
  return failures;
}

/**
 * Cuts after every change of the recovery (0 to changes - 1) by chain, on a fork; undefined when every link
 * cut inside recovery and the last boot made exactly the last change and ended in `digest` with no
 * journal, else why not (then nothing is known about which cut broke).
 */
export function recoveryCutsByChain(c: RecoveryCutCase): string | undefined {
  if (c.changes === 0) return undefined;
  const image = forkCore(c.cut);
  try {
    for (let j = 0; j < c.changes; j++) {
      // the first link cuts before any change; each later one makes exactly one change, then cuts
      if (!cutRecoveringBoot(image, c.mode, j === 0 ? 0 : 1))
        return `chain link ${j}: the cut did not fall inside recovery`;
    }
    const last = reboot(image, { mode: c.mode });
    if (last.recovered?.operations !== 1)
      return `chain end: the last boot recovered ${last.recovered?.operations ?? 0} changes, not 1`;
    if (image.journal) return 'chain end: a journal is left';
    if (digestImage(image) !== c.digest) return 'chain end: a different image';
  } catch (error) {
    return `chain: ${message(error)}`;
  }
  return undefined;
}

/**
 * The recovery cuts of one cut point: every `every`-th change from `offset` one by one; with
 * `every` 1, by chain first and one by one only when the chain finds something. Uses up `c.cut`.
 * Returns how many cuts were covered.
 */
export function sweepRecoveryCuts(
  c: RecoveryCutCase,
  every: number,
  offset: number,
  failures: string[],
): number {
  const chain = every === 1 ? recoveryCutsByChain(c) : undefined;
  if (every === 1 && chain === undefined) return c.changes;
  const cuts: number[] = [];
  for (let j = every === 1 ? 0 : offset % every; j < c.changes; j += every) cuts.push(j);
  const found = recoveryCutsOneByOne(c, cuts);
  // a chain that fails where no single cut does would mean the chain's argument is wrong: say so
  if (chain !== undefined && found.length === 0) found.push(`${chain}, yet no cut fails on its own fork`);
  failures.push(...found);
  return cuts.length;
}
