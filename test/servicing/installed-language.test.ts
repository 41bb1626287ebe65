/**
 * Windows Installer's language rules for a package copy of the same version ("Both Files Have a
 * Version", spec/servicing.md) need the installed file's language, which Windows reads from the
 * file's own version resource (VarFileInfo\Translation). A real DLL from Debian's Wine (psapi.dll,
 * US English) stands for the installed file; its German twin is the same bytes with the Translation
 * LANGID changed to 0x0407.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPeLanguages, readPeVersion } from '../../src/host/index.js';
import { install } from '../../src/machine/index.js';
import { tempFolder } from '../host/helpers.js';
import { buildPackage, serverImage } from './helpers.js';

const WINE_PE = '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows';
const psapi = readFileSync(join(WINE_PE, 'psapi.dll'));
const TARGET = 'C:\\Apps\\psapi.dll';
const TRANSLATION = Buffer.from('Translation\0', 'utf16le');

/** Where the Translation value of a version resource starts, and how many bytes it has. */
function translationValue(resource: Buffer): { at: number; length: number } | undefined {
  const key = resource.indexOf(TRANSLATION);
  if (key < 0) return undefined;
  const block = key - 6;
  return { at: (key + TRANSLATION.length + 3) & ~3, length: resource.readUInt16LE(block + 2) };
}

function german(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  const value = translationValue(copy)!;
  expect(copy.readUInt16LE(value.at)).toBe(0x409);
  copy.writeUInt16LE(0x407, value.at);
  return copy;
}

async function installOver(installed: Buffer, languages: string[]): Promise<Buffer> {
  const image = serverImage();
  image.fs('C').mkdirSync('C:\\Apps', { recursive: true });
  image.fs('C').writeFileSync(TARGET, installed);
  const version = readPeVersion(installed)!;
  const pkg = buildPackage([{ target: TARGET, data: 'the package copy', version, languages }]);
  const result = await install(image, pkg, { noRestart: true, quiet: true });
  expect(result.code).toBe(0);
  return Buffer.from(image.readFile(TARGET));
}

describe("the installed file's language, read from its version resource", () => {
  it('every Wine DLL: the LANGIDs wrestool extracts from VarFileInfo\\Translation, neutral left out', async () => {
    const out = await tempFolder();
    const files = readdirSync(WINE_PE).filter((name) => name.endsWith('.dll'));
    const run = spawnSync('wrestool', ['-x', '--raw', '--type=16', '--name=1', '-o', `${out}/`, ...files], {
      cwd: WINE_PE,
    });
    expect(run.error).toBeUndefined();
    // FILE_16_1_LANGUAGE: GetFileVersionInfo reads the neutral one, else US English, else the first
    const byFile = new Map<string, Map<number, string>>();
    for (const name of readdirSync(out)) {
      const match = /^(.*)_16_1(?:_(\d+))?$/.exec(name);
      if (!match) continue;
      const languages = byFile.get(match[1]!) ?? new Map<number, string>();
      languages.set(Number(match[2] ?? 0), name);
      byFile.set(match[1]!, languages);
    }
    let compared = 0;
    for (const [file, languages] of byFile) {
      const ids = [...languages.keys()];
      const picked = ids.includes(0) ? 0 : ids.includes(0x409) ? 0x409 : Math.min(...ids);
      const resource = readFileSync(join(out, languages.get(picked)!));
      const value = translationValue(resource);
      if (!value) continue;
      const expected = new Set<number>();
      for (let at = value.at; at + 4 <= value.at + value.length; at += 4)
        expected.add(resource.readUInt16LE(at));
      expected.delete(0);
      expect(readPeLanguages(readFileSync(join(WINE_PE, file))), file).toEqual([...expected]);
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
    expect(readPeLanguages(psapi)).toEqual([0x409]);
    expect(readPeLanguages(german(psapi))).toEqual([0x407]);
    expect(readPeLanguages(Buffer.from('not a program'))).toEqual([]);
  });

  it('same version: a German package copy does not replace the US English file of a US English product', async () => {
    expect(await installOver(psapi, ['de-DE'])).toEqual(psapi);
  });

  it('same version, same language: the installed file is kept (no needless reinstall)', async () => {
    expect(await installOver(psapi, ['en-US'])).toEqual(psapi);
  });

  it("same version: the German file of a US English product is replaced by the product's language", async () => {
    const installed = await installOver(german(psapi), ['en-US']);
    expect(installed.toString()).toBe('the package copy');
  });
});
