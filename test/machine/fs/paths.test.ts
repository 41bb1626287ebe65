import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { imageWithFs, thrown } from './helpers.js';

describe('image.fs: paths (path.win32 semantics, the drive root as the current folder)', () => {
  it.each([
    'C:\\WINNT\\win.ini',
    'C:/WINNT/win.ini',
    'c:\\winnt\\WIN.INI',
    '/WINNT/win.ini',
    'WINNT\\win.ini',
    'WINNT/x/../win.ini',
  ])('%s names C:\\WINNT\\win.ini', (path) => {
    const { fs } = imageWithFs();
    expect(fs.toWindowsPath(path).toLowerCase()).toBe('c:\\winnt\\win.ini');
    expect(fs.readFileSync(path, 'utf8')).toBe('[windows]');
  });

  it('takes Buffers and file: URLs', () => {
    const { fs } = imageWithFs();
    expect(fs.readFileSync(Buffer.from('/boot.ini'), 'utf8')).toBe('[boot loader]');
    expect(fs.readFileSync(new URL('file:///C:/boot.ini'), 'utf8')).toBe('[boot loader]');
    expect(pathToFileURL('/boot.ini').protocol).toBe('file:');
  });

  it('another drive or a UNC path is EXDEV: this fs sees one volume', () => {
    const { image, fs } = imageWithFs();
    expect(thrown(() => fs.readFileSync('D:\\Data\\report.txt')).code).toBe('EXDEV');
    expect(thrown(() => fs.readFileSync('\\\\server\\share\\x')).code).toBe('EXDEV');
    expect(image.fs('d').readFileSync('/Data/report.txt', 'utf8')).toBe('quarterly');
  });

  it("an empty path names nothing (ENOENT, as libuv on Windows), not the drive root: rm('') deletes nothing", async () => {
    const { image, fs } = imageWithFs();
    const before = image.digest();
    expect(thrown(() => fs.readdirSync(''))).toMatchObject({ code: 'ENOENT', syscall: 'scandir', path: '' });
    expect(thrown(() => fs.statSync(''))).toMatchObject({ code: 'ENOENT', syscall: 'stat' });
    expect(thrown(() => fs.writeFileSync('', 'x'))).toMatchObject({ code: 'ENOENT', syscall: 'open' });
    expect(thrown(() => fs.mkdirSync('', { recursive: true })).code).toBe('ENOENT');
    expect(thrown(() => fs.rmSync('', { recursive: true })).code).toBe('ENOENT');
    expect(fs.rmSync('', { recursive: true, force: true })).toBeUndefined();
    await expect(fs.promises.rm(Buffer.alloc(0), { recursive: true, force: true })).resolves.toBeUndefined();
    expect(thrown(() => fs.rmdirSync('', { recursive: true })).code).toBe('ENOENT');
    expect(fs.existsSync('')).toBe(false);
    expect(image.digest()).toBe(before);
  });

  it('a null byte is an argument error, as in Node', () => {
    const { fs } = imageWithFs();
    expect(thrown(() => fs.readFileSync('/boot\0.ini')).code).toBe('ERR_INVALID_ARG_VALUE');
  });

  it('the same image, drive and options give the same fs (descriptors are shared)', () => {
    const { image, fs } = imageWithFs();
    const fd = image.fs('c').openSync('/boot.ini', 'r');
    expect(image.fs('C')).toBe(fs);
    fs.closeSync(fd);
  });
});
