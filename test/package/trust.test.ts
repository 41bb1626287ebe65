import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WinError } from '../../src/errors/index.js';
import {
  decodePackageFile,
  defaultSigningKey,
  defaultTrustedKeys,
  encodePackageFile,
  keyIdOf,
  Package,
  signingKeyFromSeed,
} from '../../src/package/index.js';
import { signManifest } from '../../src/package/signing.js';
import { builtHotfix, caught } from './helpers.js';
import { smallHotfix } from './samples.js';

describe('signing keys', () => {
  it('the built-in test key is deterministic and its id is sha256(raw public key)[:16]', () => {
    const key = defaultSigningKey();
    const raw = key.publicKey.export({ format: 'jwk' }).x!;
    const expected = createHash('sha256').update(Buffer.from(raw, 'base64url')).digest('hex').slice(0, 16);
    expect(key.keyId).toBe(expected);
    expect(keyIdOf(key.publicKey)).toBe(expected);
    expect(defaultTrustedKeys().get(key.keyId)).toBe(key.publicKey);
  });

  it('a key from a seed is the same key every time', () => {
    const seed = new Uint8Array(32).fill(7);
    expect(signingKeyFromSeed(seed).keyId).toBe(signingKeyFromSeed(Uint8Array.from(seed)).keyId);
    expect(signingKeyFromSeed(seed).keyId).not.toBe(signingKeyFromSeed(new Uint8Array(32).fill(8)).keyId);
    expect(() => signingKeyFromSeed(new Uint8Array(31))).toThrow(RangeError);
  });
});

describe('signature checks', () => {
  it('a package signed by a key not in the trusted set is refused with TRUST_E_NOSIGNATURE', async () => {
    const { manifest, payload } = await smallHotfix();
    const other = signingKeyFromSeed(new Uint8Array(32).fill(1));
    const bytes = Package.build(manifest, payload, other).toBytes();
    const error = caught(() => Package.fromBytes(bytes, { source: 'other.svcpkg' })) as WinError;
    expect(error).toBeInstanceOf(WinError);
    expect(error.code).toBe('TRUST_E_NOSIGNATURE');
    expect(error.message).toMatch(new RegExp(`signed by key ${other.keyId}, which is not trusted`));
    const trusted = new Map([[other.keyId, other.publicKey]]);
    expect(Package.fromBytes(bytes, { trusted }).signer()).toBe(other.keyId);
  });

  it('an unsigned package is refused with TRUST_E_NOSIGNATURE unless untrusted packages are allowed', async () => {
    const { manifest, payload } = await smallHotfix();
    const bytes = Package.build(manifest, payload, null).toBytes();
    expect((caught(() => Package.fromBytes(bytes)) as WinError).code).toBe('TRUST_E_NOSIGNATURE');
    const read = Package.fromBytes(bytes, { allowUntrusted: true });
    expect(read.trust).toBe('unsigned');
    expect(read.signer()).toBeNull();
    expect(read.inspect().trust).toBe('unsigned');
  });

  it('allowUntrusted reports an unknown signer instead of refusing', async () => {
    const { manifest, payload } = await smallHotfix();
    const other = signingKeyFromSeed(new Uint8Array(32).fill(2));
    const bytes = Package.build(manifest, payload, other).toBytes();
    expect(Package.fromBytes(bytes, { allowUntrusted: true }).trust).toBe('unknown signer');
  });

  it('a trusted key id with a signature that does not verify is TRUST_E_BAD_DIGEST, even with allowUntrusted', async () => {
    const { built } = await builtHotfix();
    const good = decodePackageFile(built.toBytes());
    const changed = new TextEncoder().encode(
      new TextDecoder().decode(good.manifestBytes).replace('Hotfix Q123456', 'Hotfix Q654321'),
    );
    const { bytes } = encodePackageFile({ ...good, manifestBytes: changed });
    for (const allowUntrusted of [false, true]) {
      const error = caught(() => Package.fromBytes(bytes, { allowUntrusted })) as WinError;
      expect(error.code).toBe('TRUST_E_BAD_DIGEST');
      expect(error.message).toMatch(/changed after it was signed/);
    }
  });

  it('a signature made by another key under the trusted key id is TRUST_E_BAD_DIGEST', async () => {
    const { built } = await builtHotfix();
    const good = decodePackageFile(built.toBytes());
    const { privateKey } = generateKeyPairSync('ed25519');
    const forged = {
      keyId: defaultSigningKey().keyId,
      signature: signManifest(good.manifestBytes, privateKey),
    };
    const { bytes } = encodePackageFile({ ...good, signature: forged });
    expect((caught(() => Package.fromBytes(bytes)) as WinError).code).toBe('TRUST_E_BAD_DIGEST');
  });
});
