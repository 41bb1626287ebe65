import { describe, expect, it } from 'vitest';
import {
  createDirectory,
  deleteFile,
  moveFileNow,
  opLog,
  setAttributes,
  setRegistryValue,
  deleteRegistryKey,
  undoSince,
  writeFile,
  MOVEFILE,
  OpLog,
} from '../../src/ops/index.js';
import { digestOf, smallImage } from '../helpers/small-image.js';

describe('operation log and undo', () => {
  it('records each primitive operation in order', () => {
    const image = smallImage();
    const mark = opLog(image).position;
    writeFile(image, 'C:\\a.txt', Buffer.from('a'));
    moveFileNow(image, 'C:\\a.txt', 'C:\\b.txt', 0);
    deleteFile(image, 'C:\\b.txt');
    expect(
      opLog(image)
        .since(mark)
        .map((r) => r.op.kind),
    ).toEqual(['write', 'rename', 'delete']);
  });

  it('undoing a range of the log gives back the exact image', () => {
    const image = smallImage();
    const before = digestOf(image);
    const mark = opLog(image).position;
    writeFile(image, 'C:\\WINNT\\system32\\kernel32.dll', Buffer.from('kernel32 v2'), {
      version: '5.0.2195.6717',
    });
    createDirectory(image, 'C:\\New\\Deep', { recursive: true });
    writeFile(image, 'C:\\New\\Deep\\f.txt', Buffer.from('f'));
    moveFileNow(image, 'C:\\boot.ini', 'C:\\WINNT\\win.ini', MOVEFILE.REPLACE_EXISTING);
    setAttributes(image, 'C:\\WINNT\\system32\\drivers\\tcpip.sys', ['readonly']);
    setRegistryValue(image, 'HKLM\\SOFTWARE\\Test\\Deep', 'Value', 'REG_MULTI_SZ', ['a', '', 'b']);
    deleteRegistryKey(image, 'HKLM\\SYSTEM\\ControlSet002');
    expect(digestOf(image)).not.toBe(before);
    undoSince(image, mark);
    expect(digestOf(image)).toBe(before);
    expect(image.readFile('C:\\WINNT\\win.ini').toString()).toBe('[windows]');
  });
});

describe('OpLog positions', () => {
  const write = (path: string) => ({ kind: 'write' as const, path, data: new Uint8Array(0) });
  const undoOf = (path: string) => [{ kind: 'delete' as const, path }];

  it('numbers records from the first ever logged, through trims and truncations', () => {
    const log = new OpLog();
    for (const name of ['a', 'b', 'c', 'd']) log.record(write(name), undoOf(name));
    expect(log.position).toBe(4);
    expect(log.range(1, 3).map((r) => [r.seq, r.op.kind === 'write' && r.op.path])).toEqual([
      [1, 'b'],
      [2, 'c'],
    ]);
    expect(log.range(3, 99).map((r) => r.seq)).toEqual([3]);
    log.trim(2);
    expect(log.length).toBe(2);
    expect(log.position).toBe(4);
    expect(log.since(0).map((r) => r.seq)).toEqual([2, 3]);
    expect(log.since(3)[0].undo).toEqual(undoOf('d'));
    log.truncate(3);
    expect(log.position).toBe(3);
    log.truncate(10);
    expect(log.position).toBe(3);
    log.record(write('e'), undoOf('e'));
    expect(log.since(2).map((r) => [r.seq, r.op.kind === 'write' && r.op.path])).toEqual([
      [2, 'c'],
      [3, 'e'],
    ]);
  });

  it('records nothing while disabled', () => {
    const log = new OpLog();
    log.enabled = false;
    log.record(write('a'), undoOf('a'));
    expect(log.position).toBe(0);
  });
});
