/**
 * A rollback journal gets the undo of a boot's found moves, deletes and DWORD writes (compact log
 * rows) as well as of operations applied whole: read at any point it must hold them all in order,
 * and it must give back the image before through an abort, a disabled log, a save and load, a fork.
 */
import { describe, expect, it } from 'vitest';
import { ImageCore, decodeImage, encodeImage } from '../../src/image/index.js';
import {
  abortTransaction,
  applyOp,
  beginTransaction,
  deleteFound,
  moveFound,
  opLog,
  recoverJournal,
  setDword,
} from '../../src/ops/index.js';
import { forkCore } from '../helpers/recovery-sweep.js';
import { digestOf, smallImage } from '../helpers/small-image.js';

const FOLDER = 'C:\\WINNT\\q';
const KEY = 'HKLM\\SOFTWARE\\Q';

function prepared(): ImageCore {
  const image = smallImage();
  applyOp(image, { kind: 'mkdir', path: FOLDER });
  for (const name of ['a.dll', 'b.dll', 'c.dll']) {
    applyOp(image, { kind: 'write', path: `${FOLDER}\\${name}`, data: Buffer.from(name) });
  }
  applyOp(image, {
    kind: 'regSet',
    key: KEY,
    name: 'Done',
    value: { type: 4, bytes: new Uint8Array([1, 0, 0, 0]) },
  });
  return image;
}

/** Compact changes and one built at once, interleaved. */
function changes(image: ImageCore): void {
  const folder = image.require(FOLDER);
  const a = image.require(`${FOLDER}\\a.dll`);
  moveFound(image, {
    entry: a,
    targetParent: folder,
    targetName: 'a2.dll',
    existing: undefined,
    replace: false,
  });
  applyOp(image, { kind: 'write', path: `${FOLDER}\\new.dll`, data: Buffer.from('new') });
  const b = image.require(`${FOLDER}\\b.dll`);
  const c = image.require(`${FOLDER}\\c.dll`);
  moveFound(image, { entry: b, targetParent: folder, targetName: 'c.dll', existing: c, replace: true });
  deleteFound(image, image.require(`${FOLDER}\\a2.dll`));
  setDword(image, KEY, 'Done', 7);
}

describe('a rollback journal of compact changes', () => {
  it('read mid-transaction, it holds each change undo in order, compact rows and ops built at once interleaved', () => {
    const image = prepared();
    const mark = opLog(image).position;
    beginTransaction(image, 'entry');
    changes(image);
    const logged = opLog(image)
      .since(mark)
      .map((record) => record.undo);
    expect(image.journal!.undo).toEqual(logged);
    expect(image.journal!.undo).toHaveLength(5);
  });

  it('an abort gives back exactly the image before', () => {
    const image = prepared();
    const before = digestOf(image);
    beginTransaction(image, 'entry');
    changes(image);
    expect(digestOf(image)).not.toBe(before);
    expect(abortTransaction(image)).toBe(6);
    expect(digestOf(image)).toBe(before);
  });

  it('with the log disabled (its rows dropped at once), an abort still gives back the image before', () => {
    const image = prepared();
    const before = digestOf(image);
    opLog(image).enabled = false;
    beginTransaction(image, 'entry');
    changes(image);
    abortTransaction(image);
    expect(digestOf(image)).toBe(before);
  });

  it('a journal left open survives a save and a load, and its recovery gives back the image before', () => {
    const image = prepared();
    const before = digestOf(image);
    beginTransaction(image, 'entry');
    changes(image);
    const reloaded = decodeImage(Buffer.concat(encodeImage(image)), 'cut.svcimg', (registry) => {
      return new ImageCore({ registry });
    });
    for (const recovering of [image, reloaded]) {
      expect(recoverJournal(recovering)?.operations).toBe(6);
      expect(digestOf(recovering)).toBe(before);
    }
  });

  it('a fork taken mid-transaction recovers on its own', () => {
    const image = prepared();
    const before = digestOf(image);
    beginTransaction(image, 'entry');
    changes(image);
    const copy = forkCore(image);
    recoverJournal(copy);
    expect(digestOf(copy)).toBe(before);
    expect(abortTransaction(image)).toBe(6);
    expect(digestOf(image)).toBe(before);
  });
});
