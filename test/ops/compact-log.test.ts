/**
 * A boot's found moves, deletes and DWORD writes are logged as compact rows, kept in chunks of a
 * fixed size: the log must read, undo and truncate them exactly across chunk boundaries, and a
 * removed file's row must still say what the file was.
 */
import { describe, expect, it } from 'vitest';
import { populate, deleteFound, moveFound, opLog, setDword, undoSince } from '../../src/ops/index.js';
import { digestOf, smallImage } from '../helpers/small-image.js';

const FOLDER = 'WINNT\\system32\\q';
/** More than one chunk of rows (2,048 rows a chunk). */
const FILES = 2_600;

function imageWithFiles(): ReturnType<typeof smallImage> {
  const image = smallImage();
  const t = Date.UTC(2001, 5, 1, 12, 0, 0, 123);
  populate(
    image,
    [{ drive: 'C', path: FOLDER, time: t }],
    Array.from({ length: FILES }, (_, i) => ({
      drive: 'C',
      path: `${FOLDER}\\f${i}.dll`,
      data: Buffer.from(`file ${i}`),
      attributes: i % 2 ? 0x20 : 0x21,
      version: i % 5 ? `5.0.2195.${i}` : undefined,
      created: t + i,
      modified: t + 2 * i,
    })),
  );
  return image;
}

/** Moves every third file, replaces every third one's neighbour, deletes the rest. */
function changeAll(image: ReturnType<typeof smallImage>): void {
  const folder = image.require(`C:\\${FOLDER}`);
  for (let i = 0; i + 1 < FILES; i += 3) {
    const entry = image.require(`C:\\${FOLDER}\\f${i}.dll`);
    moveFound(image, {
      entry,
      targetParent: folder,
      targetName: `g${i}.dll`,
      existing: undefined,
      replace: false,
    });
    const next = image.require(`C:\\${FOLDER}\\f${i + 1}.dll`);
    const existing = image.require(`C:\\${FOLDER}\\g${i}.dll`);
    moveFound(image, { entry: next, targetParent: folder, targetName: `g${i}.dll`, existing, replace: true });
    const third = image.find(`C:\\${FOLDER}\\f${i + 2}.dll`);
    if (third) deleteFound(image, third);
  }
}

describe('compact log rows', () => {
  it('undoing thousands of found moves, replaces and deletes gives back exactly the image before', () => {
    const image = imageWithFiles();
    const before = digestOf(image);
    const mark = opLog(image).position;
    changeAll(image);
    expect(digestOf(image)).not.toBe(before);
    undoSince(image, mark);
    expect(digestOf(image)).toBe(before);
    expect(opLog(image).position).toBe(mark);
  });

  it('the log reads each row back as the operation and undo it stands for', () => {
    const image = imageWithFiles();
    const mark = opLog(image).position;
    changeAll(image);
    const records = opLog(image).since(mark);
    expect(records[0].op).toEqual({
      kind: 'rename',
      from: `C:\\${FOLDER}\\f0.dll`,
      to: `C:\\${FOLDER}\\g0.dll`,
      replace: false,
    });
    const replace = records[1];
    expect(replace.op).toEqual({
      kind: 'rename',
      from: `C:\\${FOLDER}\\f1.dll`,
      to: `C:\\${FOLDER}\\g0.dll`,
      replace: true,
    });
    const t = Date.UTC(2001, 5, 1, 12, 0, 0, 123);
    expect(replace.undo[1]).toEqual({
      kind: 'write',
      path: `C:\\${FOLDER}\\g0.dll`,
      data: Buffer.from('file 0'),
      meta: {
        attributes: 0x21,
        version: null,
        created: t,
        modified: t,
        createdFraction: 0,
        modifiedFraction: 0,
      },
    });
    expect(records[2].op).toEqual({ kind: 'delete', path: `C:\\${FOLDER}\\f2.dll` });
    expect(records[2].undo).toEqual([
      {
        kind: 'write',
        path: `C:\\${FOLDER}\\f2.dll`,
        data: Buffer.from('file 2'),
        meta: {
          attributes: 0x21,
          version: '5.0.2195.2',
          created: t + 2,
          modified: t + 4,
          createdFraction: 0,
          modifiedFraction: 0,
        },
      },
    ]);
    expect(records.map((record) => record.seq)).toEqual(records.map((_, i) => mark + i));
  });

  it('a log truncated inside a chunk keeps the rows before and numbers new ones after them', () => {
    const image = imageWithFiles();
    const start = opLog(image).position;
    changeAll(image);
    const middle = start + 2_100;
    const kept = opLog(image).since(start).slice(0, 2_100);
    undoSince(image, middle);
    expect(opLog(image).since(start)).toEqual(kept);
    const key = 'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\Session Manager';
    setDword(image, key, 'Progress', 7);
    const [written] = opLog(image).since(middle);
    expect(written.op).toEqual({
      kind: 'regSet',
      key,
      name: 'Progress',
      value: { type: 4, bytes: new Uint8Array([7, 0, 0, 0]) },
    });
    expect(written.undo).toEqual([{ kind: 'regDelete', key, name: 'Progress' }]);
  });
});
