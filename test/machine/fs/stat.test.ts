import { describe, expect, it } from 'vitest';
import { imageWithFs, thrown } from './helpers.js';

describe('image.fs: stat, access, chmod, utimes, realpath', () => {
  it("statSync has Node's Stats fields: mode as on Windows, sizes, times as Date and ms", () => {
    const { fs } = imageWithFs();
    const file = fs.statSync('/boot.ini');
    expect(file.mode).toBe(0o100666);
    expect(file.size).toBe(13);
    expect(file.mtime).toBeInstanceOf(Date);
    expect(file.mtime.getTime()).toBe(file.mtimeMs);
    expect(file.birthtimeMs).toBe(Date.UTC(2000, 1, 17));
    expect([file.isFile(), file.isDirectory(), file.isSymbolicLink()]).toEqual([true, false, false]);
    const folder = fs.statSync('/WINNT');
    expect(folder.mode).toBe(0o40666);
    expect(folder.isDirectory()).toBe(true);
    expect(file.ino).not.toBe(folder.ino);
    expect(fs.statSync('/BOOT.INI').ino).toBe(file.ino);
  });

  it('statSync with bigint gives BigIntStats with nanosecond times', () => {
    const { fs } = imageWithFs();
    const stats = fs.statSync('/boot.ini', { bigint: true });
    expect(stats.size).toBe(13n);
    expect(stats.mtimeNs).toBe(BigInt(Date.UTC(2000, 1, 17)) * 1_000_000n);
    expect(stats.isFile()).toBe(true);
  });

  it('statSync keeps Windows attributes and the version resource', () => {
    const { fs } = imageWithFs();
    const stats = fs.statSync('/WINNT/system32/kernel32.dll');
    expect(stats.version).toBe('5.0.2195.1');
    expect(stats.attributes).toContain('archive');
  });

  it('lstatSync is statSync (the image has no links); throwIfNoEntry false returns undefined', () => {
    const { fs } = imageWithFs();
    expect(fs.lstatSync('/boot.ini').size).toBe(13);
    expect(fs.statSync('/nope', { throwIfNoEntry: false })).toBeUndefined();
    expect(thrown(() => fs.lstatSync('/nope'))).toMatchObject({
      code: 'ENOENT',
      syscall: 'lstat',
      path: '/nope',
    });
  });

  it('chmodSync without the write bit sets the read-only attribute; with it, clears it', () => {
    const { image, fs } = imageWithFs();
    fs.chmodSync('/boot.ini', 0o444);
    expect(image.stat('C:\\boot.ini').attributes).toContain('readonly');
    expect(fs.statSync('/boot.ini').mode).toBe(0o100444);
    expect(thrown(() => fs.writeFileSync('/boot.ini', 'x')).code).toBe('EPERM');
    fs.chmodSync('/boot.ini', '666');
    expect(image.stat('C:\\boot.ini').attributes).not.toContain('readonly');
  });

  it('accessSync: ENOENT for a missing path, EPERM for W_OK on a read-only file', () => {
    const { fs } = imageWithFs();
    fs.accessSync('/boot.ini');
    fs.accessSync('/boot.ini', fs.constants.W_OK);
    expect(thrown(() => fs.accessSync('/nope')).code).toBe('ENOENT');
    fs.chmodSync('/boot.ini', 0o444);
    expect(thrown(() => fs.accessSync('/boot.ini', fs.constants.W_OK)).code).toBe('EPERM');
    fs.accessSync('/boot.ini', fs.constants.R_OK);
  });

  it('utimesSync sets the modified time (seconds or Date); atime reports it too', () => {
    const { fs } = imageWithFs();
    fs.utimesSync('/boot.ini', 1_000_000, 1_000_000);
    expect(fs.statSync('/boot.ini').mtimeMs).toBe(1_000_000_000);
    fs.utimesSync('/boot.ini', new Date(5000), new Date(7000));
    expect(fs.statSync('/boot.ini').mtimeMs).toBe(7000);
    expect(fs.readFileSync('/boot.ini', 'utf8')).toBe('[boot loader]');
  });

  it('utimes on a hidden or system file sets its time and keeps its attributes (it opens no CREATE_ALWAYS, N4)', () => {
    const { image, fs } = imageWithFs();
    image.setAttributes('C:\\boot.ini', ['hidden', 'system', 'archive']);
    fs.utimesSync('/boot.ini', 1_000_000, 1_000_000);
    expect(fs.statSync('/boot.ini')).toMatchObject({
      mtimeMs: 1_000_000_000,
      attributes: ['hidden', 'system', 'archive'],
    });
    const fd = fs.openSync('/boot.ini', 'r');
    fs.futimesSync(fd, 2_000_000, 2_000_000);
    fs.closeSync(fd);
    expect(fs.statSync('/boot.ini')).toMatchObject({
      mtimeMs: 2_000_000_000,
      attributes: ['hidden', 'system', 'archive'],
    });
    expect(fs.readFileSync('/boot.ini', 'utf8')).toBe('[boot loader]');
  });

  it("utimes reads times as Node does: a negative number is now (the image's clock), NaN a TypeError, an invalid Date EINVAL (nothing changes)", () => {
    const { image, fs } = imageWithFs();
    fs.utimesSync('/boot.ini', -1, -1);
    fs.writeFileSync('/now.txt', ''); // stamped with the image's clock, its "now"
    expect(Math.abs(fs.statSync('/boot.ini').mtimeMs - fs.statSync('/now.txt').mtimeMs)).toBeLessThan(60_000);
    const before = image.digest();
    expect(thrown(() => fs.utimesSync('/boot.ini', NaN, NaN))).toMatchObject({
      code: 'ERR_INVALID_ARG_TYPE',
    });
    expect(thrown(() => fs.utimesSync('/boot.ini', 0, new Date('x')))).toMatchObject({
      code: 'EINVAL',
      syscall: 'utime',
      path: '/boot.ini',
    });
    expect(image.digest()).toBe(before);
  });

  it('realpathSync keeps the caller spelling (as Node on Windows); realpathSync.native gives the stored case', () => {
    const { fs } = imageWithFs();
    expect(fs.realpathSync('/winnt/SYSTEM32')).toBe('C:\\winnt\\SYSTEM32');
    expect(fs.realpathSync.native('/winnt/SYSTEM32')).toBe('C:\\WINNT\\system32');
    expect(thrown(() => fs.realpathSync('/nope')).code).toBe('ENOENT');
  });

  it('readlinkSync of an existing entry is EINVAL (not a link), of a missing one ENOENT', () => {
    const { fs } = imageWithFs();
    expect(thrown(() => fs.readlinkSync('/boot.ini')).code).toBe('EINVAL');
    expect(thrown(() => fs.readlinkSync('/nope')).code).toBe('ENOENT');
  });

  it('existsSync is false for bad paths rather than throwing', () => {
    const { fs } = imageWithFs();
    expect(fs.existsSync('/boot.ini')).toBe(true);
    expect(fs.existsSync('D:\\Data')).toBe(false);
    expect(fs.existsSync('/a<b')).toBe(false);
  });
});
