import { describe, expect, it } from 'vitest';
import { foldName, namesEqual } from '../../src/path/index.js';

describe('foldName and namesEqual', () => {
  it('upper-cases ASCII and keeps everything else in place', () => {
    expect(foldName('Program Files\\x.dll')).toBe('PROGRAM FILES\\X.DLL');
    expect(foldName('ALREADY_UPPER.TXT')).toBe('ALREADY_UPPER.TXT');
  });

  it('straße and STRASSE differ: ß stays ß', () => {
    expect(foldName('straße')).toBe('STRAßE');
    expect(foldName('straße')).toHaveLength(6);
    expect(namesEqual('straße', 'STRASSE')).toBe(false);
    expect(namesEqual('straße', 'STRAßE')).toBe(true);
  });

  it('dotless ı does not fold to I, nor long ſ to S', () => {
    expect(foldName('ı')).toBe('ı');
    expect(foldName('ſ')).toBe('ſ');
    expect(namesEqual('fıle', 'FILE')).toBe(false);
    expect(namesEqual('ſys', 'SYS')).toBe(false);
  });

  it('folds non-ASCII letters that have a one-unit uppercase', () => {
    expect(foldName('éàüøæ')).toBe('ÉÀÜØÆ');
    expect(foldName('привет')).toBe('ПРИВЕТ');
    expect(foldName('ÿ')).toBe('Ÿ');
    expect(namesEqual('Ωμέγα', 'ΩΜΈΓΑ')).toBe(true);
  });

  it('keeps surrogate pairs and astral characters unit for unit', () => {
    const deseret = '\u{10428}'; // has an uppercase outside the BMP, which NTFS does not apply
    expect(foldName(deseret)).toBe(deseret);
    expect(foldName('a\ud800b')).toBe('A\ud800B');
  });

  it('namesEqual is case-insensitive and length-sensitive', () => {
    expect(namesEqual('foo.dll', 'FOO.DLL')).toBe(true);
    expect(namesEqual('foo.dll', 'foo.dl')).toBe(false);
    expect(namesEqual('a', 'b')).toBe(false);
  });

  it('folds long strings past the chunk size', () => {
    const long = 'ab'.repeat(10_000);
    expect(foldName(long)).toBe('AB'.repeat(10_000));
  });
});
