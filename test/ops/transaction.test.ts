import { describe, expect, it } from 'vitest';
import { PowerCut } from '../../src/errors/index.js';
import {
  beginTransaction,
  commitTransaction,
  recoverJournal,
  runPlan,
  withPowerBudget,
  writeFile,
} from '../../src/ops/index.js';
import type { PrimitiveOp } from '../../src/image/index.js';
import { digestOf, smallImage } from '../helpers/small-image.js';

function changes(image: ReturnType<typeof smallImage>): void {
  writeFile(image, 'C:\\WINNT\\system32\\kernel32.dll', Buffer.from('v2'));
  writeFile(image, 'C:\\WINNT\\new.dll', Buffer.from('new'));
  writeFile(image, 'C:\\boot.ini', Buffer.from('changed'));
}

describe('transactions, power cuts and recovery', () => {
  it('a power cut inside a rollback transaction is rolled back by recovery: exactly the old image', async () => {
    for (let k = 0; k <= 3; k++) {
      const image = smallImage();
      const before = digestOf(image);
      beginTransaction(image, 'test');
      const run = withPowerBudget(image, k, () => changes(image));
      if (k < 3) await expect(run).rejects.toBeInstanceOf(PowerCut);
      else await run;
      if (k < 3) {
        expect(image.poweredOff).toBe(true);
        expect(() => writeFile(image, 'C:\\x', Buffer.from('x'))).toThrow(
          expect.objectContaining({ code: 'ERROR_NOT_READY' }),
        );
        image.poweredOff = false;
        const report = recoverJournal(image);
        expect(report?.operations).toBe(k);
        expect(digestOf(image)).toBe(before);
      } else {
        commitTransaction(image);
        expect(recoverJournal(image)).toBeUndefined();
      }
    }
  });

  it('a roll-forward transaction cut anywhere is completed by recovery: exactly the new image', async () => {
    const plan: PrimitiveOp[] = [
      { kind: 'write', path: 'C:\\WINNT\\a.dll', data: Buffer.from('a') },
      { kind: 'write', path: 'C:\\WINNT\\b.dll', data: Buffer.from('b') },
      { kind: 'delete', path: 'C:\\boot.ini' },
    ];
    const reference = smallImage();
    beginTransaction(reference, 'ref', { mode: 'rollforward', plan });
    runPlan(reference);
    commitTransaction(reference);
    for (let k = 0; k < plan.length; k++) {
      const image = smallImage();
      beginTransaction(image, 'rf', { mode: 'rollforward', plan });
      await expect(withPowerBudget(image, k, () => runPlan(image))).rejects.toBeInstanceOf(PowerCut);
      image.poweredOff = false;
      recoverJournal(image);
      expect(digestOf(image)).toBe(digestOf(reference));
    }
  });
});
