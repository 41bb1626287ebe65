import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { readPeVersion } from '../../src/host/index.js';
import { peWithoutVersion, peWithVersion } from './helpers.js';

describe('readPeVersion', () => {
  test('reads FileVersion from VS_FIXEDFILEINFO of a real PE', () => {
    expect(readPeVersion(peWithVersion('5.0.2195.6717'))).toBe('5.0.2195.6717');
    expect(readPeVersion(peWithVersion('65535.0.1.65534'))).toBe('65535.0.1.65534');
  });

  test('a PE without a version resource has no version', () => {
    expect(readPeVersion(peWithoutVersion())).toBeUndefined();
  });

  test('junk, text, empty and truncated bytes give undefined without throwing', () => {
    expect(readPeVersion(new Uint8Array(0))).toBeUndefined();
    expect(readPeVersion(Buffer.from('MZ but not really an executable at all, just text'))).toBeUndefined();
    const pe = peWithVersion('1.2.3.4');
    for (const cut of [2, 0x40, 0x80, 0x100, 0x200, pe.length - 200]) {
      expect(() => readPeVersion(pe.subarray(0, cut))).not.toThrow();
    }
  });

  test('corrupted PE bytes never throw', () => {
    const pe = peWithVersion('5.0.2195.6717');
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

describe('readPeVersion on a version block that makes resedit loop', () => {
  test('returns (resedit VersionInfo.fromEntries never ends on this file)', async () => {
    const bytes = new Uint8Array(await readFile(new URL('./samples/version-info-loop.bin', import.meta.url)));
    const version = readPeVersion(bytes);
    expect(version === undefined || /^\d+\.\d+\.\d+\.\d+$/.test(version)).toBe(true);
  });
});
