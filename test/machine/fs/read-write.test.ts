import { describe, expect, it } from 'vitest';
import { imageWithFs, thrown } from './helpers.js';

describe('image.fs: reading and writing files', () => {
  it('readFileSync takes an encoding as a string or in an options object', () => {
    const { fs } = imageWithFs();
    expect(fs.readFileSync('/boot.ini', 'utf8')).toBe('[boot loader]');
    expect(fs.readFileSync('/boot.ini', { encoding: 'utf8' })).toBe('[boot loader]');
    expect(fs.readFileSync('/boot.ini', { encoding: 'hex' })).toBe(
      Buffer.from('[boot loader]').toString('hex'),
    );
    expect(Buffer.isBuffer(fs.readFileSync('/boot.ini'))).toBe(true);
  });

  it('readFileSync returns a copy: changing it does not change the image', () => {
    const { fs } = imageWithFs();
    const data = fs.readFileSync('/boot.ini');
    data.fill(0);
    expect(fs.readFileSync('/boot.ini', 'utf8')).toBe('[boot loader]');
  });

  it("writeFileSync with flag 'a' appends, 'wx' refuses an existing file, 'r+' overwrites in place", () => {
    const { fs } = imageWithFs();
    fs.writeFileSync('/log.txt', 'one\n');
    fs.writeFileSync('/log.txt', 'two\n', { flag: 'a' });
    expect(fs.readFileSync('/log.txt', 'utf8')).toBe('one\ntwo\n');
    expect(thrown(() => fs.writeFileSync('/log.txt', 'x', { flag: 'wx' })).code).toBe('EEXIST');
    fs.writeFileSync('/log.txt', 'ON', { flag: 'r+' });
    expect(fs.readFileSync('/log.txt', 'utf8')).toBe('ONe\ntwo\n');
    expect(thrown(() => fs.writeFileSync('/new.txt', 'x', { flag: 'r+' })).code).toBe('ENOENT');
  });

  it('writeFileSync encodes strings with the given encoding and replaces the content', () => {
    const { fs } = imageWithFs();
    fs.writeFileSync('/data.bin', '68656c6c6f', 'hex');
    expect(fs.readFileSync('/data.bin', 'utf8')).toBe('hello');
    fs.writeFileSync('/data.bin', new Uint8Array([65]));
    expect(fs.readFileSync('/data.bin', 'latin1')).toBe('A');
  });

  it('appendFileSync creates the file, then appends; ax refuses an existing one', () => {
    const { fs } = imageWithFs();
    fs.appendFileSync('/WINNT/setup.log', 'a');
    fs.appendFileSync('\\winnt\\SETUP.LOG', 'b');
    expect(fs.readFileSync('/WINNT/setup.log', 'utf8')).toBe('ab');
    expect(thrown(() => fs.appendFileSync('/WINNT/setup.log', 'c', { flag: 'ax' })).code).toBe('EEXIST');
  });

  it('writing a folder or a missing folder fails as Node on Windows does (EISDIR, ENOENT)', () => {
    const { fs } = imageWithFs();
    expect(thrown(() => fs.writeFileSync('/WINNT', 'x')).code).toBe('EISDIR');
    expect(thrown(() => fs.readFileSync('/WINNT')).code).toBe('EISDIR');
    expect(thrown(() => fs.writeFileSync('/no/such/dir.txt', 'x')).code).toBe('ENOENT');
  });

  it("CREATE_ALWAYS on a hidden file is refused: writeFileSync 'w' gives EPERM, 'r+' works", () => {
    const { image, fs } = imageWithFs();
    image.setAttributes('C:\\boot.ini', ['hidden']);
    expect(thrown(() => fs.writeFileSync('/boot.ini', 'x')).code).toBe('EPERM');
    fs.writeFileSync('/boot.ini', '[B', { flag: 'r+' });
    expect(fs.readFileSync('/boot.ini', 'utf8')).toBe('[Boot loader]');
  });

  it('copyFileSync copies, and COPYFILE_EXCL refuses an existing target', () => {
    const { fs } = imageWithFs();
    fs.copyFileSync('/boot.ini', '/boot.bak');
    expect(fs.readFileSync('/boot.bak', 'utf8')).toBe('[boot loader]');
    const error = thrown(() => fs.copyFileSync('/boot.ini', '/boot.bak', fs.constants.COPYFILE_EXCL));
    expect(error).toMatchObject({
      code: 'EEXIST',
      syscall: 'copyfile',
      path: '/boot.ini',
      dest: '/boot.bak',
    });
  });

  it('renameSync replaces an existing file, as MoveFileEx with REPLACE_EXISTING', () => {
    const { fs } = imageWithFs();
    fs.writeFileSync('/a.txt', 'A');
    fs.writeFileSync('/b.txt', 'B');
    fs.renameSync('/a.txt', '/b.txt');
    expect(fs.existsSync('/a.txt')).toBe(false);
    expect(fs.readFileSync('/b.txt', 'utf8')).toBe('A');
  });

  it('unlinkSync deletes; a read-only file and a folder give EPERM as on Windows', () => {
    const { image, fs } = imageWithFs();
    fs.unlinkSync('/WINNT/win.ini');
    expect(fs.existsSync('/WINNT/win.ini')).toBe(false);
    image.setAttributes('C:\\boot.ini', ['readonly']);
    expect(thrown(() => fs.unlinkSync('/boot.ini')).code).toBe('EPERM');
    expect(thrown(() => fs.unlinkSync('/WINNT')).code).toBe('EPERM');
  });

  it('truncateSync cuts and extends with zeros', () => {
    const { fs } = imageWithFs();
    fs.truncateSync('/boot.ini', 5);
    expect(fs.readFileSync('/boot.ini', 'utf8')).toBe('[boot');
    fs.truncateSync('/boot.ini', 7);
    expect([...fs.readFileSync('/boot.ini').subarray(5)]).toEqual([0, 0]);
    fs.truncateSync('/boot.ini');
    expect(fs.statSync('/boot.ini').size).toBe(0);
  });

  it('a negative length truncates to 0, as Node does (truncate and ftruncate)', async () => {
    const { fs } = imageWithFs();
    fs.truncateSync('/boot.ini', -1);
    expect(fs.statSync('/boot.ini').size).toBe(0);
    const fd = fs.openSync('/WINNT/win.ini', 'r+');
    fs.ftruncateSync(fd, -5);
    fs.closeSync(fd);
    expect(fs.statSync('/WINNT/win.ini').size).toBe(0);
  });
});
