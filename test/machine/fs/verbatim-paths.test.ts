/**
 * Node on Windows hands every path to the disk verbatim: its fs calls `path.toNamespacedPath`, which
 * resolves the path (`.` and `..` collapse, `/` becomes `\`) and prefixes `\\?\`. So Win32's
 * normalisation (rule P1's trailing periods and spaces, device names, MAX_PATH) does not apply:
 * `writeFileSync('nul')` makes a file named nul "by design" (nodejs/node#47258, closed by the
 * maintainers), and `mkdir('C:\\test..')` makes a folder named `test..`. `image.fs` does the same.
 */
import { describe, expect, it } from 'vitest';
import { encodeImage } from '../../../src/image/index.js';
import { WinImage, coreOf } from '../../../src/machine/index.js';
import { imageWithFs } from './helpers.js';

describe('image.fs reaches the disk as Node on Windows does: verbatim after resolving', () => {
  it("a folder named 'test..' is that name, not 'test', and what is in it can be read and removed", () => {
    const { fs } = imageWithFs();
    fs.mkdirSync('C:\\test..');
    fs.writeFileSync('C:\\test..\\a.txt', 'in test..');
    expect(fs.readdirSync('C:\\').filter((name) => name.startsWith('test'))).toEqual(['test..']);
    expect(fs.existsSync('C:\\test')).toBe(false);
    expect(fs.readFileSync('C:\\test..\\a.txt', 'utf8')).toBe('in test..');
    expect(fs.statSync('C:\\test..').isDirectory()).toBe(true);
    fs.rmSync('C:\\test..', { recursive: true });
    expect(fs.existsSync('C:\\test..')).toBe(false);
  });

  it('a trailing space or period keeps a second file apart; rename and copy keep such names', () => {
    const { fs } = imageWithFs();
    fs.writeFileSync('C:\\foo.txt ', 'with a space');
    fs.writeFileSync('C:\\foo.txt', 'plain');
    expect(fs.readdirSync('C:\\').filter((name) => name.startsWith('foo'))).toEqual(['foo.txt', 'foo.txt ']);
    fs.renameSync('C:\\foo.txt ', 'C:\\bar. ');
    fs.copyFileSync('C:\\bar. ', 'C:\\baz..');
    expect([fs.readFileSync('C:\\baz..', 'utf8'), fs.readFileSync('C:\\foo.txt', 'utf8')]).toEqual([
      'with a space',
      'plain',
    ]);
    expect(fs.realpathSync('C:\\BAR. ')).toBe('C:\\BAR. ');
  });

  it('a device name is a file name: nul holds what is written to it', () => {
    const { fs } = imageWithFs();
    fs.mkdirSync('C:\\logs');
    fs.writeFileSync('C:\\logs\\nul', 'kept');
    expect(fs.readdirSync('C:\\logs')).toEqual(['nul']);
    expect(fs.readFileSync('C:\\logs\\nul', 'utf8')).toBe('kept');
    const fd = fs.openSync('C:\\logs\\nul', 'r');
    expect(fs.fstatSync(fd).size).toBe(4);
    fs.closeSync(fd);
  });

  it('a path past MAX_PATH works and survives save and load; . and .. still collapse', async () => {
    const { image, fs } = imageWithFs();
    const deep = `C:\\${'a'.repeat(200)}\\${'b'.repeat(100)}`;
    expect(fs.mkdirSync(deep, { recursive: true })).toBe(`C:\\${'a'.repeat(200)}`);
    fs.writeFileSync(`${deep}\\f.txt`, 'deep');
    fs.writeFileSync('C:\\x\\..\\.\\plain.txt', 'collapsed');
    expect(fs.readFileSync('C:\\plain.txt', 'utf8')).toBe('collapsed');
    const loaded = WinImage.fromBytes(Buffer.concat(encodeImage(coreOf(image))));
    expect(loaded.fs('C').readFileSync(`${deep}\\f.txt`, 'utf8')).toBe('deep');
  });

  it("the library's recursive mkdir of a verbatim path creates the folder under its own name", () => {
    const { image } = imageWithFs();
    image.mkdir('\\\\?\\C:\\test..\\sub', { recursive: true });
    expect(image.readdir('C:\\').filter((name) => name.startsWith('test'))).toEqual(['test..']);
    expect(image.readdir('\\\\?\\C:\\test..')).toEqual(['sub']);
  });
});
