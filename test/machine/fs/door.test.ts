import { describe, expect, it } from 'vitest';
import { imageWithFs, thrown } from './helpers.js';

describe('image.fs: every change goes through the door', () => {
  it('writes are in the operation log and undo takes them back exactly', () => {
    const { image, fs } = imageWithFs();
    const before = image.digest();
    const mark = image.mark();
    fs.mkdirSync('/Apps/Tool', { recursive: true });
    fs.writeFileSync('/Apps/Tool/a.txt', 'a');
    fs.appendFileSync('/Apps/Tool/a.txt', 'b');
    const fd = fs.openSync('/WINNT/win.ini', 'r+');
    fs.writeSync(fd, 'X');
    fs.closeSync(fd);
    fs.renameSync('/boot.ini', '/boot.old');
    fs.chmodSync('/boot.old', 0o444);
    expect(image.operations(mark).length).toBeGreaterThanOrEqual(6);
    image.undo(mark);
    expect(image.digest()).toBe(before);
  });

  it('a CD-ROM drive is read-only: EROFS, nothing changes', () => {
    const { image } = imageWithFs();
    const cd = image.fs('E');
    expect(cd.readFileSync('/I386/UPDATE/UPDATE.EXE', 'utf8')).toBe('update.exe');
    expect(thrown(() => cd.writeFileSync('/x.txt', 'x')).code).toBe('EROFS');
    expect(thrown(() => cd.openSync('/I386/UPDATE/UPDATE.EXE', 'r+')).code).toBe('EROFS');
  });

  it('a full volume gives ENOSPC', () => {
    const { image } = imageWithFs();
    const d = image.fs('D');
    expect(thrown(() => d.writeFileSync('/big.bin', Buffer.alloc(2 << 20))).code).toBe('ENOSPC');
  });
});
