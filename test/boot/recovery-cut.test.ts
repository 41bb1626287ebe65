import { describe, expect, it } from 'vitest';
import { MOVEFILE } from '../../src/ops/index.js';
import { queueRename, reboot } from '../../src/boot/index.js';
import { sweepCutsInRecovery } from '../helpers/recovery-sweep.js';
import { allowProtectedRenames, makeImage, protect } from './helpers.js';

const DELAY = MOVEFILE.DELAY_UNTIL_REBOOT;
const REPLACE = DELAY | MOVEFILE.REPLACE_EXISTING;

/** Replacing renames (one over a read-only file, one over a protected one), a delete and a move. */
function machineWithReplacingRenames() {
  const image = makeImage({
    'C:\\WINNT\\system32\\a.dll': 'a1',
    'C:\\WINNT\\system32\\a.new': 'a2',
    'C:\\WINNT\\system32\\ro.dll': { data: 'ro1', attributes: 0x21 },
    'C:\\WINNT\\system32\\ro.new': 'ro2',
    'C:\\WINNT\\system32\\wfp.dll': 'w1',
    'C:\\WINNT\\system32\\wfp.new': 'w2',
    'C:\\WINNT\\old.dll': 'gone',
    'C:\\move.me': 'moved',
  });
  protect(image, 'C:\\WINNT\\system32\\wfp.dll');
  allowProtectedRenames(image);
  queueRename(image, 'C:\\WINNT\\system32\\a.new', 'C:\\WINNT\\system32\\a.dll', REPLACE);
  queueRename(image, 'C:\\WINNT\\system32\\ro.new', 'C:\\WINNT\\system32\\ro.dll', REPLACE);
  queueRename(image, 'C:\\WINNT\\system32\\wfp.new', 'C:\\WINNT\\system32\\wfp.dll', REPLACE);
  queueRename(image, 'C:\\WINNT\\old.dll', null, DELAY);
  queueRename(image, 'C:\\move.me', 'C:\\WINNT\\moved', DELAY);
  return image;
}

describe('power cuts inside the recovery of a cut transactional boot', () => {
  it("a cut between a replacing rename's 'rename back' and 'write the replaced file' no longer bricks the image", async () => {
    const result = await sweepCutsInRecovery({
      setup: machineWithReplacingRenames,
      act: (image, powerCutAfter) =>
        reboot(image, { mode: 'transactional', ...(powerCutAfter === undefined ? {} : { powerCutAfter }) }),
      mode: 'transactional',
    });
    expect(result.cuts).toBeGreaterThan(8);
    expect(result.recoveryCuts).toBeGreaterThan(3);
    expect([...result.outcomes]).toEqual(['new']);
  });
});
