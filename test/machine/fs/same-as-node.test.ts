import * as realFs from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, win32 } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { imageWithFs } from './helpers.js';

/**
 * pyfakefs-style: the same small body runs against real node:fs in a temporary folder and against
 * image.fs, and must give the same result, where Windows and Linux agree.
 */
type AnyFs = typeof realFs;
type Body = (fs: AnyFs, at: (...parts: string[]) => string) => unknown;

function outcome(fn: () => unknown): unknown {
  try {
    return { value: fn() };
  } catch (error) {
    const { code, syscall } = error as NodeJS.ErrnoException;
    return { code, syscall };
  }
}

const hostRoot = mkdtempSync(join(tmpdir(), 'svcpack-same-'));
let caseNumber = 0;
afterAll(() => realFs.rmSync(hostRoot, { recursive: true, force: true }));

function both(body: Body): { host: unknown; image: unknown } {
  const folder = `case${caseNumber++}`;
  realFs.mkdirSync(join(hostRoot, folder));
  const host = body(realFs, (...parts) => join(hostRoot, folder, ...parts));
  const { fs } = imageWithFs();
  fs.mkdirSync(`/${folder}`);
  const image = body(fs as unknown as AnyFs, (...parts) => win32.join('C:\\', folder, ...parts));
  return { host, image };
}

const CASES: Record<string, Body> = {
  'ENOENT reading a missing file': (fs, at) => outcome(() => fs.readFileSync(at('missing.txt'))),
  'EEXIST for mkdir and wx': (fs, at) => [
    outcome(() => fs.mkdirSync(at())),
    outcome(() => (fs.writeFileSync(at('f'), 'x'), fs.writeFileSync(at('f'), 'y', { flag: 'wx' }))),
  ],
  'ENOTDIR listing a file': (fs, at) => (
    fs.writeFileSync(at('f'), ''),
    outcome(() => fs.readdirSync(at('f')))
  ),
  'ENOTEMPTY removing a full folder': (fs, at) => {
    fs.mkdirSync(at('d'));
    fs.writeFileSync(at('d', 'f'), '');
    return outcome(() => fs.rmdirSync(at('d')));
  },
  'Dirent shapes': (fs, at) => {
    fs.mkdirSync(at('sub'));
    fs.writeFileSync(at('file.txt'), 'x');
    return fs
      .readdirSync(at(), { withFileTypes: true })
      .map((d) => [d.name, d.isFile(), d.isDirectory(), d.isSymbolicLink(), d.parentPath === at()])
      .sort();
  },
  'append flags': (fs, at) => {
    fs.writeFileSync(at('log'), 'a');
    fs.writeFileSync(at('log'), 'b', { flag: 'a' });
    fs.appendFileSync(at('log'), 'c');
    const fd = fs.openSync(at('log'), 'a');
    fs.writeSync(fd, 'd');
    fs.closeSync(fd);
    return [
      fs.readFileSync(at('log'), 'utf8'),
      outcome(() => fs.appendFileSync(at('log'), 'e', { flag: 'ax' })),
    ];
  },
  'descriptor positions': (fs, at) => {
    const fd = fs.openSync(at('f'), 'w+');
    fs.writeSync(fd, 'hello world');
    fs.writeSync(fd, 'J', 0);
    const buffer = Buffer.alloc(4);
    const read = fs.readSync(fd, buffer, 0, 4, 7);
    fs.ftruncateSync(fd, 5);
    const size = fs.fstatSync(fd).size;
    fs.closeSync(fd);
    return [read, buffer.toString(), size, fs.readFileSync(at('f'), 'utf8')];
  },
  'recursive mkdir and readdir': (fs, at) => {
    const first = fs.mkdirSync(at('a', 'b', 'c'), { recursive: true });
    fs.writeFileSync(at('a', 'b', 'f.txt'), '');
    const names = fs.readdirSync(at('a'), { recursive: true }).map((n) => String(n).replace(/\\/g, '/'));
    return [first === at('a'), fs.mkdirSync(at('a'), { recursive: true }), names.sort()];
  },
  'rm refusals and force': (fs, at) => {
    fs.mkdirSync(at('d'));
    return [
      outcome(() => fs.rmSync(at('d'))),
      outcome(() => fs.rmSync(at('missing'))),
      outcome(() => fs.rmSync(at('missing'), { force: true })),
    ];
  },
  'copyFile with COPYFILE_EXCL': (fs, at) => {
    fs.writeFileSync(at('a'), 'A');
    fs.copyFileSync(at('a'), at('b'));
    return [
      fs.readFileSync(at('b'), 'utf8'),
      outcome(() => fs.copyFileSync(at('a'), at('b'), fs.constants.COPYFILE_EXCL)),
    ];
  },
  'stat basics': (fs, at) => {
    fs.writeFileSync(at('f'), '12345');
    const file = fs.statSync(at('f'));
    const folder = fs.statSync(at());
    return [
      file.size,
      file.isFile(),
      folder.isDirectory(),
      Math.abs(file.mtime.getTime() - file.mtimeMs) < 1,
    ];
  },
  'rename replaces a file': (fs, at) => {
    fs.writeFileSync(at('a'), 'A');
    fs.writeFileSync(at('b'), 'B');
    fs.renameSync(at('a'), at('b'));
    return [fs.existsSync(at('a')), fs.readFileSync(at('b'), 'utf8')];
  },
  'modes: octal strings, and refusals that create nothing': (fs, at) => {
    fs.writeFileSync(at('f'), '');
    const fd = fs.openSync(at('f'), 'r');
    fs.fchmodSync(fd, '444');
    const readOnlyByFd = (fs.fstatSync(fd).mode & 0o222) === 0;
    fs.closeSync(fd);
    fs.chmodSync(at('f'), '666');
    const writableAgain = (fs.statSync(at('f')).mode & 0o200) !== 0;
    const refusals = ['abc', '0o444', -1, 1.5, 2 ** 32, {}].map((mode) => [
      errorOf(() => fs.chmodSync(at('f'), mode as number)),
      errorOf(() => fs.openSync(at('new'), 'w', mode as number)),
      errorOf(() => fs.writeFileSync(at('new'), 'x', { mode: mode as number })),
    ]);
    return { readOnlyByFd, writableAgain, refusals, created: fs.existsSync(at('new')) };
  },
};

function errorOf(fn: () => unknown): string {
  try {
    fn();
    return 'no error';
  } catch (error) {
    return `${(error as Error).name} ${(error as NodeJS.ErrnoException).code}`;
  }
}

describe('image.fs gives the same results as node:fs where Windows and Linux agree', () => {
  it.each(Object.keys(CASES))('%s', (name) => {
    const { host, image } = both(CASES[name]);
    expect(image).toEqual(host);
  });
});
