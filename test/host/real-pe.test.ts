import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { importHostFolder } from '../../src/host/index.js';
import { ImageCore } from '../../src/image/index.js';
import { tempFolder } from './helpers.js';

/** Debian's libwine: PE32+ DLLs built with MinGW, nearly all with a COFF symbol table. */
const WINE_PE = '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows';

/** LANG_NEUTRAL, then US English, then the first: what FindResource picks for GetFileVersionInfo. */
function pickLanguage(languages: number[]): number {
  return languages.includes(0) ? 0 : languages.includes(0x409) ? 0x409 : Math.min(...languages);
}

/**
 * What each file's own version resource says, read by an independent tool: icoutils' `wrestool`
 * extracts every RT_VERSION resource; the version is VS_FIXEDFILEINFO's dwFileVersionMS/LS, found
 * by its signature (0xFEEF04BD) in the extracted bytes.
 */
async function versionsByWrestool(folder: string): Promise<Map<string, string>> {
  const out = await tempFolder();
  const files = readdirSync(folder);
  const run = spawnSync('wrestool', ['-x', '--raw', '--type=16', '-o', `${out}/`, ...files], {
    cwd: folder,
    encoding: 'utf8',
  });
  if (run.error) throw run.error;
  // wrestool names each extracted resource FILE_16_1_LANGUAGE, or FILE_16_1 when it has one language
  const extracted = new Map<string, Map<number, string>>();
  for (const name of readdirSync(out)) {
    const match = /^(.*)_16_1(?:_(\d+))?$/.exec(name);
    if (!match) continue;
    const languages = extracted.get(match[1]) ?? new Map<number, string>();
    languages.set(Number(match[2] ?? 0), name);
    extracted.set(match[1], languages);
  }
  const versions = new Map<string, string>();
  for (const [file, languages] of extracted) {
    const blob = readFileSync(join(out, languages.get(pickLanguage([...languages.keys()]))!));
    let at = 0;
    while (at + 16 <= blob.length && blob.readUInt32LE(at) !== 0xfeef04bd) at += 4;
    if (at + 16 > blob.length) throw new Error(`${file}: no VS_FIXEDFILEINFO in its version resource`);
    const ms = blob.readUInt32LE(at + 8);
    const ls = blob.readUInt32LE(at + 12);
    versions.set(file, [ms >>> 16, ms & 0xffff, ls >>> 16, ls & 0xffff].join('.'));
  }
  return versions;
}

function hasSymbolTable(bytes: Buffer): boolean {
  const pe = bytes.readUInt32LE(0x3c);
  return bytes.readUInt32LE(pe + 12) !== 0;
}

describe('versions of real PE files (Debian libwine, installed by .ci/run)', () => {
  let expected: Map<string, string>;
  beforeAll(async () => {
    if (!existsSync(WINE_PE) || spawnSync('wrestool', ['--version']).error)
      throw new Error(`needs ${WINE_PE} and wrestool: apt-get install libwine icoutils (.ci/run does)`);
    expected = await versionsByWrestool(WINE_PE);
  });

  test('the sample is what this test is about: many files with a version resource, most with a COFF symbol table', () => {
    expect(expected.size).toBeGreaterThan(100);
    const withSymbols = [...expected.keys()].filter((name) =>
      hasSymbolTable(readFileSync(join(WINE_PE, name))),
    );
    expect(withSymbols.length).toBeGreaterThan(expected.size * 0.9);
  });

  test('importing the Wine folder gives every PE file the version its own resource holds, and reports none unreadable', async () => {
    const image = new ImageCore();
    const report = await importHostFolder(image, WINE_PE, { letter: 'D' });
    expect(report.unreadableVersions).toEqual([]);
    const wrong: string[] = [];
    for (const name of readdirSync(WINE_PE)) {
      if (!image.exists(`D:\\${name}`)) continue;
      const got = image.stat(`D:\\${name}`).version;
      if (got !== expected.get(name))
        wrong.push(`${name}: got ${got}, its resource says ${expected.get(name)}`);
    }
    expect(wrong).toEqual([]);
    expect(report.versions).toBe([...expected.keys()].filter((name) => image.exists(`D:\\${name}`)).length);
  });
});
