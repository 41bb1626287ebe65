import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WinImage } from '../../src/index.js';
import { smallImage } from '../helpers/small-image.js';

// The recipe of docs/testing.md: import the harness in vi.hoisted (before node:fs is mocked, so
// svcpack itself keeps the real fs), then mock node:fs and node:fs/promises with the current
// test's image fs. The module under test below imports node:fs directly.
const harness = await vi.hoisted(async () => {
  const { imageHarness } = await import('../../src/testing/index.js');
  const { WinImage: Image } = await import('../../src/index.js');
  const { smallImage: small } = await import('../helpers/small-image.js');
  return imageHarness({ key: 'small', build: () => Image.wrap(small()) });
});
vi.mock('node:fs', () => harness.nodeFs('C'));
vi.mock('node:fs/promises', () => harness.nodeFsPromises('C'));

import { readIni, readIniAsync, rotateLog } from './uses-node-fs.js';

describe('vi.mock of node:fs with an image fs', () => {
  beforeEach(harness.setup);
  afterEach(harness.teardown);

  it('code that imports node:fs directly runs against the image, with Windows paths', () => {
    harness.image().mkdir('C:\\WINNT\\Logs');
    harness.image().writeFile('C:\\WINNT\\Logs\\svc.log', 'old');
    expect(rotateLog('C:\\winnt\\logs', 'svc.log', 3).sort()).toEqual(['svc.log', 'svc.log.1']);
    expect(rotateLog('C:\\WINNT\\Logs', 'svc.log', 3).sort()).toEqual(['svc.log', 'svc.log.1', 'svc.log.2']);
    expect(harness.image().readFile('C:\\WINNT\\Logs\\svc.log.2').toString()).toBe('old');
    expect(readIni('C:/WINNT/win.ini')).toBe('[windows]');
  });

  it('node:fs/promises is mocked too, and each test has a fresh fork', async () => {
    expect(harness.image().exists('C:\\WINNT\\Logs')).toBe(false);
    expect(await readIniAsync('C:\\boot.ini')).toBe('[boot loader]');
  });

  it("the mocked module's classes answer instanceof for what its calls return (Stats, Dirent, Dir, streams)", async () => {
    const fs = await import('node:fs');
    expect(fs.statSync('C:\\boot.ini')).toBeInstanceOf(fs.Stats);
    expect(fs.readdirSync('C:\\', { withFileTypes: true })[0]).toBeInstanceOf(fs.Dirent);
    const dir = fs.opendirSync('C:\\');
    expect(dir).toBeInstanceOf(fs.Dir);
    dir.closeSync();
    const stream = fs.createReadStream('C:\\boot.ini');
    expect(stream).toBeInstanceOf(fs.ReadStream);
    await new Promise<void>((resolve) => stream.on('close', () => resolve()).destroy());
    expect(fs.createWriteStream('C:\\new.txt').destroy()).toBeInstanceOf(fs.WriteStream);
  });

  it('svcpack itself keeps the real node:fs (it was loaded before the mock)', async () => {
    const other = WinImage.wrap(smallImage());
    expect(other.fs('C').existsSync('/boot.ini')).toBe(true);
    const { existsSync } = await vi.importActual<typeof import('node:fs')>('node:fs');
    expect(existsSync(import.meta.filename)).toBe(true);
  });
});
