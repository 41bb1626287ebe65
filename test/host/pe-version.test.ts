import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { importHostFolder, readPeVersion, readPeVersionInfo } from '../../src/host/index.js';
import { ImageCore } from '../../src/image/index.js';
import { tempFolder } from './helpers.js';
import { buildPe, peWithoutVersion, peWithVersion, versionInfo, type PeSpec } from './pe-builder.js';

/** One version resource (id 1) in the given languages. */
function peWithLanguages(format: PeSpec['format'], languages: [number, string][]): Uint8Array {
  return buildPe({
    format,
    versions: [
      {
        id: 1,
        languages: languages.map(([language, fixed]) => ({ language, data: versionInfo({ fixed }) })),
      },
    ],
  });
}

/** The fixed version wrestool (icoutils) extracts from a file: an independent check of the builder. */
async function wrestoolVersion(bytes: Uint8Array): Promise<string> {
  const folder = await tempFolder();
  await writeFile(join(folder, 'x.exe'), bytes);
  const run = spawnSync('wrestool', ['-x', '--raw', '--type=16', '-o', `${folder}/`, 'x.exe'], {
    cwd: folder,
  });
  if (run.error) throw run.error;
  const [name] = readdirSync(folder).filter((n) => n.startsWith('x.exe_16_'));
  const blob = readFileSync(join(folder, name));
  const at = blob.indexOf(Buffer.from([0xbd, 0x04, 0xef, 0xfe]));
  const ms = blob.readUInt32LE(at + 8);
  const ls = blob.readUInt32LE(at + 12);
  return [ms >>> 16, ms & 0xffff, ls >>> 16, ls & 0xffff].join('.');
}

