/**
 * Power cuts at every primitive change of an operation, then at every change of the recovery that
 * the next boot runs, then a clean boot: the image must be exactly the old or the new one.
 */
import { expect } from 'vitest';
import { reboot, type BootReport } from '../../src/boot/index.js';
import { PowerCut } from '../../src/errors/index.js';
import { ImageCore, copyImage, digestImage } from '../../src/image/index.js';

type Mode = 'windows' | 'transactional';

export interface SweepSpec {
  /** A fresh machine, ready for the operation. */
  setup: () => ImageCore;
  /** The operation, with the power cut after `powerCutAfter` primitive changes when given. */
  act: (image: ImageCore, powerCutAfter?: number) => unknown;
  /** The mode of every boot after the operation. */
  mode?: Mode;
  /** Cut the operation after every `cutEvery`-th change only (a sample; 1, every change, by default). */
  cutEvery?: number;
  /** Likewise for the cuts inside each recovery. */
  recoveryCutEvery?: number;
}

export interface SweepResult {
  /** Cut points of the operation (each left the machine off). */
  cuts: number;
  /** Cut points inside the recoveries of those cuts. */
  recoveryCuts: number;
  /** Which state each cut of the operation ended in. */
  outcomes: Set<'old' | 'new'>;
}

/** An independent copy of an image, journal, notes and power state included. */
export function forkCore(image: ImageCore): ImageCore {
  const copy = new ImageCore({ time: image.clock, registry: image.registry.clone() });
  copyImage(image, copy);
  return copy;
}

async function cutsPower(run: () => unknown): Promise<boolean> {
  try {
    await run();
    return false;
  } catch (error) {
    if (!(error instanceof PowerCut)) throw error;
    return true;
  }
}

/** Boots the cut machine with a cut after `j` changes; says whether the cut fell inside recovery. */
function cutRecoveringBoot(image: ImageCore, mode: Mode, j: number): boolean {
  try {
    reboot(image, { mode, powerCutAfter: j });
  } catch (error) {
    if (!(error instanceof PowerCut)) throw error;
    return image.journal !== undefined;
  }
  return false;
}

/**
 * For every k until the operation completes: cut it after k changes; boot cleanly (how many changes
 * recovery makes is in its report); and for every j below that, boot with a cut after j changes of
 * recovery, then boot cleanly. Every path must end in the state the uncut recovery reached, and
 * that state must be the old or the new image (the new one: the operation, then a clean boot).
 */
export async function sweepCutsInRecovery(spec: SweepSpec): Promise<SweepResult> {
  const mode = spec.mode ?? 'windows';
  const reference = spec.setup();
  const oldDigest = digestImage(reference);
  await spec.act(reference);
  reboot(reference, { mode });
  const newDigest = digestImage(reference);
  const result: SweepResult = { cuts: 0, recoveryCuts: 0, outcomes: new Set() };
  const cutEvery = spec.cutEvery ?? 1;
  const recoveryCutEvery = spec.recoveryCutEvery ?? 1;
  for (let k = 0; ; k += cutEvery) {
    await new Promise((resolve) => setImmediate(resolve)); // let the test runner's RPC through
    const cut = spec.setup();
    if (!(await cutsPower(() => spec.act(cut, k)))) break;
    result.cuts++;
    expect(cut.poweredOff, `cut after ${k}`).toBe(true);
    const clean = forkCore(cut);
    const report: BootReport = reboot(clean, { mode });
    expect(clean.journal).toBeUndefined();
    const recovered = digestImage(clean);
    expect([oldDigest, newDigest], `cut after ${k}`).toContain(recovered);
    result.outcomes.add(recovered === oldDigest ? 'old' : 'new');
    const changes = report.recovered?.operations ?? 0;
    // the offset varies with k so that a sample still reaches every step of recovery across cuts
    for (let j = result.cuts % recoveryCutEvery; j < changes; j += recoveryCutEvery) {
      const image = forkCore(cut);
      expect(cutRecoveringBoot(image, mode, j), `cut after ${k}, recovery cut after ${j}`).toBe(true);
      result.recoveryCuts++;
      reboot(image, { mode });
      expect(image.journal).toBeUndefined();
      expect(digestImage(image), `cut after ${k}, recovery cut after ${j} of ${changes}`).toBe(recovered);
    }
  }
  return result;
}
