import { describe, expect, it } from 'vitest';
import { WinError } from '../../src/errors/index.js';
import { encodeImage } from '../../src/image/index.js';
import { WinImage } from '../../src/machine/index.js';
import { coreOf } from '../../src/machine/internal.js';
import { MOVEFILE } from '../../src/ops/index.js';

function small(): WinImage {
  const image = WinImage.empty();
  image.addVolume({ letter: 'C', capacity: 1 << 22 });
  image.mkdir('C:\\WINNT');
  image.writeFile('C:\\WINNT\\a.txt', 'a');
  return image;
}

/** Asserts `action` throws WinError `code` and leaves the image's digest where it was. */
function refusedUnchanged(image: WinImage, action: () => unknown, code: string): WinError {
  const before = image.digest();
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(WinError);
  expect((caught as WinError).code).toBe(code);
  expect(image.digest()).toBe(before);
  return caught as WinError;
}

describe('the path rules hold at the WinImage API, image.fs() and the pending-rename queue', () => {
  it('P1: C:\\test..\\ makes the folder test.; C:\\test.\\file is test\\file', () => {
    const image = small();
    image.mkdir('C:\\test..\\');
    image.mkdir('C:\\test');
    image.writeFile('C:\\test..\\file', 'in test.');
    image.writeFile('C:\\test.\\file. .', 'in test');
    expect(image.readdir('C:\\').sort()).toEqual(['WINNT', 'test', 'test.']);
    expect(image.readdir('C:\\test')).toEqual(['file']);
    expect(image.readFile('C:\\test..\\FILE').toString()).toBe('in test.');
    image.mkdir('C:\\dir \\');
    image.writeFile('C:\\dir \\x', 'spaced');
    expect(image.readdir('C:\\').includes('dir ')).toBe(true);
    expect(image.fs('C').readFileSync('/dir /x', 'utf8')).toBe('spaced');
  });

  it('P2: the volume \\\\.\\C: is refused, its root \\\\.\\C:\\ is the root folder', () => {
    const image = small();
    refusedUnchanged(image, () => image.writeFile('\\\\.\\C:', 'x'), 'ERROR_ACCESS_DENIED');
    refusedUnchanged(image, () => image.mkdir('\\\\?\\C:'), 'ERROR_ACCESS_DENIED');
    expect(image.readdir('\\\\.\\C:\\')).toEqual(['WINNT']);
    expect(image.readFile('\\\\.\\C:\\x\\..\\WINNT\\a.txt').toString()).toBe('a');
    refusedUnchanged(image, () => image.writeFile('\\\\.\\C:\\..\\WINNT', 'x'), 'ERROR_INVALID_NAME');
  });

  it('P3: COM¹ and LPT³.log cannot be created by the API; image.fs(), verbatim as Node, makes a file', () => {
    const image = small();
    refusedUnchanged(image, () => image.writeFile('C:\\WINNT\\COM¹', 'x'), 'ERROR_INVALID_NAME');
    refusedUnchanged(image, () => image.mkdir('C:\\lpt³.log'), 'ERROR_INVALID_NAME');
    // Node on Windows sends \\?\C:\WINNT\com².txt, which no device name check sees (nodejs/node#47258)
    image.fs('C').writeFileSync('/WINNT/com².txt', 'x');
    expect(image.readdir('C:\\WINNT')).toContain('com².txt');
    expect(image.readFile('\\\\?\\C:\\WINNT\\com².txt').toString()).toBe('x');
  });

  it('P4: C:\\nul\\foo.txt is an ordinary path (ERROR_PATH_NOT_FOUND); C:\\nul itself is refused', () => {
    const image = small();
    const error = refusedUnchanged(
      image,
      () => image.writeFile('C:\\nul\\foo.txt', 'x'),
      'ERROR_PATH_NOT_FOUND',
    );
    expect(error.errno).toBe(3);
    refusedUnchanged(image, () => image.mkdir('C:\\nul'), 'ERROR_INVALID_NAME');
    expect(image.exists('C:\\WINNT\\con\\..\\a.txt')).toBe(true);
  });

  it('P5: name::$DATA is the file itself; a named stream is refused and nothing changes', () => {
    const image = small();
    image.writeFile('C:\\WINNT\\b.txt::$DATA', 'b');
    expect(image.readdir('C:\\WINNT').sort()).toEqual(['a.txt', 'b.txt']);
    expect(image.readFile('C:\\WINNT\\a.txt::$data').toString()).toBe('a');
    expect(image.fs('C').readFileSync('/WINNT/b.txt::$DATA', 'utf8')).toBe('b');
    const error = refusedUnchanged(
      image,
      () => image.writeFile('C:\\WINNT\\a.txt:zone', 'x'),
      'ERROR_NOT_SUPPORTED',
    );
    expect(error.message).toMatch(/data stream 'zone' of 'a.txt'/);
    refusedUnchanged(image, () => image.readFile('C:\\WINNT\\a.txt:zone:$DATA'), 'ERROR_NOT_SUPPORTED');
  });

  it('P7: a name over 255 is ERROR_INVALID_NAME, a path over MAX_PATH ERROR_FILENAME_EXCED_RANGE', () => {
    const image = small();
    refusedUnchanged(image, () => image.writeFile(`C:\\${'n'.repeat(256)}`, 'x'), 'ERROR_INVALID_NAME');
    image.mkdir(`C:\\${'d'.repeat(200)}`);
    refusedUnchanged(
      image,
      () => image.writeFile(`C:\\${'d'.repeat(200)}\\${'f'.repeat(60)}`, 'x'),
      'ERROR_FILENAME_EXCED_RANGE',
    );
    image.writeFile(`\\\\?\\C:\\${'d'.repeat(200)}\\${'f'.repeat(60)}`, 'verbatim');
    expect(image.readdir(`C:\\${'d'.repeat(200)}`)).toHaveLength(1);
  });

  it('P1 P4 P5: a rename queued for the boot takes the rules at the door and lands where Windows puts it', () => {
    const image = small();
    image.writeFile('C:\\WINNT\\b.txt', 'b');
    image.mkdir('\\\\?\\C:\\nul'); // only a verbatim path can make it
    image.mkdir('C:\\q..\\');
    image.moveFileEx('C:\\WINNT\\a.txt', 'C:\\nul\\a.txt::$DATA', MOVEFILE.DELAY_UNTIL_REBOOT);
    image.moveFileEx('C:\\WINNT\\b.txt', 'C:\\q..\\b.txt. ', MOVEFILE.DELAY_UNTIL_REBOOT);
    expect(image.pendingRenames().map((r) => r.destination)).toEqual([
      '\\??\\C:\\nul\\a.txt',
      '\\??\\C:\\q.\\b.txt',
    ]);
    refusedUnchanged(
      image,
      () => image.moveFileEx('C:\\WINNT\\a.txt', 'C:\\WINNT\\COM³', MOVEFILE.DELAY_UNTIL_REBOOT),
      'ERROR_INVALID_NAME',
    );
    image.reboot();
    expect(image.readFile('C:\\nul\\a.txt').toString()).toBe('a');
    expect(image.readFile('C:\\q..\\b.txt').toString()).toBe('b');
    expect(image.readdir('C:\\WINNT')).toEqual([]);
  });

  it('P1: a name only a verbatim path makes (foo.) is changed, copied onto, moved and undone as itself, never as foo', () => {
    const image = small();
    image.writeFile('C:\\WINNT\\foo', 'plain');
    image.writeFile('\\\\?\\C:\\WINNT\\foo.', 'dotted');
    image.writeFile('\\\\?\\C:\\WINNT\\foo.', 'dotted again');
    image.copyFile('C:\\WINNT\\a.txt', '\\\\?\\C:\\WINNT\\foo.');
    expect(image.readFile('C:\\WINNT\\foo').toString()).toBe('plain');
    expect(image.readFile('\\\\?\\C:\\WINNT\\foo.').toString()).toBe('a');
    const mark = image.mark();
    image.deleteFile('\\\\?\\C:\\WINNT\\foo.');
    image.undo(mark);
    expect(image.readFile('C:\\WINNT\\foo').toString()).toBe('plain');
    expect(image.readFile('\\\\?\\C:\\WINNT\\foo.').toString()).toBe('a');
    image.mkdir('\\\\?\\C:\\WINNT\\nul');
    image.writeFile('C:\\WINNT\\nul\\x', 'x');
    image.setAttributes('\\\\?\\C:\\WINNT\\nul', ['hidden']);
    expect(image.removeTree('C:\\WINNT')).toBe(6);
    expect(image.exists('C:\\WINNT')).toBe(false);
  });

  it('P1 P4: the boot renames onto a device name and deletes foo. (names only NT paths reach), reports them and undoes them as themselves', () => {
    // a machine with protected files: Windows File Protection looks at what the boot touched
    const image = WinImage.create();
    image.writeFile('C:\\WINNT\\a.txt', 'a');
    image.writeFile('C:\\WINNT\\foo', 'plain');
    image.writeFile('\\\\?\\C:\\WINNT\\foo.', 'dotted');
    image.moveFileEx('C:\\WINNT\\a.txt', '\\\\?\\C:\\WINNT\\nul', MOVEFILE.DELAY_UNTIL_REBOOT);
    image.moveFileEx('\\\\?\\C:\\WINNT\\foo.', null, MOVEFILE.DELAY_UNTIL_REBOOT);
    const mark = image.mark();
    expect(image.reboot().entries.map((entry) => entry.outcome)).toEqual(['renamed', 'deleted']);
    expect(image.readFile('\\\\?\\C:\\WINNT\\nul').toString()).toBe('a');
    expect(image.exists('\\\\?\\C:\\WINNT\\foo.')).toBe(false);
    image.undo(mark);
    expect(image.exists('\\\\?\\C:\\WINNT\\nul')).toBe(false);
    expect(image.readFile('C:\\WINNT\\a.txt').toString()).toBe('a');
    expect(image.readFile('C:\\WINNT\\foo').toString()).toBe('plain');
    expect(image.readFile('\\\\?\\C:\\WINNT\\foo.').toString()).toBe('dotted');
  });

  it('P1: a process holding foo. and a delete-pending foo. are saved and loaded as foo., never as foo', () => {
    const image = small();
    image.writeFile('C:\\WINNT\\foo', 'plain');
    image.writeFile('\\\\?\\C:\\WINNT\\foo.', 'dotted');
    image.writeFile('\\\\?\\C:\\WINNT\\bar.', 'held');
    const pid = image.startProcess('app.exe', { holds: ['\\\\?\\C:\\WINNT\\bar.'] });
    image.open('\\\\?\\C:\\WINNT\\foo.', { access: ['read'], share: ['delete'], process: pid });
    image.deleteFile('\\\\?\\C:\\WINNT\\foo.');
    image.writeFile('C:\\WINNT\\bar', 'free');
    const loaded = WinImage.fromBytes(Buffer.concat(encodeImage(coreOf(image))));
    expect(() =>
      loaded.open('\\\\?\\C:\\WINNT\\foo.', { access: ['read'], share: ['read', 'delete'] }),
    ).toThrow(expect.objectContaining({ code: 'ERROR_ACCESS_DENIED' }));
    expect(() => loaded.deleteFile('\\\\?\\C:\\WINNT\\bar.')).toThrow(
      expect.objectContaining({ code: 'ERROR_ACCESS_DENIED' }),
    );
    loaded.deleteFile('C:\\WINNT\\foo');
    loaded.deleteFile('C:\\WINNT\\bar');
  });
});
