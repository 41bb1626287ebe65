import type { KeyObject } from 'node:crypto';
import { WinError } from '../errors/index.js';
import type { PackageSignature } from './format.js';
import { hashHex, xxh64 } from '../image/index.js';
import { sha256Hex } from './hashes.js';
import type { Manifest } from './manifest.js';
import { verifyManifestSignature } from './signing.js';

/** How far a package is trusted: signed by a trusted key, not signed, or signed by a key not in the trusted set. */
export type TrustStatus = 'trusted' | 'unsigned' | 'unknown signer';

/**
 * Checks a package's signature against the trusted keys.
 * Unsigned or signed by an unknown key: `TRUST_E_NOSIGNATURE` (unless `allowUntrusted`, which reports the status instead).
 * Signed by a trusted key but the signature does not match the manifest: always `TRUST_E_BAD_DIGEST`.
 */
export function checkSignature(
  manifestBytes: Uint8Array,
  signature: PackageSignature | null,
  trusted: ReadonlyMap<string, KeyObject>,
  source: string,
  allowUntrusted: boolean,
): TrustStatus {
  if (!signature) {
    if (allowUntrusted) return 'unsigned';
    throw new WinError('TRUST_E_NOSIGNATURE', source, 'the package is not signed');
  }
  const key = trusted.get(signature.keyId);
  if (!key) {
    if (allowUntrusted) return 'unknown signer';
    throw new WinError(
      'TRUST_E_NOSIGNATURE',
      source,
      `the package is signed by key ${signature.keyId}, which is not trusted`,
    );
  }
  if (!verifyManifestSignature(manifestBytes, signature.signature, key)) {
    throw new WinError(
      'TRUST_E_BAD_DIGEST',
      source,
      `the signature of key ${signature.keyId} does not match the manifest: the package was changed after it was signed`,
    );
  }
  return 'trusted';
}

/** Hashes of members already computed elsewhere (a worker pool), hex, by member name; the others are hashed here. */
export interface KnownHashes {
  sha256?: ReadonlyMap<string, string>;
  xxh64?: ReadonlyMap<string, string>;
}

/**
 * Checks the payload against the (signed) manifest: every file's source is a member with the manifest's size,
 * SHA-256 and xxh64, and every member is described by the manifest. A mismatch is `TRUST_E_BAD_DIGEST` whose path is the
 * first member concerned; the message names all of them. Returns each file's member bytes, in manifest order.
 */
export function checkPayload(
  manifest: Manifest,
  members: ReadonlyMap<string, Uint8Array>,
  source: string,
  known?: KnownHashes,
): Uint8Array[] {
  const mismatches: Array<[string, string]> = [];
  const files = manifest.files;
  const fileBytes = alignedMembers(files, members);
  if (fileBytes) {
    // one file per member, in order: each member is described once, and none is left over
    for (let i = 0; i < files.length; i++) {
      const problem = memberProblem(files[i], fileBytes[i], known);
      if (problem) mismatches.push([files[i].source, problem]);
    }
    if (mismatches.length === 0) return fileBytes;
    throw payloadMismatch(mismatches, source);
  }
  return checkPayloadByName(files, members, source, known);
}

/**
 * Each file's member when the files name the members one to one, in package order (as a package
 * built from a manifest has them), found without a lookup by name; otherwise undefined.
 */
function alignedMembers(
  files: Manifest['files'],
  members: ReadonlyMap<string, Uint8Array>,
): Uint8Array[] | undefined {
  if (files.length !== members.size) return undefined;
  const fileBytes = new Array<Uint8Array>(files.length);
  let i = 0;
  let aligned = true;
  // forEach, not for-of: it runs once per read, mostly before it is optimized, where each step of a
  // Map's iterator allocates its entry
  members.forEach((bytes, name) => {
    if (aligned && files[i].source === name) fileBytes[i++] = bytes;
    else aligned = false;
  });
  return aligned ? fileBytes : undefined;
}

/** Why a member does not match its file in the manifest, or undefined when it does. */
function memberProblem(
  file: Manifest['files'][number],
  bytes: Uint8Array,
  known: KnownHashes | undefined,
): string | undefined {
  if (bytes.length !== file.size) return `has ${bytes.length} bytes, the manifest says ${file.size}`;
  if ((known?.sha256?.get(file.source) ?? sha256Hex(bytes)) !== file.sha256)
    return 'does not match its SHA-256 in the manifest';
  if ((known?.xxh64?.get(file.source) ?? hashHex(xxh64(bytes))) !== file.xxh64)
    return 'does not match its xxh64 in the manifest';
  return undefined;
}

function payloadMismatch(mismatches: Array<[string, string]>, source: string): WinError {
  const shown = mismatches.slice(0, 10).map(([name, why]) => `member '${name}' ${why}`);
  if (mismatches.length > 10) shown.push(`and ${mismatches.length - 10} more`);
  return new WinError('TRUST_E_BAD_DIGEST', mismatches[0][0], `${source}: ${shown.join('; ')}`);
}

/** {@link checkPayload} for files that share members or name them in another order. */
function checkPayloadByName(
  files: Manifest['files'],
  members: ReadonlyMap<string, Uint8Array>,
  source: string,
  known: KnownHashes | undefined,
): Uint8Array[] {
  const mismatches: Array<[string, string]> = [];
  const checked = new Set<string>();
  const fileBytes = new Array<Uint8Array>(files.length);
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    const bytes = members.get(file.source);
    if (bytes) fileBytes[i] = bytes;
    if (checked.has(file.source)) continue;
    checked.add(file.source);
    const problem = bytes ? memberProblem(file, bytes, known) : 'is missing from the payload';
    if (problem) mismatches.push([file.source, problem]);
  }
  // When every described member was found and there are as many members, none is undescribed.
  if (mismatches.length > 0 || members.size !== checked.size) {
    for (const name of members.keys()) {
      if (!checked.has(name)) mismatches.push([name, 'is not described by the signed manifest']);
    }
  }
  if (mismatches.length === 0) return fileBytes;
  throw payloadMismatch(mismatches, source);
}
