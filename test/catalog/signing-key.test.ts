import { createHash, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSigningKey, keyIdOf, trustedKeys } from '../../src/catalog/index.js';
import { seededBytes } from './helpers.js';

describe('generateSigningKey', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateSigningKey(seededBytes(32, 1));
    const b = generateSigningKey(seededBytes(32, 1));
    const c = generateSigningKey(seededBytes(32, 2));
    expect(a.keyId).toBe(b.keyId);
    expect(a.publicKey.export({ format: 'der', type: 'spki' })).toEqual(
      b.publicKey.export({ format: 'der', type: 'spki' }),
    );
    expect(c.keyId).not.toBe(a.keyId);
    const message = Buffer.from('catalog');
    expect(sign(null, message, a.privateKey)).toEqual(sign(null, message, b.privateKey));
    expect(verify(null, message, a.publicKey, sign(null, message, b.privateKey))).toBe(true);
  });

  it('matches the RFC 8032 test vector 1 public key', () => {
    const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
    const { publicKey, keyId } = generateSigningKey(seed);
    const raw = publicKey.export({ format: 'jwk' }).x;
    expect(Buffer.from(raw ?? '', 'base64url').toString('hex')).toBe(
      'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    );
    const expectedId = createHash('sha256')
      .update(Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex'))
      .digest('hex')
      .slice(0, 16);
    expect(keyId).toBe(expectedId);
  });

  it('without a seed gives a fresh Ed25519 key each time', () => {
    const a = generateSigningKey();
    const b = generateSigningKey();
    expect(a.publicKey.asymmetricKeyType).toBe('ed25519');
    expect(a.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(a.keyId).not.toBe(b.keyId);
  });

  it('refuses a seed that is not 32 bytes', () => {
    expect(() => generateSigningKey(new Uint8Array(31))).toThrow(/32 bytes/);
  });

  it('keyIdOf gives the same id for the private and the public key; trustedKeys maps ids to keys', () => {
    const k = generateSigningKey(seededBytes(32, 5));
    expect(keyIdOf(k.privateKey)).toBe(k.keyId);
    expect(keyIdOf(k.publicKey)).toBe(k.keyId);
    expect(trustedKeys(k.publicKey).get(k.keyId)).toBe(k.publicKey);
  });
});
