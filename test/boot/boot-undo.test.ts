/**
 * A boot's moves, deletes and progress writes are logged as compact records (src/ops/compact.ts):
 * the log must still list each primitive operation with the undo `applyOp` gives it, and `undo(mark)`
 * must give back the image as it was before the boot, in both modes.
 */
import { describe, expect, it } from 'vitest';
import { digestImage, type ImageCore } from '../../src/image/index.js';
import { MOVEFILE, opLog, undoSince } from '../../src/ops/index.js';
import { PENDING_RENAME_VALUES, SESSION_MANAGER_KEY, queueRename, reboot } from '../../src/boot/index.js';
import { makeImage, tree } from './helpers.js';

const DELAY = MOVEFILE.DELAY_UNTIL_REBOOT;
const REPLACE = DELAY | MOVEFILE.REPLACE_EXISTING;

/** A queue with a rename, a replace of a read-only file stored in upper case, deletes of a file and a folder. */
function machine(): ImageCore {
  const image = makeImage(
    {
      'C:\\WINNT\\A.DLL': { data: 'old', attributes: 0x21 },
      'C:\\WINNT\\a.new': 'new',
      'C:\\WINNT\\b.new': 'b',
      'C:\\WINNT\\gone.txt': 'gone',
    },
    ['C:\\empty'],
  );
  queueRename(image, 'C:\\WINNT\\a.new', 'C:\\WINNT\\a.dll', REPLACE);
  queueRename(image, 'C:\\WINNT\\b.new', 'C:\\b.dll', DELAY);
  queueRename(image, 'C:\\WINNT\\gone.txt', null, DELAY);
  queueRename(image, 'C:\\empty', null, DELAY);
  return image;
}

const fileMeta = (image: ImageCore, path: string): object => {
  const entry = image.find(path)!;
  return {
    attributes: entry.attributes,
    version: entry.version ?? null,
    created: entry.created,
    modified: entry.modified,
    createdFraction: entry.createdFraction,
    modifiedFraction: entry.modifiedFraction,
  };
};

describe('boot and the operation log', () => {
  for (const mode of ['windows', 'transactional'] as const) {
    it(`undo(mark) gives back the image a ${mode} boot changed, byte for byte`, () => {
      const image = machine();
      const before = digestImage(image);
      const files = tree(image);
      const mark = opLog(image).position;
      const report = reboot(image, { mode });
      expect(report.counts).toEqual({ renamed: 1, replaced: 1, deleted: 2, failed: 0 });
      undoSince(image, mark);
      expect(tree(image)).toEqual(files);
      expect(digestImage(image)).toBe(before);
    });
  }

  it('lists each move and delete with the undo applyOp would give it', () => {
    const image = machine();
    const replacedMeta = { ...fileMeta(image, 'C:\\WINNT\\A.DLL'), attributes: 0 };
    const goneMeta = fileMeta(image, 'C:\\WINNT\\gone.txt');
    const emptyMeta = fileMeta(image, 'C:\\empty');
    const mark = opLog(image).position;
    reboot(image);
    const records = opLog(image)
      .since(mark)
      .filter((record) => !record.op.kind.startsWith('reg'));
    expect(records.map((record) => [record.op, record.undo])).toEqual([
      [
        { kind: 'setAttributes', path: 'C:\\WINNT\\A.DLL', attributes: 0 },
        [{ kind: 'setAttributes', path: 'C:\\WINNT\\A.DLL', attributes: 0x21 }],
      ],
      [
        { kind: 'rename', from: 'C:\\WINNT\\a.new', to: 'C:\\WINNT\\a.dll', replace: true },
        [
          { kind: 'rename', from: 'C:\\WINNT\\a.dll', to: 'C:\\WINNT\\a.new', replace: false },
          { kind: 'write', path: 'C:\\WINNT\\A.DLL', data: Buffer.from('old'), meta: replacedMeta },
        ],
      ],
      [
        { kind: 'rename', from: 'C:\\WINNT\\b.new', to: 'C:\\b.dll', replace: false },
        [{ kind: 'rename', from: 'C:\\b.dll', to: 'C:\\WINNT\\b.new', replace: false }],
      ],
      [
        { kind: 'delete', path: 'C:\\WINNT\\gone.txt' },
        [{ kind: 'write', path: 'C:\\WINNT\\gone.txt', data: Buffer.from('gone'), meta: goneMeta }],
      ],
      [{ kind: 'delete', path: 'C:\\empty' }, [{ kind: 'mkdir', path: 'C:\\empty', meta: emptyMeta }]],
    ]);
  });

  it('lists each progress write of a transactional boot as a REG_DWORD with the value it replaced', () => {
    const image = machine();
    const mark = opLog(image).position;
    reboot(image, { mode: 'transactional' });
    const name = 'svcpack.PendingFileRenameOperationsDone';
    const KEY = image.registry.resolveKey(SESSION_MANAGER_KEY);
    const dword = (n: number): object => ({ type: 4, bytes: new Uint8Array([n, 0, 0, 0]) });
    const writes = opLog(image)
      .since(mark)
      .filter((record) => record.op.kind === 'regSet' && record.op.name === name);
    expect(writes.map((record) => [record.op, record.undo])).toEqual([
      [{ kind: 'regSet', key: KEY, name, value: dword(1) }, [{ kind: 'regDelete', key: KEY, name }]],
      [
        { kind: 'regSet', key: KEY, name, value: dword(2) },
        [{ kind: 'regSet', key: KEY, name, value: dword(1) }],
      ],
      [
        { kind: 'regSet', key: KEY, name, value: dword(3) },
        [{ kind: 'regSet', key: KEY, name, value: dword(2) }],
      ],
    ]);
    expect(image.registry.getRawValue(SESSION_MANAGER_KEY, name)).toBeUndefined();
    expect(image.registry.getRawValue(SESSION_MANAGER_KEY, PENDING_RENAME_VALUES[1])).toBeUndefined();
  });
});
