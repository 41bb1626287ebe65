/**
 * The image's trusted catalog signers: the built-in "Microsoft" test key plus keys added to the image.
 * Added keys live in the image's notes, so they survive saves and forks and stay out of the digest.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { jsonNote, type ImageCore } from '../image/index.js';
import { defaultTrustedKeys } from '../package/index.js';
import { keyIdOf, type TrustedKeys } from './signing-key.js';

/** The image note that lists added signer keys: base64 DER (SPKI) public keys. */
export const TRUSTED_KEYS_NOTE = jsonNote('catalog.trustedKeys', (parsed): string[] =>
  Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [],
);

function addedKeyTexts(image: ImageCore): string[] {
  return image.notes.get(TRUSTED_KEYS_NOTE) ?? [];
}

/** Trusted signing keys of the image: `defaultTrustedKeys()` plus any added with `addTrustedKey`. */
export function imageTrustedKeys(image: ImageCore): TrustedKeys {
  const keys = new Map<string, KeyObject>(defaultTrustedKeys());
  for (const der of addedKeyTexts(image)) {
    const key = createPublicKey({ key: Buffer.from(der, 'base64'), format: 'der', type: 'spki' });
    keys.set(keyIdOf(key), key);
  }
  return keys;
}

/**
 * Makes the image trust catalogs signed by this Ed25519 key (a private key is reduced to its public half).
 * Returns the key id. Adding a key twice changes nothing.
 */
export function addTrustedKey(image: ImageCore, key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const keyId = keyIdOf(publicKey);
  if (imageTrustedKeys(image).has(keyId)) return keyId;
  const der = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  image.notes.set(TRUSTED_KEYS_NOTE, [...addedKeyTexts(image), der]);
  return keyId;
}
