import { describe, expect, test } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import { decideFile, parseReinstallMode, type InstalledFile } from '../../src/servicing/index.js';

const omus = parseReinstallMode('omus');
const t = 1_000_000;
const installed = (extra: Partial<InstalledFile> = {}): InstalledFile => ({
  hash: 'aaaa',
  created: t,
  modified: t - 5,
  ...extra,
});

describe('Replacing Existing Files (Windows Installer worked examples)', () => {
  test('same version installed: kept', () => {
    expect(
      decideFile(installed({ version: '1.0.0.0' }), { version: '1.0.0.0', hash: 'bbbb' }, omus).replace,
    ).toBe(false);
  });
  test('older version in the package: kept', () => {
    const verdict = decideFile(installed({ version: '1.0.0.0' }), { version: '0.9.0.0', hash: 'bbbb' }, omus);
    expect(verdict.replace).toBe(false);
    expect(verdict.reason).toMatch(/no downgrade/);
  });
  test('newer version in the package: replaced, even in another language', () => {
    const verdict = decideFile(
      installed({ version: '1.0.0.0', languages: ['en-US'] }),
      { version: '2.0.0.0', hash: 'bbbb', languages: ['fr-FR'] },
      omus,
      'en-US',
    );
    expect(verdict.replace).toBe(true);
  });
  test('unversioned file modified by the user: kept', () => {
    const verdict = decideFile(installed({ modified: t + 60_000 }), { hash: 'bbbb' }, omus);
    expect(verdict).toEqual({ replace: false, reason: expect.stringMatching(/modified by the user/) });
  });
  test('same version but the installed file in another language than the product: replaced', () => {
    const verdict = decideFile(
      installed({ version: '1.0.0.0', languages: ['de-DE'] }),
      { version: '1.0.0.0', hash: 'bbbb', languages: ['en-US'] },
      omus,
      'en-US',
    );
    expect(verdict.replace).toBe(true);
  });
  test('package file covering more languages: replaced', () => {
    const verdict = decideFile(
      installed({ version: '1.0.0.0', languages: ['en-US'] }),
      { version: '1.0.0.0', hash: 'bbbb', languages: ['en-US', 'fr-FR'] },
      omus,
      'en-US',
    );
    expect(verdict.replace).toBe(true);
  });
  test('package file covering fewer languages: kept', () => {
    const verdict = decideFile(
      installed({ version: '1.0.0.0', languages: ['en-US', 'fr-FR'] }),
      { version: '1.0.0.0', hash: 'bbbb', languages: ['en-US'] },
      omus,
      'en-US',
    );
    expect(verdict.replace).toBe(false);
  });
});

describe('update.exe version rules', () => {
  test('a versioned file replaces an unversioned one; not the other way round', () => {
    expect(decideFile(installed(), { version: '1.0.0.0', hash: 'bbbb' }, omus).replace).toBe(true);
    expect(decideFile(installed({ version: '1.0.0.0' }), { hash: 'bbbb' }, omus).replace).toBe(false);
  });
  test('unversioned files are compared by hash', () => {
    expect(decideFile(installed(), { hash: 'aaaa' }, omus).replace).toBe(false);
    expect(decideFile(installed(), { hash: 'bbbb' }, omus).replace).toBe(true);
  });
  test('a missing file is always installed', () => {
    expect(decideFile(undefined, { version: '1.0.0.0', hash: 'x' }, parseReinstallMode('p')).replace).toBe(
      true,
    );
  });
  test('REINSTALLMODE: p only missing, e equal or older, a all', () => {
    const same = installed({ version: '1.0.0.0' });
    const older = { version: '0.5.0.0', hash: 'bbbb' };
    expect(decideFile(same, { version: '2.0.0.0', hash: 'b' }, parseReinstallMode('p')).replace).toBe(false);
    expect(decideFile(same, { version: '1.0.0.0', hash: 'b' }, parseReinstallMode('emus')).replace).toBe(
      true,
    );
    expect(decideFile(same, older, parseReinstallMode('emus')).replace).toBe(false);
    expect(
      decideFile(installed({ modified: t + 1 }), { hash: 'b' }, parseReinstallMode('amus')).replace,
    ).toBe(true);
  });
  test('REINSTALLMODE e replaces an installed file that is equal or older, never a newer one; d does', () => {
    const newer = installed({ version: '5.0.2195.6717' });
    const older = { version: '5.0.2195.1620', hash: 'bbbb' };
    const underE = decideFile(newer, older, parseReinstallMode('emus'));
    expect(underE).toEqual({ replace: false, reason: expect.stringMatching(/no downgrade/) });
    expect(decideFile(newer, older, parseReinstallMode('dmus'))).toEqual({
      replace: true,
      reason: expect.stringMatching(/REINSTALLMODE d: older version/),
    });
  });
  test('unknown REINSTALLMODE letters are bad input', () => {
    expect(() => parseReinstallMode('oxz')).toThrow(InputError);
  });
});

describe('the installed file is hashed only when a rule needs its hash', () => {
  const hashing = (version: string | undefined) => {
    let reads = 0;
    const file: InstalledFile = {
      ...(version === undefined ? {} : { version }),
      created: t,
      modified: t - 5,
      get hash() {
        reads++;
        return 'aaaa';
      },
    };
    return { file, reads: () => reads };
  };

  test('versions that differ, or equal ones under omus, read no content', () => {
    for (const incoming of ['2.0.0.0', '0.5.0.0', '1.0.0.0']) {
      const installedFile = hashing('1.0.0.0');
      decideFile(installedFile.file, { version: incoming, hash: 'bbbb' }, omus);
      expect(installedFile.reads()).toBe(0);
    }
  });

  test('equal versions under REINSTALLMODE c and unversioned files are compared by hash', () => {
    const equal = hashing('1.0.0.0');
    expect(
      decideFile(equal.file, { version: '1.0.0.0', hash: 'bbbb' }, parseReinstallMode('cmus')).replace,
    ).toBe(true);
    expect(equal.reads()).toBe(1);
    const unversioned = hashing(undefined);
    expect(decideFile(unversioned.file, { hash: 'aaaa' }, omus).replace).toBe(false);
    expect(unversioned.reads()).toBe(1);
  });
});
