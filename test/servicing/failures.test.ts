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

  test('a bug inside an install is rolled back and thrown as it is, not reported as 1603', async () => {
    const image = serverImage();
    const before = digestImage(coreOf(image));
    const buggyProgress = (step: string) => {
      if (step === 'files') throw new TypeError('a bug in the progress callback');
    };
    await expect(install(coreOf(image), smallServicePack(), { progress: buggyProgress })).rejects.toThrow(
      TypeError,
    );
    expect(coreOf(image).journal).toBeUndefined();
    expect(digestImage(coreOf(image))).toBe(before); // no Svcpack.log either: nothing claims a fatal error
    const again = await install(coreOf(image), smallServicePack(), { restart: 'later' });
    expect([0, 3010]).toContain(again.code);
  });

  test('a download store that fails is an expected failure: 1603, rolled back, named as ERROR_BAD_NETPATH', async () => {
    const image = serverImage();
    const before = digestWithoutLogs(coreOf(image));
    const store = {
      bytesFetched: 0,
      fetch(): Uint8Array {
        throw new Error('the download store is unreachable');
      },
    };
    const result = await install(coreOf(image), smallServicePack(), { method: 'express', store });
    expect(result.code).toBe(1603);
    expect(result.message).toMatch(/ERROR_BAD_NETPATH \(53\).*unreachable/);
    expect(digestWithoutLogs(coreOf(image))).toBe(before);
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
