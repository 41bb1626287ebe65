import { describe, expect, it } from 'vitest';
import { imageWithFs, thrown } from './helpers.js';

describe('image.fs: folders', () => {
  it('mkdirSync recursive creates the missing folders and returns the first one it made', () => {
    const { fs } = imageWithFs();
    expect(fs.mkdirSync('/Apps/Vendor/Tool', { recursive: true })).toBe('C:\\Apps');
    expect(fs.statSync('/apps/vendor/tool').isDirectory()).toBe(true);
    expect(fs.mkdirSync('/Apps/Vendor', { recursive: true })).toBeUndefined();
    expect(thrown(() => fs.mkdirSync('/boot.ini', { recursive: true })).code).toBe('EEXIST');
    expect(thrown(() => fs.mkdirSync('/boot.ini/sub', { recursive: true })).code).toBe('ENOTDIR');
  });

  it('mkdirSync without recursive refuses an existing folder and a missing parent', () => {
    const { fs } = imageWithFs();
    expect(thrown(() => fs.mkdirSync('/winnt')).code).toBe('EEXIST');
    expect(thrown(() => fs.mkdirSync('/x/y')).code).toBe('ENOENT');
  });

  it('readdirSync with withFileTypes returns Dirents with parentPath', () => {
    const { fs } = imageWithFs();
    const entries = fs.readdirSync('/WINNT', { withFileTypes: true });
    const shape = entries.map((d) => [d.name, d.isDirectory(), d.isFile(), d.parentPath]);
    expect(shape).toEqual([
      ['system32', true, false, '/WINNT'],
      ['win.ini', false, true, '/WINNT'],
    ]);
  });

  it('readdirSync recursive lists breadth first with paths relative to the folder, joined with \\', () => {
    const { fs } = imageWithFs();
    expect(fs.readdirSync('/WINNT', { recursive: true })).toEqual([
      'system32',
      'win.ini',
      'system32\\drivers',
      'system32\\kernel32.dll',
      'system32\\spoolsv.exe',
      'system32\\drivers\\tcpip.sys',
    ]);
    const dirents = fs.readdirSync('/WINNT', { recursive: true, withFileTypes: true });
    expect(dirents.at(-1)).toMatchObject({ name: 'tcpip.sys', parentPath: '\\WINNT\\system32\\drivers' });
  });

  it('readdirSync of a file is ENOTDIR and of a missing folder ENOENT', () => {
    const { fs } = imageWithFs();
    expect(thrown(() => fs.readdirSync('/boot.ini'))).toMatchObject({ code: 'ENOTDIR', syscall: 'scandir' });
    expect(thrown(() => fs.readdirSync('/nope'))).toMatchObject({ code: 'ENOENT', syscall: 'scandir' });
  });

  it('rmdirSync removes an empty folder and refuses a full one (ENOTEMPTY)', () => {
    const { fs } = imageWithFs();
    fs.mkdirSync('/empty');
    fs.rmdirSync('/empty');
    expect(fs.existsSync('/empty')).toBe(false);
    expect(thrown(() => fs.rmdirSync('/WINNT')).code).toBe('ENOTEMPTY');
  });

  it('rmSync: files, recursive folders, force on a missing path, and ERR_FS_EISDIR without recursive', () => {
    const { fs } = imageWithFs();
    expect(thrown(() => fs.rmSync('/WINNT')).code).toBe('ERR_FS_EISDIR');
    fs.rmSync('/WINNT', { recursive: true });
    expect(fs.existsSync('/WINNT')).toBe(false);
    expect(thrown(() => fs.rmSync('/nope')).code).toBe('ENOENT');
    fs.rmSync('/nope', { force: true });
    fs.rmSync('/boot.ini');
    expect(fs.existsSync('/boot.ini')).toBe(false);
  });

  it("rmSync deletes a read-only file, as Node 20's rimraf does on Windows (clears the attribute on EPERM)", () => {
    const { image, fs } = imageWithFs();
    image.setAttributes('C:\\boot.ini', ['readonly']);
    fs.rmSync('/boot.ini');
    expect(fs.existsSync('/boot.ini')).toBe(false);
  });

  it('rmSync of a folder holding a running image fails and the image stays', () => {
    const { image, fs } = imageWithFs();
    image.startProcess('spoolsv.exe', { holds: ['C:\\WINNT\\system32\\spoolsv.exe'] });
    expect(thrown(() => fs.rmSync('/WINNT', { recursive: true })).code).toBe('EPERM');
    expect(fs.readFileSync('/WINNT/system32/spoolsv.exe', 'utf8')).toBe('spooler v1');
  });

  it('mkdtempSync makes a new folder with six characters after the prefix, deterministically', () => {
    const { fs } = imageWithFs();
    const first = fs.mkdtempSync('/WINNT/Temp-');
    const second = fs.mkdtempSync('/WINNT/Temp-');
    expect(first).toMatch(/^\/WINNT\/Temp-[A-Za-z0-9]{6}$/);
    expect(second).not.toBe(first);
    expect(fs.statSync(first).isDirectory()).toBe(true);
    expect(imageWithFs().fs.mkdtempSync('/WINNT/Temp-')).toBe(first);
  });

  it("mkdtemp with encoding 'buffer' returns the folder's path as a Buffer, as Node does", async () => {
    const { fs } = imageWithFs();
    const made = fs.mkdtempSync('/Temp-', { encoding: 'buffer' });
    expect(Buffer.isBuffer(made)).toBe(true);
    expect(fs.statSync(made).isDirectory()).toBe(true);
    expect(Buffer.isBuffer(await fs.promises.mkdtemp('/Temp-', 'buffer'))).toBe(true);
  });

  it("opendir of a missing path or a file fails as Node's opendir does (syscall opendir, not scandir)", async () => {
    const { fs } = imageWithFs();
    expect(thrown(() => fs.opendirSync('/nope'))).toMatchObject({ code: 'ENOENT', syscall: 'opendir' });
    expect(thrown(() => fs.opendirSync('/boot.ini'))).toMatchObject({ code: 'ENOTDIR', syscall: 'opendir' });
    await expect(fs.promises.opendir('/nope')).rejects.toMatchObject({
      code: 'ENOENT',
      syscall: 'opendir',
      path: '/nope',
    });
  });

  it('opendirSync reads the entries one by one and by async iteration', async () => {
    const { fs } = imageWithFs();
    const dir = fs.opendirSync('/WINNT');
    expect(dir.readSync()?.name).toBe('system32');
    expect(dir.readSync()?.name).toBe('win.ini');
    expect(dir.readSync()).toBeNull();
    dir.closeSync();
    const names: string[] = [];
    for await (const entry of fs.opendirSync('/WINNT/system32')) names.push(entry.name);
    expect(names).toEqual(['drivers', 'kernel32.dll', 'spoolsv.exe']);
  });
});

describe('image.fs: the drive root', () => {
  it('lists the root with Dirents and recursively, with single separators', () => {
    const { fs } = imageWithFs();
    const root = fs.readdirSync('C:\\', { withFileTypes: true });
    expect(root.map((d) => [d.name, d.isDirectory()])).toEqual([
      ['boot.ini', false],
      ['Program Files', true],
      ['WINNT', true],
    ]);
    expect(fs.readdirSync('/', { recursive: true })).toContain('WINNT\\system32\\drivers\\tcpip.sys');
  });
});
