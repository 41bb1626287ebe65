import { describe, expect, it } from 'vitest';
import { PowerCut } from '../../src/errors/index.js';
import { ImageCore, decodeImage, encodeImage } from '../../src/image/index.js';
import {
  applyOp,
  beginTransaction,
  recoverJournal,
  setRegistryValue,
  withPowerBudget,
} from '../../src/ops/index.js';
import { forkCore } from '../helpers/recovery-sweep.js';
import { digestOf, smallImage } from '../helpers/small-image.js';

const NEW_KEY = 'HKLM\\SOFTWARE\\Microsoft\\SPTest4\\Sub';

/** A rollback transaction left open by a power cut after `changes` ran (the machine is off). */
function cutTransaction(changes: (image: ImageCore) => void): { image: ImageCore; before: string } {
  const image = smallImage();
  const before = digestOf(image);
  beginTransaction(image, 'install W2K-SP4');
  changes(image);
  image.poweredOff = true;
  return { image, before };
}

/** Recovery as the boot runs it: the power is back, the budget armed, a cut switches it off again. */
async function recoverWithCut(image: ImageCore, after: number): Promise<'cut' | 'done'> {
  image.poweredOff = false;
  try {
    await withPowerBudget(image, after, () => recoverJournal(image));
    return 'done';
  } catch (error) {
    if (!(error instanceof PowerCut)) throw error;
    return 'cut';
  }
}

/** The AddReg of a value in a key the install creates: its undo is "delete the value, then the key". */
const addValueInNewKey = (image: ImageCore): void =>
  setRegistryValue(image, NEW_KEY, 'Level', 'REG_DWORD', 4);

/** A rename that replaces its target: its undo is "rename back, then write the replaced file again". */
const replacingRename = (image: ImageCore): void => {
  applyOp(image, { kind: 'write', path: 'C:\\WINNT\\system32\\kernel32.new', data: Buffer.from('v2') });
  applyOp(image, {
    kind: 'rename',
    from: 'C:\\WINNT\\system32\\kernel32.new',
    to: 'C:\\WINNT\\system32\\kernel32.dll',
    replace: true,
  });
};

describe('a power cut inside recovery', () => {
  it('recovery spends the power budget: it can be cut after any of its primitive changes', async () => {
    const { image } = cutTransaction(addValueInNewKey);
    expect(await recoverWithCut(image, 0)).toBe('cut');
    expect(image.poweredOff).toBe(true);
    expect(image.journal).toBeDefined();
  });

  for (const [what, changes] of [
    ["an AddReg's 'delete the value, then the key it created'", addValueInNewKey],
    ["a replacing rename's 'rename back, then write the replaced file'", replacingRename],
  ] as const) {
    it(`a cut in the middle of ${what} no longer bricks the image (ERROR_FILE_NOT_FOUND at every later recovery)`, async () => {
      const steps = cutTransaction(changes).image.journal!.undo;
      const total = steps.flat().length;
      expect(
        steps.some((step) => step.length > 1),
        'a step of several changes',
      ).toBe(true);
      for (let j = 0; j < total; j++) {
        const { image, before } = cutTransaction(changes);
        expect(await recoverWithCut(image, j), `cut after ${j} of ${total}`).toBe('cut');
        // the cut image survives a save and a load, as it would on disk
        const reloaded = decodeImage(Buffer.concat(encodeImage(image)), 'cut.svcimg', (registry) => {
          return new ImageCore({ registry });
        });
        for (const recovering of [image, reloaded]) {
          expect(await recoverWithCut(recovering, total), `resumed after ${j}`).toBe('done');
          expect(recovering.journal).toBeUndefined();
          expect(digestOf(recovering), `cut after ${j} of ${total}`).toBe(before);
        }
      }
    });
  }

  it('a cut recovery cut again resumes each time where the last one stopped, never repeating a change', async () => {
    const both = (image: ImageCore): void => {
      addValueInNewKey(image);
      replacingRename(image);
    };
    const { image, before } = cutTransaction(both);
    const total = image.journal!.undo.flat().length;
    // one change per boot: as many boots as changes, the last one finishing
    for (let boots = 1; boots <= total; boots++) {
      expect(await recoverWithCut(image, 1), `boot ${boots} of ${total}`).toBe(
        boots < total ? 'cut' : 'done',
      );
    }
    expect(image.journal).toBeUndefined();
    expect(digestOf(image)).toBe(before);
  });

  it('a fork of a cut image recovers on its own: the journal it shares operations with stays whole', async () => {
    const { image, before } = cutTransaction(replacingRename);
    const steps = image.journal!.undo.map((step) => step.length);
    const copy = forkCore(image);
    expect(await recoverWithCut(copy, 1)).toBe('cut');
    expect(await recoverWithCut(copy, 99)).toBe('done');
    expect(image.journal!.undo.map((step) => step.length)).toEqual(steps);
    expect(image.journal!.undone).toBeUndefined();
    expect(await recoverWithCut(image, 99)).toBe('done');
    expect(digestOf(image)).toBe(before);
    expect(digestOf(copy)).toBe(before);
  });
});
