import { describe, expect, it } from 'vitest';
import { InputError, WinError } from '../../src/errors/index.js';
import {
  EXPANDED_MANIFEST,
  EXPANDED_SIGNATURE,
  Package,
  signingKeyFromSeed,
} from '../../src/package/index.js';
import { builtHotfix, builtSample, caught } from './helpers.js';
import { smallHotfix } from './samples.js';

describe('expanded form', () => {
  it('holds every member at its name plus the manifest and signature in update/', () => {
    const { payload, built } = builtSample();
    const files = built.expand();
    expect([...files.keys()].sort()).toEqual(
      [...payload.keys(), EXPANDED_MANIFEST, EXPANDED_SIGNATURE].sort(),
    );
    expect(JSON.parse(Buffer.from(files.get(EXPANDED_MANIFEST)!).toString('utf8')).id).toBe('Q823980');
  });

  it('round-trips: read back, verified, and re-encodes to the same package file', () => {
    const { built } = builtSample();
    const read = Package.fromExpanded(built.expand(), { source: '\\\\server\\share\\q823980' });
    expect(read.manifest).toEqual(built.manifest);
    expect(read.trust).toBe('trusted');
    expect(Buffer.from(read.toBytes()).equals(Buffer.from(built.toBytes()))).toBe(true);
  });

  it('finds files written with backslashes and another case, and ignores files that are not the package', async () => {
    const { payload, built } = await builtHotfix();
    const expanded = built.expand();
    const share = new Map<string, Uint8Array>();
    for (const [name, bytes] of expanded) share.set(name.replace(/\//g, '\\').toUpperCase(), bytes);
    share.set('autorun.inf', new TextEncoder().encode('[autorun]'));
    const read = Package.fromExpanded(share);
    expect(read.members().sort()).toEqual([...payload.keys()].sort());
    expect(Buffer.from(read.member('i386/foo.dll')).toString()).toBe('foo version 2');
  });

  it('a changed member on the share is refused naming it', async () => {
    const { built } = await builtHotfix();
    const files = built.expand();
    files.set('i386/foo.dll', new TextEncoder().encode('foo version 3'));
    const error = caught(() => Package.fromExpanded(files)) as WinError;
    expect(error).toBeInstanceOf(WinError);
    expect(error.code).toBe('TRUST_E_BAD_DIGEST');
    expect(error.path).toBe('i386/foo.dll');
  });

  it('a missing member is refused naming it', async () => {
    const { built } = await builtHotfix();
    const files = built.expand();
    files.delete('i386/bar.sys');
    expect((caught(() => Package.fromExpanded(files)) as WinError).path).toBe('i386/bar.sys');
  });

  it('a missing manifest is an InputError naming update/manifest.json', async () => {
    const { built } = await builtHotfix();
    const files = built.expand();
    files.delete(EXPANDED_MANIFEST);
    const error = caught(() => Package.fromExpanded(files)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.problems[0].where).toBe(EXPANDED_MANIFEST);
  });

  it('no signature file means TRUST_E_NOSIGNATURE; a damaged one is an InputError listing each field', async () => {
    const { built } = await builtHotfix();
    const files = built.expand();
    const unsigned = new Map(files);
    unsigned.delete(EXPANDED_SIGNATURE);
    expect((caught(() => Package.fromExpanded(unsigned)) as WinError).code).toBe('TRUST_E_NOSIGNATURE');
    const damaged = new Map(files).set(
      EXPANDED_SIGNATURE,
      new TextEncoder().encode(JSON.stringify({ algorithm: 'RSA', keyId: 'xyz', signature: 'AAAA' })),
    );
    const error = caught(() => Package.fromExpanded(damaged)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.problems.map((p) => p.where)).toEqual([
      `${EXPANDED_SIGNATURE}#/algorithm`,
      `${EXPANDED_SIGNATURE}#/keyId`,
      `${EXPANDED_SIGNATURE}#/signature`,
    ]);
  });

  it('an edited manifest on the share no longer matches its signature', async () => {
    const { built } = await builtHotfix();
    const files = built.expand();
    const text = Buffer.from(files.get(EXPANDED_MANIFEST)!)
      .toString('utf8')
      .replace('"minLevel": 2', '"minLevel": 1');
    files.set(EXPANDED_MANIFEST, Buffer.from(text));
    expect((caught(() => Package.fromExpanded(files)) as WinError).code).toBe('TRUST_E_BAD_DIGEST');
  });

  it('checks the signer against the trusted keys given', async () => {
    const { manifest, payload } = await smallHotfix();
    const key = signingKeyFromSeed(new Uint8Array(32).fill(9));
    const files = Package.build(manifest, payload, key).expand();
    expect((caught(() => Package.fromExpanded(files)) as WinError).code).toBe('TRUST_E_NOSIGNATURE');
    expect(Package.fromExpanded(files, { trusted: new Map([[key.keyId, key.publicKey]]) }).signer()).toBe(
      key.keyId,
    );
  });
});
