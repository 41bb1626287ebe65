import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** A key that signs packages: the Ed25519 private key and the id of its public key. */
export interface Signer {
  privateKey: KeyObject;
  keyId: string;
}

/** A signing key pair with its id. */
export interface SigningKey extends Signer {
  publicKey: KeyObject;
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** Domain separation: a package signature can never be mistaken for a signature over anything else. */
const SIGNATURE_CONTEXT = Buffer.from('svcpack manifest signature v1\0', 'utf8');
/** Length of a key id: hex characters. */
export const KEY_ID_LENGTH = 16;
/** Length of an Ed25519 signature in bytes. */
export const SIGNATURE_LENGTH = 64;

/**
 * The id of an Ed25519 public key: the first 16 hex characters of the SHA-256 of its raw 32 bytes.
 */
export function keyIdOf(publicKey: KeyObject): string {
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const raw = spki.subarray(spki.length - 32);
  return createHash('sha256').update(raw).digest('hex').slice(0, KEY_ID_LENGTH);
}

/** A deterministic Ed25519 signing key from a 32-byte seed. */
export function signingKeyFromSeed(seed: Uint8Array): SigningKey {
  if (seed.length !== 32) throw new RangeError(`an Ed25519 seed is 32 bytes, not ${seed.length}`);
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

let builtIn: SigningKey | undefined;

/**
 * The built-in "Microsoft test" signing key. It is derived from a fixed seed, so every fixture and image
 * trusts the same key by default. Not a secret: never use it for anything but tests and fixtures.
 */
export function defaultSigningKey(): SigningKey {
  builtIn ??= signingKeyFromSeed(
    createHash('sha256').update('svcpack built-in Microsoft test signing key').digest(),
  );
  return builtIn;
}

/** The trusted key set used when none is given: the built-in test key only. */
export function defaultTrustedKeys(): Map<string, KeyObject> {
  const key = defaultSigningKey();
  return new Map([[key.keyId, key.publicKey]]);
}

function signedMessage(manifestBytes: Uint8Array): Buffer {
  return Buffer.concat([SIGNATURE_CONTEXT, createHash('sha256').update(manifestBytes).digest()]);
}

/** Signs the exact manifest bytes (which carry every payload member's size and SHA-256). */
export function signManifest(manifestBytes: Uint8Array, privateKey: KeyObject): Uint8Array {
  return new Uint8Array(sign(null, signedMessage(manifestBytes), privateKey));
}

/** Whether `signature` is `publicKey`'s signature of the exact manifest bytes. */
export function verifyManifestSignature(
  manifestBytes: Uint8Array,
  signature: Uint8Array,
  publicKey: KeyObject,
): boolean {
  try {
    return verify(null, signedMessage(manifestBytes), publicKey, signature);
  } catch {
    return false;
  }
}
