import { describe, expect, it } from 'vitest';
import { WinImage, sfc } from '../../src/index.js';
import { coreOf } from '../../src/machine/internal.js';

/** A protected DLL that no running process has loaded (loaded ones cannot be written at all). */
function idleProtectedDll(image: WinImage): string {
  for (const path of coreOf(image).protectedPaths) {
    const entry = coreOf(image).find(path);
    if (entry && entry.mappedBy === 0 && /\\SYSTEM32\\[^\\]+\.DLL$/.test(path))
      return coreOf(image).pathOf(entry);
  }
  throw new Error('no idle protected DLL in the image');
}

describe('Windows File Protection on the public image', () => {
  it('a fresh image passes sfc: its signed base catalog lists every protected file', async () => {
    const image = WinImage.create();
    const result = await sfc(image);
    expect(result.scanned).toBeGreaterThan(100);
    expect(result.violations).toEqual([]);
    expect(result.restored).toEqual([]);
  });

  it('a protected file overwritten with content in no catalog is put back from dllcache, with event 64002', () => {
    const image = WinImage.create();
    const KERNEL = idleProtectedDll(image);
    const original = image.readFile(KERNEL);
    image.writeFile(KERNEL, 'not from Microsoft');
    expect(image.readFile(KERNEL).equals(original)).toBe(true);
    const event = image.eventLog().at(-1)!;
    expect(event.eventId).toBe(64002);
    expect(event.message.toLowerCase()).toContain(KERNEL.split('\\').pop()!.toLowerCase());
  });

  it('a deleted protected file comes back; an unprotected file does not', () => {
    const image = WinImage.create();
    const KERNEL = idleProtectedDll(image);
    image.deleteFile(KERNEL);
    expect(image.exists(KERNEL)).toBe(true);
    image.deleteFile('C:\\WINNT\\win.ini');
    expect(image.exists('C:\\WINNT\\win.ini')).toBe(false);
  });

  it('SFCDisable turns it off', () => {
    const image = WinImage.create();
    const KERNEL = idleProtectedDll(image);
    image.registry.setValue(
      'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon',
      'SFCDisable',
      'REG_DWORD',
      1,
    );
    image.writeFile(KERNEL, 'patched');
    expect(image.readFile(KERNEL).toString()).toBe('patched');
  });
});
