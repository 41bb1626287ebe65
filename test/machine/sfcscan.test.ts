import { describe, expect, it } from 'vitest';
import { WinImage } from '../../src/index.js';
import { writeFile } from '../../src/ops/index.js';
import { coreOf } from '../../src/machine/internal.js';

const WINLOGON = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';
const RESTORED = 64002;

/** A protected DLL in system32 that no running process has loaded, with its dllcache copy. */
function idleProtectedDll(image: WinImage): { path: string; cache: string } {
  const dllcache = image.expand('%SystemRoot%\\system32\\dllcache');
  for (const path of coreOf(image).protectedPaths) {
    const entry = coreOf(image).find(path);
    if (!entry || entry.mappedBy !== 0 || !/\\SYSTEM32\\[^\\]+\.DLL$/.test(path)) continue;
    const cache = `${dllcache}\\${entry.name}`;
    if (image.exists(cache)) return { path: coreOf(image).pathOf(entry), cache };
  }
  throw new Error('no idle protected DLL with a dllcache copy in the image');
}

/** Changes a protected file behind Windows File Protection's back (as an offline edit would). */
function tamper(image: WinImage, path: string, text = 'patched offline'): void {
  writeFile(coreOf(image), path, Buffer.from(text));
}

function setScan(image: WinImage, value: number): void {
  image.registry.setValue(WINLOGON, 'SFCScan', 'REG_DWORD', value);
}

function scanValue(image: WinImage): unknown {
  return image.registry.getValue(WINLOGON, 'SFCScan')?.data;
}

function restoredEvents(image: WinImage): number {
  return image.eventLog().filter((e) => e.eventId === RESTORED).length;
}

describe('SFCScan: the Windows File Protection scan at boot', () => {
  it('0 (the default image) scans nothing: a tampered protected file stays as it is', () => {
    const image = WinImage.create();
    expect(scanValue(image)).toBe(0);
    const { path } = idleProtectedDll(image);
    tamper(image, path);
    const report = image.reboot();
    expect(report.sfcScan).toBeUndefined();
    expect(image.readFile(path).toString()).toBe('patched offline');
    expect(restoredEvents(image)).toBe(0);
  });

  it('2 scans at the next boot only, restores the tampered file (64002) and resets the value to 0', () => {
    const image = WinImage.create();
    const { path } = idleProtectedDll(image);
    const original = image.readFile(path);
    tamper(image, path);
    setScan(image, 2);

    const report = image.reboot();
    expect(report.sfcScan).toBeDefined();
    expect(report.sfcScan!.scanned).toBe(coreOf(image).protectedPaths.size);
    expect(report.sfcScan!.violations).toEqual([{ path, reason: 'content is in no installed catalog' }]);
    expect(report.sfcScan!.restored.map((r) => r.path)).toEqual([path]);
    expect(report.sfcScan!.unrestorable).toEqual([]);
    expect(image.readFile(path).equals(original)).toBe(true);
    expect(restoredEvents(image)).toBe(1);
    expect(scanValue(image)).toBe(0);

    tamper(image, path, 'patched again');
    const next = image.reboot();
    expect(next.sfcScan).toBeUndefined();
    expect(image.readFile(path).toString()).toBe('patched again');
  });

  it('1 scans at every boot and stays 1', () => {
    const image = WinImage.create();
    const { path } = idleProtectedDll(image);
    const original = image.readFile(path);
    setScan(image, 1);
    for (let boot = 0; boot < 2; boot++) {
      tamper(image, path, `patched before boot ${boot}`);
      const report = image.reboot();
      expect(report.sfcScan?.restored.map((r) => r.path)).toEqual([path]);
      expect(image.readFile(path).equals(original)).toBe(true);
      expect(scanValue(image)).toBe(1);
    }
    expect(restoredEvents(image)).toBe(2);
  });

  it('a clean image scanned at boot reports no violations and changes no file', () => {
    const image = WinImage.create();
    setScan(image, 1);
    const before = image.digest();
    const report = image.reboot();
    expect(report.sfcScan?.violations).toEqual([]);
    expect(report.sfcScan?.dllcacheRefreshed).toBe(0);
    expect(image.digest()).toBe(before);
  });

  it('runs after the pending renames: a good dllcache copy renamed into place at boot is used to restore', () => {
    const image = WinImage.create();
    const { path, cache } = idleProtectedDll(image);
    const original = image.readFile(path);
    image.writeFile('C:\\good.dll', original);
    tamper(image, cache, 'spoilt cache copy');
    tamper(image, path);
    image.moveFileEx('C:\\good.dll', cache, 1 | 4);
    setScan(image, 2);

    const report = image.reboot();
    expect(report.counts.replaced).toBe(1);
    expect(report.sfcScan?.restored).toEqual([{ path, from: cache.slice(0, cache.lastIndexOf('\\')) }]);
    expect(image.readFile(path).equals(original)).toBe(true);
  });

  it('does not run while SFCDisable turns protection off; a pending 2 waits for a boot with protection on', () => {
    const image = WinImage.create();
    const { path } = idleProtectedDll(image);
    image.registry.setValue(WINLOGON, 'SFCDisable', 'REG_DWORD', 1);
    tamper(image, path);
    setScan(image, 2);
    expect(image.reboot().sfcScan).toBeUndefined();
    expect(image.readFile(path).toString()).toBe('patched offline');
    expect(scanValue(image)).toBe(2);

    image.registry.setValue(WINLOGON, 'SFCDisable', 'REG_DWORD', 0);
    expect(image.reboot().sfcScan?.restored.map((r) => r.path)).toEqual([path]);
    expect(scanValue(image)).toBe(0);
  });
});
