/**
 * An install's writes to located files go through `applyWriteAt` (or `applyVersionedWriteAt`), which
 * log the folder and the name (and a version and attributes) as a row instead of the operation: read back, undone, truncated, trimmed and rolled back after a
 * power cut, those writes must be exactly the `applyOp` writes they stand for, across chunks of rows
 * and mixed with full records and a boot's compact rows.
 */
import { describe, expect, it } from 'vitest';
import { PowerCut } from '../../src/errors/index.js';
import type { FileMeta, ImageCore, PrimitiveOp } from '../../src/image/index.js';
import {
  applyOp,
  applyVersionedWriteAt,
  applyWriteAt,
  armPowerCut,
  beginTransaction,
  commitTransaction,
  deleteFound,
  opLog,
  recoverJournal,
  undoSince,
} from '../../src/ops/index.js';
import { forkCore } from '../helpers/recovery-sweep.js';
import { digestOf, smallImage } from '../helpers/small-image.js';

const FOLDER = 'C:\\WINNT\\system32';
/** More than one chunk of rows (2,048 rows a chunk). */
const WRITES = 2_300;

/** The i-th write: new files, with and without metadata, and every seventh over kernel32.dll. */
function nthWrite(i: number): { name: string; data: Buffer; meta: FileMeta | undefined } {
  const name = i % 7 === 3 ? 'kernel32.dll' : `w${i}.dll`;
  const meta: FileMeta | undefined =
    i % 2 === 0 ? undefined : { version: i % 3 ? `5.0.2195.${i}` : null, attributes: 0x20 | (i & 1) };
  return { name, data: Buffer.from(`write ${i}`), meta };
}

/** The writes through `applyWriteAt` (`rows`) or `applyOp`, a delete found among them now and then. */
function writeAll(image: ImageCore, rows: boolean, from = 0, to = WRITES): void {
  const folder = image.folder(FOLDER)!;
  for (let i = from; i < to; i++) {
    const { name, data, meta } = nthWrite(i);
    const location = rows ? image.locateIn(folder, name)! : undefined;
    // every other write with metadata keeps its version and attributes in the row's cells
    if (location && meta && i % 4 === 1)
      applyVersionedWriteAt(image, `${FOLDER}\\`, name, data, meta.version!, meta.attributes!, location);
    else if (location) applyWriteAt(image, `${FOLDER}\\`, name, data, meta, location);
    else {
      const op: PrimitiveOp = meta
        ? { kind: 'write', path: `${FOLDER}\\${name}`, data, meta }
        : { kind: 'write', path: `${FOLDER}\\${name}`, data };
      applyOp(image, op);
    }
    if (i % 500 === 251) deleteFound(image, image.require(`${FOLDER}\\w${i}.dll`));
  }
}

