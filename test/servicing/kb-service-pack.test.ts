import { describe, expect, test } from 'vitest';
import { installedPackages } from '../../src/cli/commands/installed.js';
import { coreOf } from '../../src/machine/internal.js';
import { install, installedServicePack, uninstall } from '../../src/servicing/index.js';
import { digestWithoutLogs, serverImage, smallServicePack } from './helpers.js';

describe('a service pack whose id is a KB number (Windows XP SP3 is KB936929)', () => {
  test('is listed as a service pack and removed from $NTServicePackUninstall$', async () => {
    const image = serverImage();
    const before = digestWithoutLogs(coreOf(image));
    expect((await install(coreOf(image), smallServicePack(4, { id: 'KB936929' }))).code).toBe(1641);
    coreOf(image).session.installMode = true;
    expect(installedPackages(image)).toEqual([
      { id: 'KB936929', title: 'Windows 2000 Service Pack 4', kind: 'servicePack', removable: true },
    ]);
    const removed = await uninstall(coreOf(image), 'KB936929');
    expect(removed.code, removed.message).toBe(1641);
    expect(installedServicePack(coreOf(image))).toBe(0);
    expect(digestWithoutLogs(coreOf(image))).toBe(before);
  });
});
