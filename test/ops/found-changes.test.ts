/**
 * The door for a boot's found moves and deletes, and for an install's located writes, joins the
 * changed path's folder and name only when it refuses the change: a refusal must still name the whole
 * path, and change nothing.
 */
import { describe, expect, it } from 'vitest';
import { WinError } from '../../src/errors/index.js';
import {
  applyVersionedWriteAt,
  applyWriteAt,
  deleteFound,
  moveFound,
  withServicingLock,
} from '../../src/ops/index.js';
import { digestOf, smallImage } from '../helpers/small-image.js';

/** Runs `call` while another operation holds the image's lock; returns what it threw. */
async function thrownWhileLocked(image: ReturnType<typeof smallImage>, call: () => void): Promise<unknown> {
  let release = (): void => undefined;
  const holding = withServicingLock(image, 'install W2K-SP4', () => new Promise<void>((r) => (release = r)));
  let caught: unknown;
  try {
    call();
  } catch (error) {
    caught = error;
  }
  release();
  await holding;
  return caught;
}

describe('found moves and deletes under a held servicing lock', () => {
  it('a found move is refused with 1618 naming the moved path, and nothing changes', async () => {
    const image = smallImage();
    const entry = image.require('C:\\WINNT\\system32\\kernel32.dll');
    const targetParent = image.require('C:\\WINNT');
    const before = digestOf(image);
    const error = await thrownWhileLocked(image, () =>
      moveFound(image, { entry, targetParent, targetName: 'k.dll', existing: undefined, replace: false }),
    );
    expect(error).toBeInstanceOf(WinError);
    expect((error as WinError).errno).toBe(1618);
    expect((error as WinError).path).toBe('C:\\WINNT\\system32\\kernel32.dll');
    expect(digestOf(image)).toBe(before);
  });

  it('a found delete is refused with 1618 naming the deleted path, and nothing changes', async () => {
    const image = smallImage();
    const entry = image.require('C:\\WINNT\\win.ini');
    const before = digestOf(image);
    const error = await thrownWhileLocked(image, () => deleteFound(image, entry));
    expect(error).toBeInstanceOf(WinError);
    expect((error as WinError).errno).toBe(1618);
    expect((error as WinError).path).toBe('C:\\WINNT\\win.ini');
    expect(digestOf(image)).toBe(before);
  });

  it('a located write is refused with 1618 naming the written path, and nothing changes', async () => {
    const image = smallImage();
    const folder = image.folder('C:\\WINNT\\system32')!;
    const before = digestOf(image);
    for (const write of [
      () => applyWriteAt(image, 'C:\\WINNT\\system32\\', 'new.dll', Buffer.from('x'), undefined, location()),
      () =>
        applyVersionedWriteAt(
          image,
          'C:\\WINNT\\system32\\',
          'new.dll',
          Buffer.from('x'),
          '1.0',
          0x20,
          location(),
        ),
    ]) {
      const error = await thrownWhileLocked(image, write);
      expect(error).toBeInstanceOf(WinError);
      expect((error as WinError).errno).toBe(1618);
      expect((error as WinError).path).toBe('C:\\WINNT\\system32\\new.dll');
    }
    expect(digestOf(image)).toBe(before);

    function location() {
      return image.locateIn(folder, 'new.dll')!;
    }
  });

  it('with the lock released, the same move and delete go through', () => {
    const image = smallImage();
    const entry = image.require('C:\\WINNT\\system32\\kernel32.dll');
    moveFound(image, {
      entry,
      targetParent: image.require('C:\\WINNT'),
      targetName: 'k.dll',
      existing: undefined,
      replace: false,
    });
    deleteFound(image, image.require('C:\\WINNT\\win.ini'));
    expect(image.find('C:\\WINNT\\k.dll')).toBe(entry);
    expect(image.find('C:\\WINNT\\win.ini')).toBeUndefined();
  });
});
