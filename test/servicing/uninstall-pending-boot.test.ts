import { describe, expect, test } from 'vitest';
import { reboot } from '../../src/boot/index.js';
import { coreOf } from '../../src/machine/internal.js';
import { install, uninstall } from '../../src/servicing/index.js';
import { buildPackage, digestWithoutLogs, serverImage } from './helpers.js';

const TOOL = 'C:\\WINNT\\system32\\svctool.exe';

function toolPack(id: string, kind: 'servicePack' | 'hotfix', version: string) {
  return buildPackage([{ target: '%SystemRoot%\\system32\\svctool.exe', data: `tool ${version}`, version }], {
    id,
    title: id,
    kind,
    level: kind === 'servicePack' ? 4 : 0,
    catalog: { name: `${id}.cat` },
  });
}

describe('uninstall of a file whose replacement is queued for the next boot', () => {
  test('the holder exited after an install with -z: the original survives the boot', async () => {
    const image = serverImage();
    image.writeFile(TOOL, 'tool 1', { version: '5.0.2195.1' });
    const before = digestWithoutLogs(coreOf(image));
    const holder = image.startProcess('svctool.exe', { holds: [TOOL] });
    const installed = await install(coreOf(image), toolPack('W2K-SP4', 'servicePack', '5.0.2195.6717'), {
      noRestart: true,
      removeWorkingFolder: true,
    });
    expect(installed.code, installed.message).toBe(3010);
    image.stopProcess(holder);
    coreOf(image).session.installMode = true;

    const removed = await uninstall(coreOf(image), 'W2K-SP4', { noRestart: true });
    expect(removed.code, removed.message).toBe(3010);
    reboot(coreOf(image));
    expect(image.stat(TOOL).version).toBe('5.0.2195.1');
    expect(digestWithoutLogs(coreOf(image))).toBe(before);
  });
});
