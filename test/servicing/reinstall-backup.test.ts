import { describe, expect, test } from 'vitest';
import { install, installedHotfixes, installedServicePack, uninstall } from '../../src/servicing/index.js';
import { buildPackage, digestWithoutLogs, serverImage, smallServicePack } from './helpers.js';
import { coreOf } from '../../src/machine/internal.js';

function hotfix(version: string) {
  return buildPackage(
    [
      { target: '%SystemRoot%\\system32\\calc.exe', data: `calc ${version}`, version, branch: 'qfe' },
      { target: '%SystemRoot%\\system32\\qfe123456.dll', data: `new ${version}`, version, branch: 'qfe' },
    ],
    { id: 'Q123456', title: 'Hotfix Q123456', kind: 'hotfix', level: 0, catalog: { name: 'Q123456.cat' } },
  );
}

describe('a hotfix installed twice', () => {
  test.each([
    ['the same package', '5.0.2195.2000'],
    ['a newer build under the same id', '5.0.2195.2001'],
  ])('%s: removal gives back the machine before the first install', async (_, second) => {
    const image = serverImage();
    const core = coreOf(image);
    const original = digestWithoutLogs(core);
    expect((await install(core, hotfix('5.0.2195.2000'))).code).toBe(1641);
    core.session.installMode = true;
    expect((await install(core, hotfix(second))).code).toBe(1641);
    core.session.installMode = true;
    const removed = await uninstall(core, 'Q123456');
    expect(removed.code, removed.message).toBe(1641);
    expect(installedHotfixes(core)).toEqual([]);
    expect(image.stat('C:\\WINNT\\system32\\calc.exe').version).toBe('5.0.2195.1');
    expect(image.exists('C:\\WINNT\\system32\\qfe123456.dll')).toBe(false);
    expect(digestWithoutLogs(core)).toBe(original);
  });
});

describe('a service pack installed twice', () => {
  test.each([
    ['as it is', {}],
    ['forced (REINSTALLMODE a)', { forceReinstall: true }],
  ])('%s: removal gives back the machine before the first install', async (_, options) => {
    const image = serverImage();
    const core = coreOf(image);
    const original = digestWithoutLogs(core);
    expect((await install(core, smallServicePack())).code).toBe(1641);
    core.session.installMode = true;
    expect((await install(core, smallServicePack(), options)).code).toBe(1641);
    core.session.installMode = true;
    const removed = await uninstall(core, 'W2K-SP4');
    expect(removed.code, removed.message).toBe(1641);
    expect(installedServicePack(core)).toBe(0);
    expect(image.stat('C:\\WINNT\\system32\\kernel32.dll').version).toBe('5.0.2195.1');
    expect(digestWithoutLogs(core)).toBe(original);
  });
});
