import fastGlob from 'fast-glob';
import type fsExtraModule from 'fs-extra';
import { createRequire } from 'node:module';
import { glob, globSync, type GlobOptions } from 'glob';
import { describe, expect, it } from 'vitest';
import { requireWithFs } from '../../../src/testing/index.js';
import { imageWithFs } from './helpers.js';

type FsExtra = typeof fsExtraModule;
type JsonFile = {
  writeFile(file: string, value: unknown, options: object): Promise<void>;
  readFileSync(file: string, options: object): unknown;
};

describe('real libraries against image.fs', () => {
  it("is typed as Node's fs where libraries take one (glob's and fast-glob's fs options)", () => {
    const { fs } = imageWithFs();
    const forGlob: GlobOptions['fs'] = fs;
    const forFastGlob: NonNullable<Parameters<typeof fastGlob>[1]>['fs'] = fs;
    expect([forGlob, forFastGlob]).toEqual([fs, fs]);
  });

  it('glob (its fs option) finds files case-insensitively with Windows paths', async () => {
    const { fs } = imageWithFs();
    const options = { cwd: 'C:\\WINNT', fs, platform: 'win32' as const, windowsPathsNoEscape: true };
    expect(await glob('**/*.dll', options)).toEqual(['system32\\kernel32.dll']);
    expect(globSync('**/*.{SYS,ini}', { ...options, nocase: true }).sort()).toEqual([
      'system32\\drivers\\tcpip.sys',
      'win.ini',
    ]);
    const absolute = await glob('system32/*', { ...options, absolute: true });
    expect(absolute.sort()).toEqual([
      'C:\\WINNT\\system32\\drivers',
      'C:\\WINNT\\system32\\kernel32.dll',
      'C:\\WINNT\\system32\\spoolsv.exe',
    ]);
  });

  it('glob sees files written through the fs and not files that are gone', async () => {
    const { fs } = imageWithFs();
    fs.mkdirSync('/Logs/2001', { recursive: true });
    fs.writeFileSync('/Logs/2001/a.log', 'a');
    fs.unlinkSync('/WINNT/win.ini');
    // At a drive root glob answers with full paths.
    const options = { cwd: 'C:\\', fs, platform: 'win32' as const, windowsPathsNoEscape: true };
    expect((await glob('**/*.{log,ini}', options)).sort()).toEqual(['C:\\Logs\\2001\\a.log', 'C:\\boot.ini']);
  });

  it('fast-glob (its fs option) lists the same files, sync and async', async () => {
    const { fs } = imageWithFs();
    const found = await fastGlob('**/*', { cwd: '/', fs, onlyFiles: true });
    expect(found.sort()).toEqual([
      'WINNT/system32/drivers/tcpip.sys',
      'WINNT/system32/kernel32.dll',
      'WINNT/system32/spoolsv.exe',
      'WINNT/win.ini',
      'boot.ini',
    ]);
    const folders = fastGlob.sync('**', { cwd: '/WINNT', fs, onlyDirectories: true, stats: true });
    expect(folders.map((e) => [e.path, e.stats?.isDirectory()])).toEqual([
      ['system32', true],
      ['system32/drivers', true],
    ]);
  });

  it('fs-extra (loaded with requireWithFs) writes, copies, moves and removes inside the image', async () => {
    const { image, fs } = imageWithFs();
    const fse = requireWithFs<FsExtra>('fs-extra', fs);
    fse.outputFileSync('/Apps/Vendor/config.ini', '[app]');
    fse.writeJsonSync('/Apps/Vendor/settings.json', { level: 3 });
    expect(fse.readJsonSync('/apps/vendor/SETTINGS.JSON')).toEqual({ level: 3 });
    fse.copySync('/Apps', '/Backup');
    expect(fs.readdirSync('/Backup/Vendor').sort()).toEqual(['config.ini', 'settings.json']);
    await fse.move('/Backup/Vendor/config.ini', '/Backup/config.ini');
    expect(await fse.pathExists('/Backup/config.ini')).toBe(true);
    await fse.copy('/WINNT/system32', '/Copy32');
    expect(image.stat('C:\\Copy32\\kernel32.dll').version).toBe('5.0.2195.1');
    fse.emptyDirSync('/Apps');
    expect(fs.readdirSync('/Apps')).toEqual([]);
    await fse.remove('/Backup');
    expect(fs.existsSync('/Backup')).toBe(false);
    expect(fs.openDescriptors()).toBe(0);
  });

  it('fs-extra reports Windows refusals from the image (EPERM on a read-only file, EBUSY when held)', async () => {
    const { image, fs } = imageWithFs();
    const fse = requireWithFs<FsExtra>('fs-extra', fs);
    image.setAttributes('C:\\boot.ini', ['readonly']);
    await expect(fse.outputFile('/boot.ini', 'x')).rejects.toMatchObject({ code: 'EPERM' });
    const handle = image.open('C:\\WINNT\\win.ini', { access: ['read'], share: [] });
    await expect(fse.readFile('/WINNT/win.ini')).rejects.toMatchObject({ code: 'EBUSY' });
    handle.close();
  });

  it('jsonfile and fs-extra pass their own options (fs, spaces, throws) to readFile and writeFile: ignored, as Node ignores them', async () => {
    const { fs } = imageWithFs();
    const jsonfile = createRequire(import.meta.url)('jsonfile') as JsonFile;
    await jsonfile.writeFile('/a.json', { a: 1 }, { fs, spaces: 2 });
    expect(fs.readFileSync('/a.json', 'utf8')).toBe('{\n  "a": 1\n}\n');
    expect(jsonfile.readFileSync('/a.json', { fs, throws: false })).toEqual({ a: 1 });
    const fse = requireWithFs<FsExtra>('fs-extra', fs);
    await fse.outputJson('/Apps/settings.json', { level: 3 }, { spaces: 2, EOL: '\r\n' });
    expect(fs.readFileSync('/Apps/settings.json', 'utf8')).toBe('{\r\n  "level": 3\r\n}\r\n');
    expect(fse.readJsonSync('/Apps/settings.json', { throws: false })).toEqual({ level: 3 });
  });

  it('fs-extra (loaded with requireWithFs) takes Windows paths, as on Windows: the docs example, and a copy into itself refused', async () => {
    const { image, fs } = imageWithFs();
    const fse = requireWithFs<FsExtra>('fs-extra', fs);
    fse.outputFileSync('C:\\Apps\\Vendor\\config.ini', '[app]');
    expect(fs.readFileSync('C:\\Apps\\Vendor\\config.ini', 'utf8')).toBe('[app]');
    await fse.ensureFile('C:\\Apps\\Logs\\today.log');
    expect(fs.readdirSync('C:\\Apps')).toEqual(['Logs', 'Vendor']);
    const before = image.digest();
    await expect(fse.copy('C:\\Apps', 'C:\\Apps\\Vendor\\Backup')).rejects.toThrow(/subdirectory of itself/);
    await expect(fse.move('C:\\Apps', 'C:\\Apps\\Vendor\\Moved')).rejects.toThrow(/subdirectory of itself/);
    expect(image.digest()).toBe(before);
  });

  it("requireWithFs leaves the process's own fs-extra on the real fs", async () => {
    const { fs } = imageWithFs();
    requireWithFs<FsExtra>('fs-extra', fs);
    const { createRequire } = await import('node:module');
    const real = createRequire(import.meta.url)('fs-extra') as FsExtra;
    expect(real.existsSync(import.meta.filename)).toBe(true);
  });
});
