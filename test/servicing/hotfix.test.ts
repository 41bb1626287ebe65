import { describe, expect, test } from 'vitest';
import { install, installedHotfixes, plan, uninstall } from '../../src/servicing/index.js';
import { buildPackage, digestWithoutLogs, serverImage, smallServicePack } from './helpers.js';
import { coreOf } from '../../src/machine/internal.js';

const QFE_DLL = '%SystemRoot%\\system32\\qfetest.dll';

function hotfix(id: string, requires: string[] = []) {
  return buildPackage(
    [
      {
        target: QFE_DLL.replace('qfetest', `qfe${id}`),
        data: `${id} fix`,
        version: '5.0.2195.2000',
        branch: 'qfe',
      },
    ],
    {
      id,
      title: `Hotfix ${id}`,
      kind: 'hotfix',
      level: 0,
      catalog: { name: `${id}.cat` },
      prerequisites: requires.length > 0 ? { hotfixes: requires } : {},
    },
  );
}

describe('hotfixes', () => {
  test('recorded under Updates with their own uninstall folder, removed newest first only', async () => {
    const image = serverImage();
    const original = digestWithoutLogs(coreOf(image));
    const installMode = () => (coreOf(image).session.installMode = true);
    expect((await install(coreOf(image), hotfix('Q123456'))).code).toBe(1641);
    installMode();
    expect((await install(coreOf(image), hotfix('Q234567', ['Q123456']))).code).toBe(1641);
    installMode();
    expect(installedHotfixes(coreOf(image))).toEqual(['Q123456', 'Q234567']);
    expect(image.exists('C:\\WINNT\\$NtUninstallQ123456$')).toBe(true);
    expect(
      image.registry.getValue(
        'HKLM\\SOFTWARE\\Microsoft\\Updates\\Windows 2000\\SP0\\Q123456\\Filelist\\0',
        'Branch',
      )?.data,
    ).toBe('qfe');

    const refused = await uninstall(coreOf(image), 'Q123456');
    expect(refused.code).toBe(1603);
    expect(refused.message).toMatch(/Q234567 depends on it/);

    expect((await uninstall(coreOf(image), 'Q234567')).code).toBe(1641);
    installMode();
    expect((await uninstall(coreOf(image), 'Q123456')).code).toBe(1641);
    expect(installedHotfixes(coreOf(image))).toEqual([]);
    expect(digestWithoutLogs(coreOf(image))).toBe(original);
  });

  test('reverse order: an older hotfix is not removed before a newer one', async () => {
    const image = serverImage();
    await install(coreOf(image), hotfix('Q111111'), { restart: 'later' });
    await install(coreOf(image), hotfix('Q222222'), { restart: 'later' });
    const result = await uninstall(coreOf(image), 'Q111111', { restart: 'later' });
    expect(result.code).toBe(1603);
    expect(result.message).toMatch(/reverse order: remove Q222222 before Q111111/);
  });

  test('a file installed by a QFE stays on its branch: the SP installs its qfe copy', async () => {
    const target = '%SystemRoot%\\system32\\qfeQ123456.dll';
    const sp = buildPackage(
      [
        { target, data: 'sp4 gdr copy', version: '5.0.2195.6717', branch: 'gdr' },
        { target, data: 'sp4 qfe copy', version: '5.0.2195.6717', branch: 'qfe' },
      ],
      { includesHotfixes: [] },
    );
    const plain = serverImage();
    const before = await plan(coreOf(plain), sp);
    expect(before.files.map((f) => f.action)).toEqual(['add', 'skip']);

    const image = serverImage();
    await install(coreOf(image), hotfix('Q123456'), { restart: 'later' });
    const p = await plan(coreOf(image), sp);
    expect(p.files.map((f) => f.action)).toEqual(['skip', 'replace']);
    expect(p.files[0].reason).toMatch(/installed file is on the qfe branch/);
    expect(p.regressions).toEqual(['Q123456']);
    await install(coreOf(image), sp, { restart: 'later' });
    expect(image.readFile('C:\\WINNT\\system32\\qfeQ123456.dll').toString()).toBe('sp4 qfe copy');
  });

  test('hotfixes included in the service pack are not listed as regressions', async () => {
    const image = serverImage();
    await install(coreOf(image), hotfix('Q123456'), { restart: 'later' });
    await install(coreOf(image), hotfix('Q654321'), { restart: 'later' });
    const p = await plan(coreOf(image), smallServicePack(4, { includesHotfixes: ['Q654321'] }));
    expect(p.regressions).toEqual(['Q123456']);
  });
});
