import { describe, expect, it } from 'vitest';
import { WinImage } from '../../src/index.js';
import { mayBeProtected } from '../../src/catalog/index.js';
import { coreOf } from '../../src/machine/internal.js';

describe('mayBeProtected (the boot checks only paths that can lead to a protected file)', () => {
  it('keeps every path isProtectedPath would accept: long names, 8.3 aliases, trailing dots, .., other case', () => {
    const image = WinImage.create();
    const long = 'C:\\WINNT\\system32\\Protected Long Name.dll';
    image.writeFile(long, 'x');
    coreOf(image).protectPaths([long]);
    const alias = image.stat(long).shortName!;
    expect(alias).toMatch(/~/);
    const kernel = [...coreOf(image).protectedPaths].find((p) => p.endsWith('\\KERNEL32.DLL'))!;
    const touched = [
      long,
      `C:\\WINNT\\system32\\${alias}`,
      `c:\\winnt\\SYSTEM32\\${alias.toLowerCase()}. .`,
      `${long}\\..\\Protected Long Name.dll`,
      `C:\\WINNT\\system32\\Protected Long Name.dll\\x\\..`,
      kernel.toLowerCase(),
      `${kernel}.`,
      'C:\\WINNT\\system32\\gone\\kernel32.dll',
    ];
    const unrelated = Array.from({ length: 100 }, (_, i) => `C:\\WINNT\\system32\\other${i}.dll`);
    const kept = new Set(mayBeProtected(coreOf(image), [...touched, ...unrelated]));
    for (const path of [...touched, ...unrelated]) {
      if (coreOf(image).isProtectedPath(path)) expect(kept, path).toContain(path);
    }
    expect(touched.filter((p) => coreOf(image).isProtectedPath(p)).length).toBeGreaterThanOrEqual(6);
    for (const path of unrelated) expect(kept).not.toContain(path);
  });

  it('a boot of many entries that replaces a protected file through its 8.3 alias still has it put back', () => {
    const image = WinImage.create();
    const kernelPath = [...coreOf(image).protectedPaths].find(
      (p) => /\\SYSTEM32\\[^\\]+\.DLL$/.test(p) && coreOf(image).find(p)?.mappedBy === 0,
    )!;
    const original = image.readFile(kernelPath);
    const folder = 'C:\\WINNT\\Temp\\Many Files Folder';
    image.mkdir(folder);
    const alias = image.stat(folder).shortName!;
    for (let i = 0; i < 100; i++) {
      image.writeFile(`${folder}\\f${i}.new`, 'x');
      image.moveFileEx(`${folder}\\f${i}.new`, `${folder}\\f${i}.dll`, 4);
    }
    image.writeFile(`${folder}\\evil.dll`, 'not from Microsoft');
    image.moveFileEx(`C:\\WINNT\\Temp\\${alias}\\evil.dll`, kernelPath, 5);
    image.registry.setValue(
      'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager',
      'AllowProtectedRenames',
      'REG_DWORD',
      1,
    );
    const report = image.reboot();
    expect(report.counts.replaced).toBe(1);
    expect(image.readFile(kernelPath).equals(original)).toBe(true);
  });
});
