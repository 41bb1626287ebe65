import { describe, expect, test } from 'vitest';
import { digestImage } from '../../src/image/index.js';
import { install, installedHotfixes, installedServicePack, uninstall } from '../../src/servicing/index.js';
import { buildPackage, digestWithoutLogs, serverImage, smallServicePack } from './helpers.js';
import { coreOf } from '../../src/machine/internal.js';

const KERNEL32 = 'C:\\WINNT\\system32\\kernel32.dll';

function kernelHotfix(version: string, level: number) {
  return buildPackage(
    [
      {
        target: '%SystemRoot%\\system32\\kernel32.dll',
        data: `kernel32 qfe ${version}`,
        version,
        branch: 'qfe',
        protected: true,
      },
    ],
    { id: 'Q300000', title: 'Hotfix Q300000', kind: 'hotfix', level, catalog: { name: 'Q300000.cat' } },
  );
}

describe('removal order between a service pack and hotfixes', () => {
  test('a hotfix the service pack installed over is not removed from under it', async () => {
    const image = serverImage();
    const core = coreOf(image);
    const original = digestWithoutLogs(core);
    await install(core, kernelHotfix('5.0.2195.2000', 0));
    core.session.installMode = true;
    const withHotfix = digestWithoutLogs(core);
    await install(core, smallServicePack(4, { includesHotfixes: ['Q300000'] }));
    core.session.installMode = true;
    const before = digestImage(core);
    const refused = await uninstall(core, 'Q300000');
    expect(refused.code).toBe(1603);
    expect(refused.message).toMatch(/remove the service pack first/);
    expect(digestImage(core)).toBe(before);
    expect(image.stat(KERNEL32).version).toBe('5.0.2195.6717');

    expect((await uninstall(core, 'W2K-SP4')).code).toBe(1641);
    core.session.installMode = true;
    expect(digestWithoutLogs(core)).toBe(withHotfix);
    expect((await uninstall(core, 'Q300000')).code).toBe(1641);
    expect(digestWithoutLogs(core)).toBe(original);
  });

  test('a service pack with a hotfix installed on it is not removed before the hotfix', async () => {
    const image = serverImage();
    const core = coreOf(image);
    const original = digestWithoutLogs(core);
    await install(core, smallServicePack());
    core.session.installMode = true;
    const withServicePack = digestWithoutLogs(core);
    await install(core, kernelHotfix('5.0.2195.6800', 4));
    core.session.installMode = true;
    const before = digestImage(core);
    const refused = await uninstall(core, 'W2K-SP4');
    expect(refused.code).toBe(1603);
    expect(refused.message).toMatch(/Q300000 was installed after it/);
    expect(digestImage(core)).toBe(before);

    expect((await uninstall(core, 'Q300000')).code).toBe(1641);
    core.session.installMode = true;
    expect(digestWithoutLogs(core)).toBe(withServicePack);
    expect((await uninstall(core, 'W2K-SP4')).code).toBe(1641);
    expect(digestWithoutLogs(core)).toBe(original);
  });

  test('a hotfix installed again on the service pack that came after it: removed, then the service pack', async () => {
    const image = serverImage();
    const core = coreOf(image);
    await install(core, kernelHotfix('5.0.2195.2000', 0));
    core.session.installMode = true;
    await install(core, smallServicePack());
    core.session.installMode = true;
    expect((await install(core, kernelHotfix('5.0.2195.6800', 4))).code).toBe(1641);
    core.session.installMode = true;
    expect(installedHotfixes(core)).toEqual(['Q300000', 'Q300000']);

    const removed = await uninstall(core, 'Q300000');
    expect(removed.code, removed.message).toBe(1641);
    core.session.installMode = true;
    expect(image.stat(KERNEL32).version).toBe('5.0.2195.6717');
    const servicePack = await uninstall(core, 'W2K-SP4');
    expect(servicePack.code, servicePack.message).toBe(1641);
    expect(installedServicePack(core)).toBe(0);
    expect(image.stat(KERNEL32).version).toBe('5.0.2195.2000');
  });
});
