import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WinError, WinImage } from '../../src/index.js';
import { coreOf } from '../../src/machine/internal.js';
import { ImageCore } from '../../src/image/index.js';

let base: WinImage;
beforeAll(() => {
  base = WinImage.create();
});

describe('WinImage: the default image', () => {
  it('is a Windows 2000 Server with system files, versions and running services', () => {
    const image = base.fork();
    expect(
      image.registry.getValue('HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', 'CurrentBuildNumber')
        ?.data,
    ).toBe('2195');
    expect(image.stat('C:\\WINNT\\system32\\kernel32.dll').version).toMatch(/^5\.0\.2195\.\d+$/);
    expect(image.exists('C:\\WINNT\\system32\\dllcache')).toBe(true);
    expect(image.exists('C:\\WINNT\\Driver Cache\\i386\\driver.cab')).toBe(true);
    expect(image.volumes().map((v) => v.letter)).toEqual(['C', 'D']);
    const spooler = image.services().find((s) => s.name === 'Spooler');
    expect(spooler?.state).toBe('running');
    expect(() => image.deleteFile('C:\\WINNT\\system32\\spoolsv.exe')).toThrow(WinError);
  });

  it('is deterministic: same seed same digest, another seed another digest', () => {
    expect(WinImage.create().digest()).toBe(base.digest());
    expect(WinImage.create({ seed: 2 }).digest()).not.toBe(base.digest());
  });

  it('expands %SystemRoot% from its own environment', () => {
    expect(base.expand('%SystemRoot%\\system32')).toBe('C:\\WINNT\\system32');
    expect(base.expand('%NoSuchVariable%\\x')).toBe('%NoSuchVariable%\\x');
  });

  it('saves and loads with the same digest and services', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'winimage-'));
    const image = base.fork();
    image.writeFile('C:\\WINNT\\note.txt', 'hello', { attributes: ['hidden'] });
    await image.save(join(dir, 'm.svcimg'));
    const loaded = await WinImage.load(join(dir, 'm.svcimg'));
    expect(loaded.digest()).toBe(image.digest());
    expect(loaded.services().filter((s) => s.state === 'running').length).toBe(
      image.services().filter((s) => s.state === 'running').length,
    );
    // a new file gets the archive bit besides those asked for (N5)
    expect(loaded.stat('C:\\WINNT\\note.txt').attributes).toEqual(['hidden', 'archive']);
  });

  it('undo(mark) gives back the exact image; diff lists what changed', () => {
    const image = base.fork();
    const before = image.digest();
    const mark = image.mark();
    image.writeFile('C:\\WINNT\\system32\\new.dll', new Uint8Array(10), { version: '5.0.2195.1' });
    image.registry.setValue('HKLM\\SOFTWARE\\Vendor', 'Installed', 'REG_DWORD', 1);
    const diff = base.diff(image);
    expect(diff.files).toEqual([{ path: 'C:\\WINNT\\system32\\new.dll', change: 'added' }]);
    expect(diff.registry.map((r) => r.change)).toContain('added');
    expect(image.undo(mark)).toBe(2);
    expect(image.digest()).toBe(before);
  });

  it('digest ignores times and the event log but not attributes or names case', () => {
    const a = base.fork();
    const b = base.fork();
    coreOf(b).logEvent('Test', 1, 'information', 'x');
    coreOf(b).tick(100_000);
    expect(b.digest()).toBe(a.digest());
    b.setAttributes('C:\\boot.ini', ['hidden']);
    expect(b.digest()).not.toBe(a.digest());
  });
});

describe('WinImage: its core is internal', () => {
  it('has no core property; the internal entry reaches the same core every time', () => {
    const image = WinImage.empty();
    expect('core' in image).toBe(false);
    expect(Object.values(image).some((v) => v instanceof ImageCore)).toBe(false);
    expect(coreOf(image)).toBeInstanceOf(ImageCore);
    expect(coreOf(image)).toBe(coreOf(image));
    expect(coreOf(image.fork())).not.toBe(coreOf(image));
    expect(() => coreOf({})).toThrow(TypeError);
  });
});

