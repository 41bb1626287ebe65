import { describe, expect, it } from 'vitest';
import { deleteFile, moveFileNow, writeFile } from '../../src/ops/index.js';
import { digestOf, smallImage } from '../helpers/small-image.js';

const KERNEL = 'C:\\WINNT\\system32\\kernel32.dll';

describe('handles, share modes and mapped images', () => {
  it('a new open fails with ERROR_SHARING_VIOLATION when an open handle does not share its access', () => {
    const image = smallImage();
    image.open(KERNEL, { access: ['read'], share: ['read'] });
    expect(() => image.open(KERNEL, { access: ['write'], share: ['read', 'write'] })).toThrow(
      expect.objectContaining({ code: 'ERROR_SHARING_VIOLATION', errno: 32 }),
    );
    expect(() => image.open(KERNEL, { access: ['read'], share: ['read'] })).not.toThrow();
  });

  it('a new open fails when its share mode denies an access an open handle has', () => {
    const image = smallImage();
    image.open(KERNEL, { access: ['read', 'write'], share: ['read', 'write'] });
    expect(() => image.open(KERNEL, { access: ['read'], share: ['read'] })).toThrow(
      expect.objectContaining({ errno: 32 }),
    );
  });

  it('an open file without FILE_SHARE_DELETE cannot be deleted, replaced or renamed; closing releases it', () => {
    const image = smallImage();
    const handle = image.open(KERNEL, { access: ['read'], share: ['read', 'write'] });
    const before = digestOf(image);
    expect(() => deleteFile(image, KERNEL)).toThrow(expect.objectContaining({ errno: 32 }));
    expect(() => moveFileNow(image, KERNEL, 'C:\\WINNT\\k.old', 0)).toThrow(
      expect.objectContaining({ errno: 32 }),
    );
    expect(digestOf(image)).toBe(before);
    handle.close();
    moveFileNow(image, KERNEL, 'C:\\WINNT\\k.old', 0);
    expect(image.exists('C:\\WINNT\\k.old')).toBe(true);
  });

  it('a file opened with FILE_SHARE_DELETE can be renamed', () => {
    const image = smallImage();
    image.open(KERNEL, { access: ['read'], share: ['read', 'delete'] });
    moveFileNow(image, KERNEL, 'C:\\WINNT\\system32\\kernel32.old', 0);
    expect(image.exists('C:\\WINNT\\system32\\kernel32.old')).toBe(true);
  });

  it('a mapped image cannot be deleted (ERROR_ACCESS_DENIED) or written (sharing violation) but can be renamed', () => {
    const image = smallImage();
    image.startProcess('spoolsv.exe', { holds: ['C:\\WINNT\\system32\\spoolsv.exe'] });
    expect(() => deleteFile(image, 'C:\\WINNT\\system32\\spoolsv.exe')).toThrow(
      expect.objectContaining({ errno: 5 }),
    );
    expect(() => writeFile(image, 'C:\\WINNT\\system32\\spoolsv.exe', Buffer.from('v2'))).toThrow(
      expect.objectContaining({ errno: 32 }),
    );
    expect(() =>
      image.open('C:\\WINNT\\system32\\spoolsv.exe', { access: ['write'], share: ['read'] }),
    ).toThrow(expect.objectContaining({ errno: 32 }));
    moveFileNow(image, 'C:\\WINNT\\system32\\spoolsv.exe', 'C:\\WINNT\\system32\\spoolsv.old', 0);
    expect(image.processes()[0].holds).toEqual(['C:\\WINNT\\system32\\spoolsv.old']);
  });

  it('ending a process closes its handles and unmaps its images', () => {
    const image = smallImage();
    const pid = image.startProcess('spoolsv.exe', { holds: ['C:\\WINNT\\system32\\spoolsv.exe'] });
    image.open(KERNEL, { access: ['read'], share: [], process: pid });
    image.stopProcess(pid);
    expect(image.openHandleCount).toBe(0);
    deleteFile(image, 'C:\\WINNT\\system32\\spoolsv.exe');
    deleteFile(image, KERNEL);
    expect(image.exists(KERNEL)).toBe(false);
  });

  it('a stopped service releases its files; starting it maps them again', () => {
    const image = smallImage();
    image.defineService({
      name: 'Spooler',
      displayName: 'Print Spooler',
      imagePath: '%SystemRoot%\\system32\\spoolsv.exe',
      start: 'auto',
      process: 'spoolsv.exe',
      holds: ['C:\\WINNT\\system32\\spoolsv.exe'],
    });
    image.startService('spooler');
    expect(() => deleteFile(image, 'C:\\WINNT\\system32\\spoolsv.exe')).toThrow(
      expect.objectContaining({ errno: 5 }),
    );
    image.stopService('Spooler');
    expect(image.services()[0].state).toBe('stopped');
    writeFile(image, 'C:\\WINNT\\system32\\spoolsv.exe', Buffer.from('v2'));
    expect(image.readFile('C:\\WINNT\\system32\\spoolsv.exe').toString()).toBe('v2');
  });
});