describe('readPeVersion', () => {
  test('reads FileVersion from VS_FIXEDFILEINFO of PE32 and PE32+ files', () => {
    expect(readPeVersion(peWithVersion('5.0.2195.6717', 'pe32'))).toBe('5.0.2195.6717');
    expect(readPeVersion(peWithVersion('65535.0.1.65534', 'pe32+'))).toBe('65535.0.1.65534');
  });

  test('files with a COFF symbol table and a /4-named section (MinGW, GCC) get their version, as wrestool reads it', async () => {
    for (const format of ['pe32', 'pe32+'] as const) {
      const pe = peWithVersion('5.1.2600.5512', format, true);
      expect(await wrestoolVersion(pe)).toBe('5.1.2600.5512');
      expect(readPeVersionInfo(pe)).toEqual({ version: '5.1.2600.5512' });
    }
  });

  test('the FileVersion string is read where VS_FIXEDFILEINFO is absent', () => {
    const withText = (text: string) =>
      buildPe({
        format: 'pe32',
        versions: [{ id: 1, languages: [{ language: 0x409, data: versionInfo({ text }) }] }],
      });
    expect(readPeVersionInfo(withText('5.00.2195.6717 (srv03_rtm.030324-2048)'))).toEqual({
      version: '5.0.2195.6717',
    });
    expect(readPeVersionInfo(withText('6, 1, 7601, 17514'))).toEqual({ version: '6.1.7601.17514' });
    expect(readPeVersionInfo(withText('2.1'))).toEqual({ version: '2.1.0.0' });
    expect(readPeVersionInfo(withText('beta')).problem).toMatch(/FileVersion string 'beta' is not a version/);
  });

  test('of several languages, the neutral one is read, else US English, else the first (as FindResource picks)', () => {
    expect(
      readPeVersion(
        peWithLanguages('pe32+', [
          [7, '1.0.0.7'],
          [0, '1.0.0.0'],
          [0x409, '1.0.0.9'],
        ]),
      ),
    ).toBe('1.0.0.0');
    expect(
      readPeVersion(
        peWithLanguages('pe32+', [
          [7, '1.0.0.7'],
          [0x409, '1.0.0.9'],
        ]),
      ),
    ).toBe('1.0.0.9');
    expect(
      readPeVersion(
        peWithLanguages('pe32', [
          [7, '1.0.0.7'],
          [0x40c, '1.0.0.12'],
        ]),
      ),
    ).toBe('1.0.0.7');
  });

  test('a PE without resources, or with resources but no RT_VERSION, has no version and no problem', () => {
    expect(readPeVersionInfo(peWithoutVersion('pe32'))).toEqual({});
    expect(readPeVersionInfo(peWithoutVersion('pe32+'))).toEqual({});
    const icons = buildPe({
      format: 'pe32',
      resourceType: 3,
      versions: [{ id: 1, languages: [{ language: 0, data: Buffer.alloc(8) }] }],
    });
    expect(readPeVersionInfo(icons)).toEqual({});
  });

  test('a version resource that cannot be read is reported with why, never silent', () => {
    const blob = (data: Buffer, id = 1) =>
      buildPe({ format: 'pe32+', symbols: true, versions: [{ id, languages: [{ language: 0, data }] }] });
    expect(readPeVersionInfo(blob(Buffer.from('not a version block at all'))).problem).toBeDefined();
    const renamed = versionInfo({ fixed: '1.2.3.4' });
    renamed.write('X', 6, 'utf16le');
    expect(readPeVersionInfo(blob(renamed)).problem).toMatch(/'XS_VERSION_INFO', not VS_VERSION_INFO/);
    expect(readPeVersionInfo(blob(versionInfo({ fixed: '1.2.3.4' }), 2)).problem).toMatch(/none with id 1/);
    const truncated = peWithVersion('1.2.3.4', 'pe32', true);
    const cut = Buffer.from(truncated).indexOf(Buffer.from('VS_VERSION_INFO', 'utf16le'));
    expect(readPeVersionInfo(truncated.subarray(0, cut + 8)).problem).toMatch(/past/);
  });

  test('junk, text, empty and truncated bytes give undefined without throwing', () => {
    expect(readPeVersion(new Uint8Array(0))).toBeUndefined();
    expect(readPeVersion(Buffer.from('MZ but not really an executable at all, just text'))).toBeUndefined();
    const pe = peWithVersion('1.2.3.4', 'pe32+', true);
    for (let cut = 0; cut < pe.length; cut++) {
      const result = readPeVersionInfo(pe.subarray(0, cut));
      expect(result.version === undefined || result.version === '1.2.3.4').toBe(true);
    }
  });

  test('corrupted PE bytes never throw', () => {
    const pe = peWithVersion('5.0.2195.6717', 'pe32', true);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(pe.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
        (flips) => {
          const copy = new Uint8Array(pe);
          for (const [at, byte] of flips) copy[at] = byte;
          const version = readPeVersion(copy);
          expect(version === undefined || /^\d+\.\d+\.\d+\.\d+$/.test(version)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('random bytes give undefined', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        expect(readPeVersion(bytes)).toBeUndefined();
      }),
    );
  });
});

describe('readPeVersion on a version block that made resedit loop', () => {
  test('returns', async () => {
    const bytes = new Uint8Array(await readFile(new URL('./samples/version-info-loop.bin', import.meta.url)));
    const version = readPeVersion(bytes);
    expect(version === undefined || /^\d+\.\d+\.\d+\.\d+$/.test(version)).toBe(true);
  });
});

describe('importHostFolder and version resources', () => {
  test('a PE with a symbol table is imported with its version; an unreadable version resource is reported with its host path', async () => {
    const host = await tempFolder();
    await mkdir(join(host, 'system32'));
    await writeFile(join(host, 'system32', 'mingw.dll'), peWithVersion('8.0.0.1', 'pe32+', true));
    const broken = buildPe({
      format: 'pe32',
      versions: [{ id: 1, languages: [{ language: 0, data: Buffer.alloc(40, 0xff) }] }],
    });
    await writeFile(join(host, 'system32', 'broken.dll'), broken);
    const image = new ImageCore();
    const report = await importHostFolder(image, host, { letter: 'D' });
    expect(image.stat('D:\\system32\\mingw.dll').version).toBe('8.0.0.1');
    expect(image.stat('D:\\system32\\broken.dll').version).toBeUndefined();
    expect(report.versions).toBe(1);
    expect(report.unreadableVersions).toEqual([
      { hostPath: join(host, 'system32', 'broken.dll'), reason: expect.stringMatching(/version block/) },
    ]);
  });
});
