import { describe, expect, it } from 'vitest';
import {
  CATROOT,
  addTrustedKey,
  buildCatalog,
  enforceFileProtection,
  generateSigningKey,
  imageTrustedKeys,
  installCatalog,
  installedCatalogs,
  sfc,
  sha256Hex,
} from '../../src/catalog/index.js';
import { InputError, WinError } from '../../src/errors/index.js';
import { digestImage, type ImageCore } from '../../src/image/index.js';
import { writeFile } from '../../src/ops/index.js';
import { defaultSigningKey } from '../../src/package/index.js';
import { catalogedCore, junk, tamperableDll } from './wfp-helpers.js';

/** A catalog vouching for `data` as the given member, signed by `privateKey` (the built-in key by default). */
async function catalogFor(member: string, data: Uint8Array, privateKey = defaultSigningKey().privateKey) {
  return buildCatalog({ name: 'q2.cat', packageId: 'Q2', members: [{ member, data }], privateKey });
}

function flipped(bytes: Uint8Array, at: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[at] ^= 0x01;
  return copy;
}

/** Expects `installCatalog` to throw and the image to stay exactly as it was. */
function expectRefused(core: ImageCore, bytes: Uint8Array, check: (error: unknown) => void): void {
  const before = digestImage(core);
  const catalogsBefore = installedCatalogs(core).catalogs.length;
  let thrown: unknown;
  try {
    installCatalog(core, 'q2.cat', bytes);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeDefined();
  check(thrown);
  expect(digestImage(core)).toBe(before);
  expect(core.find(`${core.expand(CATROOT)}\\q2.cat`)).toBeUndefined();
  expect(installedCatalogs(core).catalogs.length).toBe(catalogsBefore);
}

describe('installCatalog refuses bad catalogs and leaves the image unchanged', () => {
  it('a byte flipped in the entries (tampered): TRUST_E_BAD_DIGEST', async () => {
    const core = await catalogedCore();
    const good = await catalogFor('system32\\q2.dll', junk(64));
    // 64 bytes of signature at the end, then the SHA-256 of the only entry just before it.
    expectRefused(core, flipped(good, good.length - 64 - 5), (error) => {
      expect(error).toBeInstanceOf(WinError);
      expect((error as WinError).code).toBe('TRUST_E_BAD_DIGEST');
    });
  });

  it('a byte flipped in the signature: TRUST_E_BAD_DIGEST', async () => {
    const core = await catalogedCore();
    const good = await catalogFor('system32\\q2.dll', junk(64));
    expectRefused(core, flipped(good, good.length - 1), (error) => {
      expect((error as WinError).code).toBe('TRUST_E_BAD_DIGEST');
    });
  });

  it('a byte flipped in the magic: InputError at byte 0', async () => {
    const core = await catalogedCore();
    const good = await catalogFor('system32\\q2.dll', junk(64));
    expectRefused(core, flipped(good, 0), (error) => {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).problems[0].where).toBe('byte 0');
    });
  });

  it.each([1, 10, 40, 64])('truncated by %i bytes: InputError', async (cut) => {
    const core = await catalogedCore();
    const good = await catalogFor('system32\\q2.dll', junk(64));
    expectRefused(core, good.subarray(0, good.length - cut), (error) => {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toMatch(/truncated|bytes/);
    });
  });

  it('signed by an unknown key: TRUST_E_NOSIGNATURE, accepted once the key is trusted', async () => {
    const core = await catalogedCore();
    const stranger = generateSigningKey();
    const bytes = await catalogFor('system32\\q2.dll', junk(64), stranger.privateKey);
    expectRefused(core, bytes, (error) => {
      expect((error as WinError).code).toBe('TRUST_E_NOSIGNATURE');
    });
    expect(addTrustedKey(core, stranger.publicKey)).toBe(stranger.keyId);
    expect(imageTrustedKeys(core).has(stranger.keyId)).toBe(true);
    expect(imageTrustedKeys(core).has(defaultSigningKey().keyId)).toBe(true);
    installCatalog(core, 'q2.cat', bytes);
    expect(installedCatalogs(core).hasHash(sha256Hex(junk(64)))).toBe(true);
  });

  it('a name that is not a plain .cat file name: InputError', async () => {
    const core = await catalogedCore();
    const good = await catalogFor('system32\\q2.dll', junk(64));
    const before = digestImage(core);
    for (const name of ['..\\q2.cat', 'q2.txt', 'a:b.cat', '']) {
      expect(() => installCatalog(core, name, good)).toThrow(InputError);
    }
    expect(digestImage(core)).toBe(before);
  });
});

describe('catalogs planted directly in the catalog folder', () => {
  it('are listed as rejected with the reason, and vouch for nothing', async () => {
    const core = await catalogedCore();
    const file = tamperableDll(core);
    const payload = junk(4096, 11);
    const good = await catalogFor(file.member, payload);
    const stranger = await catalogFor(file.member, payload, generateSigningKey().privateKey);
    const folder = core.expand(CATROOT);
    writeFile(core, `${folder}\\tampered.cat`, flipped(good, good.length - 64 - 5));
    writeFile(core, `${folder}\\truncated.cat`, good.subarray(0, good.length - 10));
    writeFile(core, `${folder}\\stranger.cat`, stranger);

    const installed = installedCatalogs(core);
    const reasons = new Map(installed.rejected.map((r) => [r.path.slice(folder.length + 1), r.reason]));
    expect(reasons.get('tampered.cat')).toMatch(/TRUST_E_BAD_DIGEST/);
    expect(reasons.get('truncated.cat')).toMatch(/truncated/);
    expect(reasons.get('stranger.cat')).toMatch(/TRUST_E_NOSIGNATURE/);
    expect(installed.hasHash(sha256Hex(payload))).toBe(false);

    // The file they vouch for is still not acceptable to WFP.
    writeFile(core, file.path, payload);
    expect(enforceFileProtection(core, [file.path]).restored.map((r) => r.path)).toEqual([file.path]);

    const scan = await sfc(core, { hashMode: 'inline' });
    const rejected = scan.rejectedCatalogs.map((r) => r.path.slice(folder.length + 1));
    expect(rejected).toEqual(expect.arrayContaining(['tampered.cat', 'truncated.cat', 'stranger.cat']));
    expect(scan.violations).toEqual([]);
  });
});
