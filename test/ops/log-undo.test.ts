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
