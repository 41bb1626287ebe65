import { describe, expect, it } from 'vitest';
import { WinError } from '../../../src/errors/index.js';
import { ImageFsError } from '../../../src/machine/index.js';
import { imageWithFs, thrown } from './helpers.js';

describe('image.fs: errors', () => {
  it("carry Node's code, Windows' errno, the syscall, the path as given and Node's message", () => {
    const { fs } = imageWithFs();
    const error = thrown(() => fs.readFileSync('/nope.txt'));
    expect(error).toBeInstanceOf(ImageFsError);
    expect(error).toMatchObject({ code: 'ENOENT', errno: -4058, syscall: 'open', path: '/nope.txt' });
    expect(error.message).toBe("ENOENT: no such file or directory, open '/nope.txt'");
    expect(error.winError).toBeInstanceOf(WinError);
  });

  it.each([
    ['EEXIST', -4075, (fs: ReturnType<typeof imageWithFs>['fs']) => fs.mkdirSync('/WINNT')],
    ['ENOTDIR', -4052, (fs: ReturnType<typeof imageWithFs>['fs']) => fs.readdirSync('/boot.ini')],
    ['EISDIR', -4068, (fs: ReturnType<typeof imageWithFs>['fs']) => fs.writeFileSync('/WINNT', '')],
    ['ENOTEMPTY', -4051, (fs: ReturnType<typeof imageWithFs>['fs']) => fs.rmdirSync('/WINNT')],
    ['EPERM', -4048, (fs: ReturnType<typeof imageWithFs>['fs']) => fs.unlinkSync('/WINNT')],
  ])('%s has errno %d, as libuv reports it on Windows', (code, errno, call) => {
    const { fs } = imageWithFs();
    expect(thrown(() => call(fs))).toMatchObject({ code, errno });
  });

  it('a call it does not support throws ENOSYS naming it, never a silent no-op', () => {
    const { fs } = imageWithFs();
    for (const call of [
      () => fs.symlinkSync('/boot.ini', '/link'),
      () => fs.linkSync('/boot.ini', '/link'),
      () => fs.watch('/WINNT'),
      () => fs.cpSync('/WINNT', '/copy', { recursive: true }),
    ]) {
      const error = thrown(call);
      expect(error.code).toBe('ENOSYS');
      expect(error.message).toMatch(/^not supported by svcpack's image fs: /);
    }
    expect(fs.existsSync('/link')).toBe(false);
  });

  it('an option that would change behaviour and is not implemented throws ENOSYS', () => {
    const { fs } = imageWithFs();
    expect(thrown(() => fs.readdirSync('/WINNT', { withFileTypes: true, encoding: 'buffer' })).message).toBe(
      "not supported by svcpack's image fs: readdir with withFileTypes and encoding 'buffer'",
    );
  });

  it("an option Node does not know is ignored, as Node ignores it (libraries pass their own, such as jsonfile's)", () => {
    const { fs } = imageWithFs();
    expect(fs.readFileSync('/boot.ini', { encoding: 'utf8', bogus: 1 } as never)).toBe('[boot loader]');
    fs.writeFileSync('/x.json', '{}', { spaces: 2 } as never);
    expect(fs.readdirSync('/WINNT', { sorted: true } as never)).toContain('win.ini');
  });

  it('a failed call changes nothing', () => {
    const { image, fs } = imageWithFs();
    const before = image.digest();
    for (const call of [
      () => fs.writeFileSync('/no/dir/x.txt', 'x'),
      () => fs.renameSync('/nope', '/x'),
      () => fs.copyFileSync('/WINNT', '/x'),
      () => fs.mkdirSync('/boot.ini/x', { recursive: true }),
      () => fs.openSync('/boot.ini', 'wx'),
    ])
      thrown(call);
    expect(image.digest()).toBe(before);
  });
});
