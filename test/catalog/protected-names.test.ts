import { describe, expect, it } from 'vitest';
import { WinImage } from '../../src/index.js';
import { mayBeProtected } from '../../src/catalog/index.js';
import { coreOf } from '../../src/machine/internal.js';
import { foldName } from '../../src/path/index.js';

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
  it('keeps exactly the paths whose last name (trailing dots and spaces cut) folds to a protected name or alias, or is unsure', () => {
    const image = WinImage.create();
    const core = coreOf(image);
    const longPath = 'C:\\WINNT\\system32\\Protected Long Name.dll';
    image.writeFile(longPath, 'x');
    core.protectPaths([longPath, 'C:\\WINNT\\system32\\stra\u00dfe.dll', 'C:\\rootfile.sys']);
    const names = new Set<string>();
    for (const path of core.protectedPaths) {
      names.add(path.slice(path.lastIndexOf('\\') + 1));
      const alias = core.find(path)?.shortName;
      if (alias !== undefined) names.add(foldName(alias));
    }
    const expected = (path: string): boolean => {
      const name = path
        .slice(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1)
        .replace(/[. ]+$/, '');
      return /^\.{0,2}$|[:*?"<>|]/.test(name) || names.has(foldName(name));
    };
    const paths: string[] = [];
    for (const path of core.protectedPaths) {
      const name = path.slice(path.lastIndexOf('\\') + 1);
      paths.push(path, path.toLowerCase(), `\\??\\D:\\elsewhere\\${name.toLowerCase()}. .`, `C:/x/${name}`);
      paths.push(`C:\\x\\${name.slice(0, -1)}`, `C:\\x\\${name}x`, `C:\\x\\\u0131${name}`);
    }
    paths.push(
      `C:\\x\\${image.stat(longPath).shortName!.toLowerCase()}`,
      'C:\\x\\STRASSE.DLL',
      'C:\\x\\STRA\u00dfE.DLL',
    );
    paths.push(
      'C:\\x\\a*b.dll',
      'C:\\x\\..',
      'C:\\x\\',
      'C:\\x\\ .',
      'C:\\x\\\u00e9t\u00e9.dll',
      'C:\\x\\\u0130.dll',
    );
    for (let i = 0; i < 2000; i++) paths.push(`C:\\x\\q${i}.dll`, `C:\\x\\Q${i}.NEW`);
    const kept = new Set(mayBeProtected(core, paths));
    const wrong = paths.filter((path) => kept.has(path) !== expected(path));
    expect(wrong).toEqual([]);
    expect(paths.filter(expected).length).toBeGreaterThan(core.protectedPaths.size * 3);
  });
});
