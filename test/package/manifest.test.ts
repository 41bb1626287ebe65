import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import {
  fileHashes,
  manifestProblems,
  parseManifest,
  uninstallFolderName,
  validateManifest,
  type Manifest,
} from '../../src/package/index.js';
import { memberBytes, payloadFor, sampleManifest } from './samples.js';

function problemsOf(run: () => unknown): Array<{ where: string; message: string }> {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return [...(error as InputError).problems];
  }
  throw new Error('expected an InputError');
}

const wheres = (json: unknown) => manifestProblems(json).map((p) => p.where);

describe('validateManifest', () => {
  it('accepts the sample hotfix manifest and keeps every field', () => {
    const raw = sampleManifest();
    const manifest = validateManifest(raw);
    expect(manifest).toEqual(raw);
    expect(manifest.files).toHaveLength(5);
    expect(manifest.files[0].protected).toBe(true);
  });

  it('the sample hashes are those of its payload', async () => {
    const manifest = sampleManifest();
    for (const file of manifest.files) {
      expect(await fileHashes(memberBytes(file.source, file.size))).toEqual({
        size: file.size,
        sha256: file.sha256,
        xxh64: file.xxh64,
      });
    }
    expect(() => validateManifest(manifest, 'q823980.json', { payload: payloadFor(manifest) })).not.toThrow();
  });

  it('fills in the optional lists with empty defaults', () => {
    const {
      supersedes: _s,
      includesHotfixes: _i,
      registry: _r,
      tasks: _t,
      prerequisites: _p,
      ...rest
    } = sampleManifest();
    const manifest = validateManifest(rest);
    expect(manifest.supersedes).toEqual([]);
    expect(manifest.includesHotfixes).toEqual([]);
    expect(manifest.registry).toEqual([]);
    expect(manifest.tasks).toEqual([]);
    expect(manifest.prerequisites).toEqual({});
  });

  it('reports every problem at once, each with its JSON pointer', () => {
    const raw = sampleManifest() as unknown as Record<string, any>;
    raw.files[1].version = '5.0.2195.70000';
    raw.files[2].sha256 = 'abc';
    raw.files[3].xxh64 = raw.files[3].xxh64.toUpperCase();
    raw.files[4].size = -1;
    raw.language = 'English';
    raw.registry[1].flags = 'dword';
    raw.tasks[0].entry = 'not an entry';
    raw.colour = 'blue';
    const problems = problemsOf(() => validateManifest(raw, 'q823980.json'));
    expect(problems.map((p) => p.where).sort()).toEqual(
      [
        '/files/1/version',
        '/files/2/sha256',
        '/files/3/xxh64',
        '/files/4/size',
        '/language',
        '/registry/1/flags',
        '/tasks/0/entry',
        '/colour',
      ].sort(),
    );
    expect(problems.find((p) => p.where === '/files/1/version')!.message).toMatch(/0\.\.65535/);
    expect(problems.find((p) => p.where === '/files/2/sha256')!.message).toMatch(/64 lower-case hex/);
    expect(problems.find((p) => p.where === '/colour')!.message).toMatch(/unknown field 'colour'/);
  });

  it('the error message lists every problem and names the source', () => {
    const raw = sampleManifest() as unknown as Record<string, any>;
    raw.title = '';
    raw.files[0].size = 1.5;
    try {
      validateManifest(raw, 'q823980.json');
      expect.unreachable();
    } catch (error) {
      expect((error as InputError).source).toBe('q823980.json');
      expect((error as Error).message).toMatch(/2 problems/);
      expect((error as Error).message).toMatch(/\/title/);
      expect((error as Error).message).toMatch(/\/files\/0\/size/);
    }
  });

  it('reports missing required fields', () => {
    expect(wheres({ schema: 1 }).sort()).toEqual(
      ['/id', '/title', '/product', '/kind', '/editions', '/language', '/files'].sort(),
    );
    expect(wheres('not a manifest')).toEqual(['']);
  });

  it('requires a level for a service pack, at least 1', () => {
    const sp = {
      ...sampleManifest(),
      id: 'W2K-SP4',
      kind: 'servicePack',
      level: undefined,
      prerequisites: {},
    };
    expect(wheres(sp)).toEqual(['/level']);
    expect(wheres({ ...sp, level: 0 })).toEqual(['/level']);
    expect(wheres({ ...sp, level: 4 })).toEqual([]);
  });

  it('requires a hotfix id such as Q823980 or KB823980 for a hotfix', () => {
    expect(wheres({ ...sampleManifest(), id: 'W2K-SP4' })).toEqual(['/id']);
    expect(wheres({ ...sampleManifest(), id: 'KB823980' })).toEqual([]);
    expect(wheres({ ...sampleManifest(), supersedes: ['Q331953', 'q331953'] })).toEqual(['/supersedes/1']);
    expect(wheres({ ...sampleManifest(), includesHotfixes: ['Q12'] })).toEqual(['/includesHotfixes/0']);
    expect(wheres({ ...sampleManifest(), supersedes: ['Q823980'] })).toEqual(['/supersedes/0']);
  });

  it('refuses a service pack whose prerequisite level is not below its own', () => {
    const sp = { ...sampleManifest(), id: 'SMS20-SP4', product: 'SMS 2.0', kind: 'servicePack', level: 4 };
    expect(wheres({ ...sp, prerequisites: { anyOfLevels: [2, 3] } })).toEqual([]);
    expect(wheres({ ...sp, prerequisites: { anyOfLevels: [2, 4], minLevel: 5 } }).sort()).toEqual(
      ['/prerequisites/anyOfLevels/1', '/prerequisites/minLevel'].sort(),
    );
  });

  it('refuses duplicate targets, ignoring case', () => {
    const raw = sampleManifest();
    raw.files[2].target = raw.files[0].target.toUpperCase();
    const problems = manifestProblems(raw);
    expect(problems.map((p) => p.where)).toEqual(['/files/2/target']);
    expect(problems[0].message).toMatch(/same as \/files\/0/);
  });

  it('allows one copy per hotfix branch for the same target', () => {
    const raw = sampleManifest();
    raw.files[1] = { ...raw.files[0], source: 'i386/gdr/ole32.dll', branch: 'gdr' };
    raw.files[0].branch = 'qfe';
    expect(wheres(raw)).toEqual([]);
  });

  it('refuses unsafe payload names and bad targets', () => {
    const raw = sampleManifest();
    raw.files[0].source = '../ole32.dll';
    raw.files[1].source = '/i386/rpcrt4.dll';
    raw.files[2].source = 'C:/rpcss.dll';
    raw.files[3].source = 'i386\\update\\spmsg.dll';
    raw.files[4].target = 'system32\\spuninst.exe';
    const problems = manifestProblems(raw);
    expect(problems.map((p) => p.where)).toEqual([
      '/files/0/source',
      '/files/1/source',
      '/files/2/source',
      '/files/3/source',
      '/files/4/target',
    ]);
    expect(problems[0].message).toMatch(/'\.\.'/);
    expect(problems[1].message).toMatch(/absolute/);
  });

  it('refuses payload names that differ only in case', () => {
    const raw = sampleManifest();
    raw.files[1].source = raw.files[0].source.toUpperCase();
    expect(wheres(raw)).toEqual(['/files/1/source']);
  });

  it('lets files share a source only with the same size and sha256', () => {
    const raw = sampleManifest();
    const copy = { ...raw.files[0], target: `${raw.files[0].target}.copy` };
    raw.files.push(copy, { ...copy, target: `${copy.target}2`, size: copy.size + 1 });
    const problems = manifestProblems(raw);
    expect(problems.map((p) => p.where)).toEqual([`/files/${raw.files.length - 1}`]);
    expect(problems[0].message).toBe('same source as /files/0 but a different size or sha256');
  });

  it('reports each other spelling of a payload name once, and holds its later uses to its first', () => {
    const raw = sampleManifest();
    const upper = raw.files[0].source.toUpperCase();
    const variant = { ...raw.files[0], source: upper, target: `${raw.files[0].target}.a` };
    raw.files.push(
      variant,
      { ...variant, target: `${variant.target}b` },
      { ...variant, target: `${variant.target}c`, sha256: '0'.repeat(64) },
    );
    const n = raw.files.length;
    const problems = manifestProblems(raw);
    expect(problems.map((p) => [p.where, p.message])).toEqual([
      [`/files/${n - 3}/source`, 'payload name differs only in case from /files/0/source'],
      [`/files/${n - 1}`, `same source as /files/${n - 3} but a different size or sha256`],
    ]);
  });

  it('checks AddReg flags against the value', () => {
    const raw = sampleManifest() as unknown as Record<string, any>;
    raw.registry = [
      { op: 'AddReg', root: 'HKLM', key: 'SOFTWARE\\A', name: 'S', value: 'text' },
      { op: 'AddReg', root: 'HKLM', key: 'SOFTWARE\\A', name: 'M', flags: 0x10000, value: ['a', 'b'] },
      { op: 'AddReg', root: 'HKLM', key: 'SOFTWARE\\A', name: 'D', flags: 0x10001, value: 'one' },
      { op: 'AddReg', root: 'HKLM', key: 'SOFTWARE\\A', name: 'B', flags: 0x1, value: '01,zz' },
      { op: 'AddReg', root: 'HKLM', key: 'SOFTWARE\\A', name: 'X', flags: 0x8, value: 'x' },
      { op: 'AddReg', root: 'HKLM', key: 'SOFTWARE\\A', name: 'G', flags: 0x4, value: 'x' },
      { op: 'AddReg', root: 'HKLM', key: 'SOFTWARE\\A', name: 'U', flags: 0x100 },
      { op: 'AddReg', root: 'HKLM', key: '\\SOFTWARE\\A' },
      { op: 'DelReg', root: 'HKEY_LOCAL_MACHINE', key: 'SOFTWARE\\A' },
      { op: 'Copy', root: 'HKLM', key: 'SOFTWARE\\A' },
    ];
    expect(wheres(raw).sort()).toEqual(
      [
        '/registry/2/value',
        '/registry/3/value',
        '/registry/4/flags',
        '/registry/5/value',
        '/registry/6/flags',
        '/registry/7/key',
        '/registry/8/root',
        '/registry/9/op',
      ].sort(),
    );
  });

  it('checks the driver cabinet against the files', () => {
    const raw = sampleManifest();
    raw.files[0].driver = true;
    expect(wheres(raw)).toEqual(['/files/0/driver']);
    raw.driverCab = { name: 'sp4.cab', members: ['i386/ole32.dll', 'i386/missing.sys'] };
    expect(wheres(raw)).toEqual(['/driverCab/members/1']);
    // a member is named exactly as a file's source, not in another case
    raw.driverCab = { name: 'sp4.cab', members: [raw.files[0].source.toUpperCase()] };
    expect(wheres(raw)).toEqual(['/driverCab/members/0']);
    raw.driverCab = { name: 'sp4.zip', members: [] };
    expect(wheres(raw)).toEqual(['/driverCab/name']);
  });

  it('checks the manifest against a payload: missing, wrong size, wrong hash, undescribed members', () => {
    const raw = sampleManifest();
    const payload = payloadFor(raw);
    payload.delete('i386/ole32.dll');
    payload.set('i386/rpcrt4.dll', memberBytes('other', raw.files[1].size));
    payload.set('i386/rpcss.dll', memberBytes('i386/rpcss.dll', 10));
    payload.set('i386/extra.dll', new Uint8Array(3));
    payload.set('../evil.dll', new Uint8Array(3));
    const problems = problemsOf(() => validateManifest(raw, 'q823980.json', { payload }));
    expect(problems.map((p) => p.where)).toEqual([
      '/files/0/source',
      '/files/1/sha256',
      '/files/1/xxh64',
      '/files/2/size',
      '/files/2/sha256',
      '/files/2/xxh64',
      'payload:i386/extra.dll',
      'payload:../evil.dll',
    ]);
    expect(problems[0].message).toMatch(/not in the payload/);
    expect(problems[7].message).toMatch(/unsafe/);
  });

  it('keeps the JSON pointer escaping of RFC 6901 for odd field names', () => {
    const raw = { ...sampleManifest(), 'a/b~c': 1 };
    expect(wheres(raw)).toEqual(['/a~1b~0c']);
  });
});

describe('parseManifest', () => {
  it('reports a JSON syntax error at line:column', () => {
    const text = '{\n  "schema": 1,\n  "id": oops\n}';
    const problems = problemsOf(() => parseManifest(text, 'bad.json'));
    expect(problems).toHaveLength(1);
    expect(problems[0].where).toBe('3:9');
  });

  it('parses and validates text', () => {
    const text = JSON.stringify(sampleManifest());
    expect(parseManifest(text).id).toBe('Q823980');
  });
});

describe('uninstallFolderName', () => {
  it('names the service pack and hotfix backup folders', () => {
    expect(uninstallFolderName({ kind: 'servicePack', id: 'W2K-SP4' })).toBe('$NTServicePackUninstall$');
    expect(
      uninstallFolderName({ kind: 'hotfix', id: 'Q823980' } satisfies Pick<Manifest, 'kind' | 'id'>),
    ).toBe('$NtUninstallQ823980$');
  });
});
