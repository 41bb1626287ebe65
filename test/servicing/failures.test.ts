import { describe, expect, test } from 'vitest';
import { digestImage } from '../../src/image/index.js';
import { generateSigningKey } from '../../src/catalog/index.js';
import { install } from '../../src/servicing/index.js';
import { digestWithoutLogs, serverImage, smallServicePack } from './helpers.js';
import { coreOf } from '../../src/machine/internal.js';

describe('failures during the install', () => {
  test('a step that fails rolls every change back: 1603, only Svcpack.log differs', async () => {
    const image = serverImage();
    const before = digestWithoutLogs(coreOf(image));
    let calls = 0;
    const store = {
      bytesFetched: 0,
      fetch(): Uint8Array {
        if (++calls === 3) throw new Error('the download store is unreachable');
        return new Uint8Array(0);
      },
    };
    const result = await install(coreOf(image), smallServicePack(), { method: 'express', store });
    expect(result.code).toBe(1603);
    expect(result.message).toMatch(/unreachable|does not match/);
    expect(coreOf(image).journal).toBeUndefined();
    expect(digestWithoutLogs(coreOf(image))).toBe(before);
    expect(image.readFile('C:\\WINNT\\Svcpack.log').toString()).toMatch(/DoInstallation: failed/);
  });

  test('a package signed by a key outside `trusted` is refused', async () => {
    const image = serverImage();
    const before = digestImage(coreOf(image));
    const other = generateSigningKey(new Uint8Array(32).fill(7));
    const result = await install(coreOf(image), smallServicePack(), {
      trusted: new Map([[other.keyId, other.publicKey]]),
    });
    expect(result.code).toBe(1603);
    expect(result.message).toMatch(/not trusted/);
    expect(digestImage(coreOf(image))).toBe(before);
  });

  test('progress reports extraction and file copying', async () => {
    const image = serverImage();
    const steps = new Map<string, number>();
    await install(coreOf(image), smallServicePack(), {
      restart: 'later',
      progress: (step, done, total) => {
        expect(done).toBeLessThanOrEqual(total);
        steps.set(step, done);
      },
    });
    expect(steps.get('extract')).toBe(smallServicePack().members().length);
    expect(steps.get('files')).toBeGreaterThan(0);
  });
});
