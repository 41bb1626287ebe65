import { describe, expect, it } from 'vitest';
import { WinImage } from '../../src/index.js';
import { coreOf } from '../../src/machine/internal.js';
import { FILE_PROTECTION_CHANGE_STEP } from '../../src/catalog/index.js';
import { MOVEFILE, afterChangeSteps, asProgram, writeFile } from '../../src/ops/index.js';

/** A protected DLL that no running process has loaded (loaded ones cannot be written at all). */
function idleProtectedDll(image: WinImage): string {
  const core = coreOf(image);
  for (const path of core.protectedPaths) {
    const entry = core.find(path);
    if (entry && entry.mappedBy === 0 && /\\SYSTEM32\\[^\\]+\.DLL$/.test(path)) return core.pathOf(entry);
  }
  throw new Error('no idle protected DLL in the image');
}

/** Outlook Express's folder: protected files, none of them loaded, so the whole folder can go. */
const OUTLOOK = 'C:\\Program Files\\Outlook Express';

function protectedFilesIn(image: WinImage, folder: string): string[] {
  const prefix = `${folder.toUpperCase()}\\`;
  return [...coreOf(image).protectedPaths].filter((p) => p.startsWith(prefix));
}

describe("Windows File Protection reacts to a program's change whoever makes it", () => {
  it('the catalog layer registers it with the operations layer', () => {
    expect(afterChangeSteps().map((step) => step.name)).toContain(FILE_PROTECTION_CHANGE_STEP);
  });

  it('WinImage: copyFile and moveFileEx onto a protected file, and moving it away, are put back', () => {
    const image = WinImage.create();
    const dll = idleProtectedDll(image);
    const original = image.readFile(dll);
    image.writeFile('C:\\junk.dll', 'not from Microsoft');
    image.copyFile('C:\\junk.dll', dll);
    expect(image.readFile(dll).equals(original)).toBe(true);
    image.moveFileEx('C:\\junk.dll', dll, MOVEFILE.REPLACE_EXISTING);
    expect(image.readFile(dll).equals(original)).toBe(true);
    image.moveFileEx(dll, 'C:\\moved.dll');
    expect(image.readFile(dll).equals(original)).toBe(true);
    expect(image.eventLog().filter((e) => e.eventId === 64002)).toHaveLength(3);
  });

  it('WinImage: removeTree of a folder with protected files removes it, then puts the protected files back', () => {
    const image = WinImage.create();
    const watched = protectedFilesIn(image, OUTLOOK);
    expect(watched.length).toBeGreaterThan(0);
    image.removeTree(OUTLOOK);
    for (const path of watched) expect(image.exists(path)).toBe(true);
  });

  it('image.fs(): writeFileSync, unlinkSync and rmSync of protected files are put back', () => {
    const image = WinImage.create();
    const dll = idleProtectedDll(image);
    const original = image.readFile(dll);
    const fs = image.fs('C');
    const posix = dll.slice(2).replace(/\\/g, '/');
    fs.writeFileSync(posix, 'patched by a test harness');
    expect(image.readFile(dll).equals(original)).toBe(true);
    fs.unlinkSync(posix);
    expect(image.readFile(dll).equals(original)).toBe(true);
    const watched = protectedFilesIn(image, OUTLOOK);
    fs.rmSync('/Program Files/Outlook Express', { recursive: true });
    for (const path of watched) expect(image.exists(path)).toBe(true);
  });

  it("the operations layer: asProgram's changes are put back; the system's own plain writes are not", () => {
    const image = WinImage.create();
    const core = coreOf(image);
    const dll = idleProtectedDll(image);
    const original = image.readFile(dll);
    asProgram.writeFile(core, dll, Buffer.from('patched below the machine layer'));
    expect(image.readFile(dll).equals(original)).toBe(true);
    asProgram.deleteFile(core, dll);
    expect(image.readFile(dll).equals(original)).toBe(true);
    writeFile(core, dll, Buffer.from('written by the system itself'));
    expect(image.readFile(dll).toString()).toBe('written by the system itself');
  });
});
