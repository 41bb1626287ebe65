/**
 * An install that queues in-use files appends to the boot-time rename queue (one `regAppend` per
 * file, issue 14): undoing it, or a power cut between its appends, gives the queue back byte for byte,
 * even a queue some other program left damaged.
 */
import { describe, expect, it } from 'vitest';
import {
  PENDING_RENAME_VALUES,
  SESSION_MANAGER_KEY,
  encodePendingRenames,
  reboot,
} from '../../src/boot/index.js';
import { PowerCut } from '../../src/errors/index.js';
import { digestImage } from '../../src/image/index.js';
import { opLog, setRegistryRawValue } from '../../src/ops/index.js';
import { install } from '../../src/servicing/index.js';
import type { WinImage } from '../../src/machine/index.js';
import { serverImage, smallServicePack } from './helpers.js';
import { coreOf } from '../../src/machine/internal.js';

const QUEUE = PENDING_RENAME_VALUES[1];

/** Entries, then a string without its NUL and an odd byte: appending must cut only what it restores. */
const DAMAGED = Buffer.concat([
  encodePendingRenames([{ source: '\\??\\C:\\a', destination: null, replaceExisting: false }]).subarray(
    0,
    -2,
  ),
  Buffer.from('\\??\\C:\\dangling', 'utf16le'),
  Buffer.from([0x41]),
]);

function imageWithDamagedQueue(): WinImage {
  const image = serverImage();
  setRegistryRawValue(coreOf(image), SESSION_MANAGER_KEY, QUEUE, 7, DAMAGED);
  return image;
}

const queueOf = (image: WinImage): Buffer =>
  Buffer.from(coreOf(image).registry.getRawValue(SESSION_MANAGER_KEY, QUEUE)!.bytes);

describe('an install that queued renames, undone', () => {
  it('undo of the install restores the queue value exactly and the image digest', async () => {
    const image = imageWithDamagedQueue();
    const before = digestImage(coreOf(image));
    const mark = image.mark();
    const result = await install(coreOf(image), smallServicePack(), { switches: '-z', restart: 'later' });
    expect(result.code).toBe(3010);
    const appends = image.operations(mark).filter((record) => record.op.kind === 'regAppend');
    expect(appends.length).toBeGreaterThanOrEqual(2);
    image.undo(mark);
    expect(queueOf(image)).toEqual(DAMAGED);
    expect(digestImage(coreOf(image))).toBe(before);
  });

  it('a power cut before, between or after the appends of an install recovers the queue exactly', async () => {
    const probe = imageWithDamagedQueue();
    const mark = opLog(coreOf(probe)).position;
    await install(coreOf(probe), smallServicePack(), { switches: '-z', restart: 'later' });
    const appendsAt = opLog(coreOf(probe))
      .since(mark)
      .flatMap((record, i) => (record.op.kind === 'regAppend' ? [i] : []));
    expect(appendsAt.length).toBeGreaterThanOrEqual(2);
    const expected = imageWithDamagedQueue();
    reboot(coreOf(expected));
    const cuts = new Set(appendsAt.flatMap((i) => [i - 1, i, i + 1]));
    for (const k of cuts) {
      const image = imageWithDamagedQueue();
      await expect(
        install(coreOf(image), smallServicePack(), { switches: '-z', restart: 'later', powerCutAfter: k }),
      ).rejects.toBeInstanceOf(PowerCut);
      expect(queueOf(image).equals(DAMAGED), `cut after ${k}: the queue as the cut left it`).toBe(
        k <= appendsAt[0],
      );
      reboot(coreOf(image));
      expect(digestImage(coreOf(image)), `cut after ${k}`).toBe(digestImage(coreOf(expected)));
    }
  });
});
