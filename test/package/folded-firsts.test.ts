/**
 * The manifest's rules find repeated targets and sources by a hash of their folded names: names whose
 * hashes meet but that fold apart must stay apart, names that fold alike must meet whatever their
 * case or script, and the rules must report exactly what a map of folded names reported.
 */
import { describe, expect, it } from 'vitest';
import { foldName } from '../../src/path/index.js';
import { FoldedFirsts, foldedHash } from '../../src/package/folded-firsts.js';
import { crossFieldProblems } from '../../src/package/manifest-rules.js';
import { sampleManifest } from './samples.js';

/** Two names with one hash that fold apart (found by search). */
const COLLIDING = ['feg47.dll', 'fy000.dll'];
const COLLIDING_TARGETS = ['%SystemRoot%\\system32\\f50pk.dll', '%SystemRoot%\\system32\\fic40.dll'];

/** Each name's first index among those folding like it, through a map of folded names. */
function firstsByMap(names: readonly string[]): Array<number | undefined> {
  const firsts = new Map<string, number>();
  return names.map((name, i) => {
    const folded = foldName(name);
    const first = firsts.get(folded);
    if (first === undefined) firsts.set(folded, i);
    return first;
  });
}

function firstsByHash(names: readonly string[]): Array<number | undefined> {
  const index = new FoldedFirsts(
    names.map((name) => ({ name })),
    'name',
  );
  return names.map((name, i) => index.firstOrAdd(name, i));
}

describe('FoldedFirsts', () => {
  it('keeps apart names whose hashes meet, and finds each one again in any case', () => {
    expect(foldedHash(COLLIDING[0])).toBe(foldedHash(COLLIDING[1]));
    expect(foldedHash(COLLIDING_TARGETS[0])).toBe(foldedHash(COLLIDING_TARGETS[1]));
    const names = [...COLLIDING, 'FY000.DLL', 'Feg47.Dll', 'fy000.dll', ...COLLIDING_TARGETS];
    expect(firstsByHash(names)).toEqual([undefined, undefined, 1, 0, 1, undefined, undefined]);
    const index = new FoldedFirsts(
      names.map((name) => ({ name })),
      'name',
    );
    names.forEach((name, i) => index.firstOrAdd(name, i));
    expect(index.first('FEG47.DLL')).toBe(0);
    expect(index.first('Fy000.dll')).toBe(1);
    expect(index.first('%SYSTEMROOT%\\SYSTEM32\\FIC40.DLL')).toBe(6);
    expect(index.first('fz000.dll')).toBeUndefined();
  });

  it('finds what a map of folded names finds, for names in other scripts and cases', () => {
    const names = [
      'äbc.dll',
      'ÄBC.DLL',
      'straße.txt',
      'STRASSE.TXT',
      'STRAßE.TXT',
      'µ.ini',
      'Μ.INI',
      'ı.sys',
      'I.SYS',
      'i.sys',
      '\u{10428}.dll',
      '\u{10400}.dll',
      'файл.dll',
      'ФАЙЛ.DLL',
      ...COLLIDING,
      'FEG47.dll',
    ];
    expect(firstsByHash(names)).toEqual(firstsByMap(names));
  });

  it('finds what a map finds when it records more names than its list had at the start (its table grows)', () => {
    const names = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `File${i % 40}.DLL` : `file${i}.dll`));
    const list: Array<{ name: string }> = [];
    const index = new FoldedFirsts(list, 'name');
    const firsts = names.map((name, i) => {
      list.push({ name });
      return index.firstOrAdd(name, i);
    });
    expect(firsts).toEqual(firstsByMap(names));
    expect(names.map((name) => index.first(name.toLowerCase()))).toEqual(
      names.map((name) => firstsByMap([...names, name.toLowerCase()]).at(-1)),
    );
  });
});

describe('the file list rules with folded hashes', () => {
  /** A manifest whose files have these targets and sources (and the sample's other fields). */
  function withFiles(
    files: Array<{ target: string; source: string; branch?: string; size?: number }>,
  ): Record<string, unknown> {
    const manifest = sampleManifest() as unknown as Record<string, unknown>;
    // the sample's file is on the qfe branch: these are on none unless they say so
    const { branch: _branch, ...file } = (manifest.files as Array<Record<string, unknown>>)[0];
    return { ...manifest, files: files.map((f) => ({ ...file, ...f })) };
  }

  // what the rules reported when they kept a map of folded names (the build before this check)
  it('reports case repeats of targets and sources, not names whose hashes only meet', () => {
    const problems = crossFieldProblems(
      withFiles([
        { target: COLLIDING_TARGETS[0], source: COLLIDING[0] },
        { target: COLLIDING_TARGETS[1], source: COLLIDING[1] },
        { target: COLLIDING_TARGETS[1].toUpperCase(), source: 'other.dll' },
        { target: '%SystemRoot%\\x.dll', source: COLLIDING[1].toUpperCase(), size: 7 },
        { target: '%SystemRoot%\\X.DLL', source: 'third.dll', branch: 'qfe' },
        { target: '%SystemRoot%\\x.dll|qfe|', source: 'fourth.dll' },
        { target: '%SystemRoot%\\X.dll', source: 'fifth.dll' },
        { target: '%SystemRoot%\\X.DLL|QFE|', source: 'sixth.dll' },
        { target: '%SystemRoot%\\x.dll', source: 'seventh.dll', branch: 'qfe' },
      ]),
    );
    expect(problems).toEqual([
      {
        where: '/files/2/target',
        message: `duplicate target '${COLLIDING_TARGETS[1].toUpperCase()}' (same as /files/1, ignoring case)`,
      },
      { where: '/files/3/source', message: 'payload name differs only in case from /files/1/source' },
      {
        where: '/files/6/target',
        message: "duplicate target '%SystemRoot%\\X.dll' (same as /files/3, ignoring case)",
      },
      {
        where: '/files/7/target',
        message: "duplicate target '%SystemRoot%\\X.DLL|QFE|' (same as /files/5, ignoring case)",
      },
      {
        where: '/files/8/target',
        message: "duplicate target '%SystemRoot%\\x.dll' (same as /files/4, ignoring case)",
      },
    ]);
  });
});
