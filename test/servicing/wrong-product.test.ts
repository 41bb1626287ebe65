import { describe, expect, test } from 'vitest';
import { digestImage } from '../../src/image/index.js';
import { install, installedServicePack } from '../../src/servicing/index.js';
import { buildPackage, serverImage, smallServicePack } from './helpers.js';
import { coreOf } from '../../src/machine/internal.js';

const CURRENT_VERSION = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';

/** The default server relabelled as a Windows 7 tree (as a Wine prefix's registry says). */
function windows7Image() {
  const image = serverImage();
  image.registry.setValue(CURRENT_VERSION, 'CurrentVersion', 'REG_SZ', '6.1');
  image.registry.setValue(CURRENT_VERSION, 'ProductName', 'REG_SZ', 'Microsoft Windows 7 Professional');
  return image;
}

describe('a service pack for another product', () => {
  test('Windows 2000 SP4 on a Windows 7 tree (CurrentVersion 6.1) is refused before any change, naming both products', async () => {
    const image = windows7Image();
    const before = digestImage(coreOf(image));
    const result = await install(coreOf(image), smallServicePack(), { noRestart: true });
    expect(result.code).toBe(1603);
    expect(result.message).toMatch(/W2K-SP4 is for Windows 2000/);
    expect(result.message).toMatch(
      /this machine runs Windows 7 \(CurrentVersion 6\.1, ProductName 'Microsoft Windows 7 Professional'\)/,
    );
    expect(digestImage(coreOf(image))).toBe(before);
    expect(installedServicePack(coreOf(image))).not.toBe(4);
  });

  test('a hotfix for Windows 2000 on a tree of an unknown NT version (9.9) is refused', async () => {
    const image = serverImage();
    image.registry.setValue(CURRENT_VERSION, 'CurrentVersion', 'REG_SZ', '9.9');
    const hotfix = buildPackage(
      [{ target: '%SystemRoot%\\system32\\q.dll', data: 'q', version: '5.0.2195.9' }],
      {
        id: 'Q823980',
        kind: 'hotfix',
        level: undefined,
        title: 'Q823980',
      },
    );
    const before = digestImage(coreOf(image));
    const result = await install(coreOf(image), hotfix, { noRestart: true });
    expect(result.code).toBe(1603);
    expect(result.message).toMatch(
      /Q823980 is for Windows 2000; this machine runs Windows NT 9\.9 \(CurrentVersion 9\.9/,
    );
    expect(digestImage(coreOf(image))).toBe(before);
  });

  test('the same SP4 still installs on Windows 2000 (CurrentVersion 5.0)', async () => {
    const image = serverImage();
    const result = await install(coreOf(image), smallServicePack(), { noRestart: true });
    expect([0, 3010]).toContain(result.code);
    expect(installedServicePack(coreOf(image))).toBe(4);
  });
});
