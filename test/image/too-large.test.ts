/** Files too large for one buffer (more than 4 GiB on Node 20) are refused by name and size before anything is read. */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants } from 'node:buffer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, Package, WinImage } from '../../src/index.js';

let dir: string;
let file: string;
const size = constants.MAX_LENGTH + 1;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'svcpack-too-large-'));
  file = join(dir, 'huge.svcimg');
  // sparse: one byte written past the limit
  const fd = openSync(file, 'w');
  writeSync(fd, Buffer.from([1]), 0, 1, size - 1);
  closeSync(fd);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const refusal = `the file is ${size} bytes; svcpack reads files of at most ${constants.MAX_LENGTH} bytes into memory`;

describe('a file larger than one buffer can hold', () => {
  it.each([false, true])('WinImage.load (lazy: %s) refuses it as bad input naming its size', async (lazy) => {
    const load = WinImage.load(file, { lazy });
    await expect(load).rejects.toBeInstanceOf(InputError);
    await expect(load).rejects.toThrow(`${file}: file: ${refusal}`);
  });

  it('Package.load refuses it the same way', async () => {
    await expect(Package.load(file)).rejects.toThrow(`${file}: file: ${refusal}`);
  });
});
