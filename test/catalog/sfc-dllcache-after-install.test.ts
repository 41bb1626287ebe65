import { describe, expect, it } from 'vitest';
import { reboot } from '../../src/boot/index.js';
import { sfc } from '../../src/catalog/index.js';
import { coreOf } from '../../src/machine/internal.js';
import { install } from '../../src/servicing/index.js';
import { serverImage, smallServicePack } from '../servicing/helpers.js';

const SYSTEM32 = 'C:\\WINNT\\system32';
const SP4 = '5.0.2195.6717';

describe('sfc keeps the dllcache copies a service pack refreshed', () => {
  it('between an install with -z and its restart: the in-use files queued for the boot keep their new copies', async () => {
    const image = serverImage();
    const notepad = `${SYSTEM32}\\notepad.exe`;
    image.startProcess('notepad.exe', { holds: [notepad] });
    expect((await install(coreOf(image), smallServicePack(), { noRestart: true })).code).toBe(3010);
    expect(image.stat(`${SYSTEM32}\\dllcache\\kernel32.dll`).version).toBe(SP4);

    const result = await sfc(coreOf(image), { hashMode: 'inline' });
    expect(result.violations).toEqual([]);
    for (const name of ['kernel32.dll', 'ntoskrnl.exe', 'notepad.exe'])
      expect(image.stat(`${SYSTEM32}\\dllcache\\${name}`).version, name).toBe(SP4);

    reboot(coreOf(image));
    expect(image.stat(notepad).version).toBe(SP4);
    image.writeFile(notepad, 'a program overwrites it');
    expect(image.stat(notepad).version).toBe(SP4);
    expect(image.readFile(notepad).subarray(0, 11).toString()).toBe('notepad sp4');
  });

  it('after the restart: a file that shares its name with an older protected file keeps its own copy', async () => {
    const image = serverImage();
    expect(image.stat('C:\\WINNT\\notepad.exe').version).not.toBe(SP4);
    expect((await install(coreOf(image), smallServicePack())).code).toBe(1641);

    const result = await sfc(coreOf(image), { hashMode: 'inline' });
    expect(result.dllcacheRefreshed).toBe(0);
    expect(image.stat(`${SYSTEM32}\\dllcache\\notepad.exe`).version).toBe(SP4);
    image.writeFile(`${SYSTEM32}\\notepad.exe`, 'a program overwrites it');
    expect(image.stat(`${SYSTEM32}\\notepad.exe`).version).toBe(SP4);
  });
});