describe("image.fs('C'): a Node fs that goes through the engine", () => {
  it('reads, writes, renames and lists with Windows rules', async () => {
    const image = base.fork();
    const fs = image.fs('C');
    fs.writeFileSync('/WINNT/Temp/a.txt', 'alpha');
    expect(fs.readFileSync('\\winnt\\TEMP\\A.TXT', 'utf8')).toBe('alpha');
    fs.renameSync('/WINNT/Temp/a.txt', '/WINNT/Temp/b.txt');
    expect(fs.readdirSync('/WINNT/Temp')).toContain('b.txt');
    expect(await fs.promises.readFile('/winnt/temp/b.txt', 'utf8')).toBe('alpha');
    expect(fs.statSync('/WINNT/system32/kernel32.dll').version).toMatch(/^5\.0\.2195/);
  });

  it('maps Win32 refusals to Node codes and keeps the Win32 error', () => {
    const image = base.fork();
    const fs = image.fs('c');
    expect(() => fs.readFileSync('/nope.txt')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    try {
      fs.unlinkSync('/WINNT/system32/spoolsv.exe');
      expect.unreachable();
    } catch (error) {
      expect((error as { code: string }).code).toBe('EPERM');
      expect((error as { winError: WinError }).winError.code).toBe('ERROR_ACCESS_DENIED');
    }
  });
});

describe('image.registry', () => {
  it('sets and reads typed values through the door and exports .reg text that imports back', () => {
    const image = base.fork();
    image.registry.setValue('HKLM\\SOFTWARE\\Vendor\\App', 'List', 'REG_MULTI_SZ', ['a', '', 'b']);
    image.registry.setValue('HKLM\\SOFTWARE\\Vendor\\App', 'Count', 'REG_DWORD', 7);
    const text = image.registry.exportReg('HKLM\\SOFTWARE\\Vendor');
    expect(text.startsWith('Windows Registry Editor Version 5.00')).toBe(true);
    const other = base.fork();
    other.registry.importReg(text);
    expect(other.registry.getValue('HKLM\\SOFTWARE\\Vendor\\App', 'List')).toEqual({
      type: 'REG_MULTI_SZ',
      data: ['a', '', 'b'],
    });
    expect(other.digest()).toBe(image.digest());
  });

  it('bad .reg text changes nothing (digest unchanged) and says where', () => {
    const image = base.fork();
    const before = image.digest();
    expect(() =>
      image.registry.importReg(
        'Windows Registry Editor Version 5.00\n\n[HKLM\\SOFTWARE\\X]\n"a"=dword:1\n"b"=hex:zz\n',
      ),
    ).toThrow(/3:|4:|5:/);
    expect(image.digest()).toBe(before);
  });

  it('HKLM\\SYSTEM\\CurrentControlSet follows Select\\Current', () => {
    const image = base.fork();
    image.registry.setValue('HKLM\\SYSTEM\\CurrentControlSet\\Control\\Test', 'V', 'REG_SZ', 'one');
    expect(image.registry.getValue('HKLM\\SYSTEM\\ControlSet001\\Control\\Test', 'V')?.data).toBe('one');
  });

  it('an unknown root is ERROR_INVALID_HANDLE for deletions too, as for every other change', () => {
    const image = WinImage.empty();
    const refusals = [
      () => image.registry.setValue('HKXX\\A', 'v', 'REG_DWORD', 1),
      () => image.registry.createKey('HKXX\\A'),
      () => image.registry.deleteKey('HKXX\\A'),
      () => image.registry.deleteValue('HKXX\\A', 'v'),
    ];
    for (const refused of refusals)
      expect(refused).toThrow(expect.objectContaining({ code: 'ERROR_INVALID_HANDLE' }));
    expect(() => image.registry.deleteKey('HKLM\\Missing')).toThrow(
      expect.objectContaining({ code: 'ERROR_FILE_NOT_FOUND' }),
    );
  });
});
