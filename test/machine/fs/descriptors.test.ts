import { describe, expect, it } from 'vitest';
import { imageWithFs, thrown } from './helpers.js';

describe('image.fs: descriptors hold real image handles', () => {
  it('openSync / writeSync / readSync / closeSync with positions and the file position', () => {
    const { fs } = imageWithFs();
    const fd = fs.openSync('/notes.txt', 'w+');
    expect(fs.writeSync(fd, 'hello ')).toBe(6);
    expect(fs.writeSync(fd, Buffer.from('world'))).toBe(5);
    fs.writeSync(fd, 'J', 0);
    const buffer = Buffer.alloc(11);
    expect(fs.readSync(fd, buffer, 0, 11, 0)).toBe(11);
    expect(buffer.toString()).toBe('Jello world');
    expect(fs.fstatSync(fd).size).toBe(11);
    fs.ftruncateSync(fd, 5);
    fs.closeSync(fd);
    expect(fs.readFileSync('/notes.txt', 'utf8')).toBe('Jello');
    expect(fs.openDescriptors()).toBe(0);
  });

  it("'a' descriptors write at the end whatever the position; 'r' descriptors cannot write (EBADF, as libuv on Windows)", () => {
    const { fs } = imageWithFs();
    const fd = fs.openSync('/boot.ini', 'a');
    fs.writeSync(fd, '!', 0);
    fs.closeSync(fd);
    expect(fs.readFileSync('/boot.ini', 'utf8')).toBe('[boot loader]!');
    const reader = fs.openSync('/boot.ini', 'r');
    expect(thrown(() => fs.writeSync(reader, 'x'))).toMatchObject({
      code: 'EBADF',
      errno: -4083,
      syscall: 'write',
    });
    fs.closeSync(reader);
  });

  it('a descriptor opened without read access cannot be read: EBADF, as libuv on Windows reports it, and nothing changes', async () => {
    const { image, fs } = imageWithFs();
    const writer = fs.openSync('/boot.ini', 'a');
    const before = image.digest();
    expect(thrown(() => fs.readSync(writer, Buffer.alloc(4)))).toMatchObject({
      code: 'EBADF',
      syscall: 'read',
    });
    expect(thrown(() => fs.readFileSync(writer))).toMatchObject({ code: 'EBADF', syscall: 'read' });
    expect(image.digest()).toBe(before);
    fs.closeSync(writer);
    const handle = await fs.promises.open('/boot.ini', 'w');
    await expect(handle.readFile('utf8')).rejects.toMatchObject({ code: 'EBADF', syscall: 'read' });
    await handle.close();
  });

  it('closing twice, or using a closed descriptor, is EBADF', () => {
    const { fs } = imageWithFs();
    const fd = fs.openSync('/boot.ini', 'r');
    fs.closeSync(fd);
    expect(thrown(() => fs.closeSync(fd)).code).toBe('EBADF');
    expect(thrown(() => fs.readSync(fd, Buffer.alloc(1))).code).toBe('EBADF');
  });

  it("a program's exclusive handle makes the fs's open fail with EBUSY, and closing it frees the file", () => {
    const { image, fs } = imageWithFs();
    const handle = image.open('C:\\boot.ini', { access: ['read'], share: [] });
    const error = thrown(() => fs.readFileSync('/boot.ini'));
    expect(error).toMatchObject({ code: 'EBUSY', errno: -4082, syscall: 'open', path: '/boot.ini' });
    expect((error.winError as { code: string }).code).toBe('ERROR_SHARING_VIOLATION');
    handle.close();
    expect(fs.readFileSync('/boot.ini', 'utf8')).toBe('[boot loader]');
  });

  it('an open descriptor is a handle others see: a program asking for exclusive access gets a sharing violation', () => {
    const { image, fs } = imageWithFs();
    const fd = fs.openSync('/boot.ini', 'r');
    expect(() => image.open('C:\\boot.ini', { access: ['read'], share: [] })).toThrow(
      /ERROR_SHARING_VIOLATION/,
    );
    fs.closeSync(fd);
    image.open('C:\\boot.ini', { access: ['read'], share: [] }).close();
  });

  it("the fs's share mode is an option: share ['read'] keeps another fs from writing the file it holds", () => {
    const { image, fs } = imageWithFs();
    const holder = image.fs('C', { share: ['read'] });
    const fd = holder.openSync('/boot.ini', 'r');
    expect(fs.readFileSync('/boot.ini', 'utf8')).toBe('[boot loader]');
    expect(thrown(() => fs.writeFileSync('/boot.ini', 'x')).code).toBe('EBUSY');
    expect(thrown(() => fs.unlinkSync('/boot.ini')).code).toBe('EBUSY');
    holder.closeSync(fd);
    fs.unlinkSync('/boot.ini');
  });

  it('two descriptors of the same fs on one file both write (Node shares read, write and delete)', () => {
    const { fs } = imageWithFs();
    const a = fs.openSync('/shared.log', 'a');
    const b = fs.openSync('/shared.log', 'a');
    fs.writeSync(a, 'one ');
    fs.writeSync(b, 'two');
    fs.closeSync(a);
    fs.closeSync(b);
    expect(fs.readFileSync('/shared.log', 'utf8')).toBe('one two');
  });

  it('a loaded image cannot be opened for writing (EBUSY) but can be read', () => {
    const { image, fs } = imageWithFs();
    image.startProcess('spoolsv.exe', { holds: ['C:\\WINNT\\system32\\spoolsv.exe'] });
    expect(thrown(() => fs.openSync('/WINNT/system32/spoolsv.exe', 'r+')).code).toBe('EBUSY');
    expect(fs.readFileSync('/WINNT/system32/spoolsv.exe', 'utf8')).toBe('spooler v1');
  });

  it("openSync 'wx' refuses an existing file; a creating mode without write makes the file read-only", () => {
    const { fs } = imageWithFs();
    expect(thrown(() => fs.openSync('/boot.ini', 'wx')).code).toBe('EEXIST');
    fs.closeSync(fs.openSync('/locked.txt', 'wx', 0o444));
    expect(fs.statSync('/locked.txt').attributes).toContain('readonly');
  });

  it('a creating mode given as an octal string, as Node takes it, makes the file read-only too', async () => {
    const { fs } = imageWithFs();
    fs.closeSync(fs.openSync('/a.txt', 'w', '444'));
    fs.writeFileSync('/b.txt', 'b', { mode: '0444' });
    await fs.promises.appendFile('/c.txt', 'c', { mode: '444' });
    fs.closeSync(fs.openSync('/d.txt', 'w', '644'));
    expect(['/a.txt', '/b.txt', '/c.txt', '/d.txt'].map((p) => fs.statSync(p).mode & 0o777)).toEqual([
      0o444, 0o444, 0o444, 0o666,
    ]);
  });

  it('readvSync and writevSync move several buffers at once', () => {
    const { fs } = imageWithFs();
    const fd = fs.openSync('/v.txt', 'w+');
    expect(fs.writevSync(fd, [Buffer.from('ab'), Buffer.from('cd')])).toBe(4);
    const parts = [Buffer.alloc(1), Buffer.alloc(3)];
    expect(fs.readvSync(fd, parts, 0)).toBe(4);
    expect(Buffer.concat(parts).toString()).toBe('abcd');
    fs.closeSync(fd);
  });

  it('a write through a descriptor after a rename goes to the renamed file, not a new file at the old name', () => {
    const { fs } = imageWithFs();
    const fd = fs.openSync('/boot.ini', 'r+');
    fs.renameSync('/boot.ini', '/boot.old');
    fs.writeSync(fd, '{', 0);
    expect(fs.fstatSync(fd).size).toBe(13);
    fs.closeSync(fd);
    expect(fs.existsSync('/boot.ini')).toBe(false);
    expect(fs.readFileSync('/boot.old', 'utf8')).toBe('{boot loader]');
  });

  it('N3: a descriptor of a file deleted while open keeps working; the name stays until it closes, then goes', () => {
    const { fs } = imageWithFs();
    const fd = fs.openSync('/boot.ini', 'r+');
    fs.unlinkSync('/boot.ini');
    fs.writeSync(fd, 'x');
    expect(fs.existsSync('/boot.ini')).toBe(true);
    expect(['EACCES', 'EPERM']).toContain(thrown(() => fs.openSync('/boot.ini', 'r')).code);
    fs.closeSync(fd);
    expect(fs.existsSync('/boot.ini')).toBe(false);
  });
});
