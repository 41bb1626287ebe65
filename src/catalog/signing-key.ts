/**
 * Ed25519 signing keys for catalogs and the key ids that name them.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';

/** The DER of an Ed25519 PKCS#8 private key up to its 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** The DER of an Ed25519 SubjectPublicKeyInfo up to its 32-byte raw key. */
const ED25519_SPKI_PREFIX_LENGTH = 12;

/** A catalog signing key pair and the id catalogs name it by. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Hex SHA-256 of the raw 32-byte public key, first 16 characters. */
  keyId: string;
}

/** Trusted catalog signers: key id to Ed25519 public key. */
export type TrustedKeys = ReadonlyMap<string, KeyObject>;

/**
 * A new Ed25519 key pair. With a 32-byte `seed` the pair is always the same for that seed.
 * @throws RangeError when the seed is not 32 bytes.
 */
export function generateSigningKey(seed?: Uint8Array): SigningKey {
  let privateKey: KeyObject;
  let publicKey: KeyObject;
  if (seed === undefined) {
    ({ privateKey, publicKey } = generateKeyPairSync('ed25519'));
  } else {
    if (seed.byteLength !== 32) {
      throw new RangeError(`generateSigningKey: the seed must be 32 bytes, got ${seed.byteLength}`);
    }
    const der = Buffer.concat([ED25519_PKCS8_PREFIX, seed]);
    privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    publicKey = createPublicKey(privateKey);
  }
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/** The key id of an Ed25519 public (or private) key: hex SHA-256 of the raw public key, first 16 characters. */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(
      `keyIdOf: expected an Ed25519 key, got ${publicKey.asymmetricKeyType ?? publicKey.type}`,
    );
  }
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(ED25519_SPKI_PREFIX_LENGTH);
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

/** A `TrustedKeys` map of the given public keys, each under its key id. */
export function trustedKeys(...publicKeys: KeyObject[]): TrustedKeys {
  return new Map(publicKeys.map((key) => [keyIdOf(key), key]));
}