describe('writes logged as rows of folder and name', () => {
  it('read back as the operations and undos applyOp logs, exactly', () => {
    const rows = smallImage();
    const ops = smallImage();
    writeAll(rows, true);
    writeAll(ops, false);
    expect(digestOf(rows)).toBe(digestOf(ops));
    const read = opLog(rows).since(0);
    expect(read).toHaveLength(WRITES + 5);
    expect(read).toStrictEqual(opLog(ops).since(0));
  });

  it('are undone to any mark, and the rows after it are numbered again from there', () => {
    const image = smallImage();
    const ops = smallImage();
    const before = digestOf(image);
    writeAll(image, true, 0, 2_100);
    writeAll(ops, false, 0, 2_100);
    const mark = opLog(image).position;
    const middle = digestOf(image);
    writeAll(image, true, 2_100, WRITES);
    writeAll(ops, false, 2_100, WRITES);
    undoSince(image, mark);
    undoSince(ops, mark);
    expect(digestOf(image)).toBe(middle);
    // what is written after the undo reads back as itself, not as the rows it took the place of
    writeAll(image, true, 2_100, WRITES);
    writeAll(ops, false, 2_100, WRITES);
    expect(opLog(image).since(0)).toStrictEqual(opLog(ops).since(0));
    undoSince(image, 0);
    expect(digestOf(image)).toBe(before);
    expect(opLog(image).length).toBe(0);
  });

  it('read back the same after the log is trimmed, and undo from there', () => {
    const image = smallImage();
    writeAll(image, true, 0, 1_000);
    const mark = opLog(image).position;
    const middle = digestOf(image);
    writeAll(image, true, 1_000, WRITES);
    const kept = opLog(image).since(mark);
    opLog(image).trim(mark);
    expect(opLog(image).since(mark)).toStrictEqual(kept);
    undoSince(image, mark);
    expect(digestOf(image)).toBe(middle);
  });

  it('are rolled back by recovery after a power cut in a transaction', () => {
    for (const cutAfter of [0, 1, 777, 2_049]) {
      const image = smallImage();
      const before = digestOf(image);
      beginTransaction(image, 'install test');
      armPowerCut(image, cutAfter);
      expect(() => writeAll(image, true)).toThrow(PowerCut);
      image.poweredOff = false;
      const report = recoverJournal(image);
      expect(report?.transaction).toBe('install test');
      expect(digestOf(image)).toBe(before);
    }
  });

  it('stay written when the transaction commits', () => {
    const image = smallImage();
    const ops = smallImage();
    beginTransaction(image, 'install test');
    writeAll(image, true);
    commitTransaction(image);
    writeAll(ops, false);
    expect(digestOf(image)).toBe(digestOf(ops));
  });

  it('give the journal one step for each run of creations, their deletes in creation order', () => {
    const image = smallImage();
    beginTransaction(image, 'install test');
    // writes 0 to 2 create, 3 writes over kernel32.dll, 4 to 6 create
    writeAll(image, true, 0, 7);
    const deletes = (from: number, to: number): PrimitiveOp[] =>
      Array.from({ length: to - from }, (_, k) => ({ kind: 'delete', path: `${FOLDER}\\w${from + k}.dll` }));
    expect(image.journal!.undo).toHaveLength(3);
    expect(image.journal!.undo[0]).toStrictEqual(deletes(0, 3));
    expect(image.journal!.undo[1]).toHaveLength(1);
    expect(image.journal!.undo[1][0]).toMatchObject({ kind: 'write', path: `${FOLDER}\\kernel32.dll` });
    expect(image.journal!.undo[2]).toStrictEqual(deletes(4, 7));
    // another step between creations ends their run
    applyOp(image, { kind: 'mkdir', path: 'C:\\WINNT\\fresh' });
    writeAll(image, true, 8, 10);
    expect(image.journal!.undo.map((step) => step.length)).toEqual([3, 1, 3, 1, 2]);
    commitTransaction(image);
  });

  it('are rolled back by a recovery cut at any change, then resumed', () => {
    const writes = 40;
    const cutImage = (): { image: ImageCore; before: string } => {
      const image = smallImage();
      const before = digestOf(image);
      beginTransaction(image, 'install test');
      writeAll(image, true, 0, writes);
      image.poweredOff = true;
      return { image, before };
    };
    const total = cutImage().image.journal!.undo.flat().length;
    expect(total).toBe(writes);
    for (let j = 0; j < total; j++) {
      const { image, before } = cutImage();
      image.poweredOff = false;
      armPowerCut(image, j);
      expect(() => recoverJournal(image), `cut after ${j}`).toThrow(PowerCut);
      image.poweredOff = false;
      expect(recoverJournal(image)?.operations).toBe(total - j);
      expect(digestOf(image), `cut after ${j}`).toBe(before);
    }
  });

  it('leave a fork made during the transaction its own journal', () => {
    const image = smallImage();
    const before = digestOf(image);
    beginTransaction(image, 'install test');
    writeAll(image, true, 0, 3);
    const copy = forkCore(image);
    writeAll(image, true, 4, 7);
    writeAll(copy, true, 4, 6);
    expect(copy.journal!.undo.map((step) => step.length)).toEqual([3, 2]);
    // the run of creations goes on in the image's own step, not in the copy of it the fork took
    expect(image.journal!.undo.map((step) => step.length)).toEqual([6]);
    image.poweredOff = true;
    copy.poweredOff = true;
    for (const cut of [image, copy]) {
      cut.poweredOff = false;
      recoverJournal(cut);
      expect(digestOf(cut)).toBe(before);
    }
  });
});
