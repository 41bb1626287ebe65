/**
 * Reading a package, from a `.svcpkg` file's bytes or its expanded form: structure, integrity,
 * signature, manifest and only then the payload, each refused with its own error.
 */
import { isAscii } from 'node:buffer';
import { InputError } from '../errors/index.js';
import { asBuffer, hashHex, sha256Hex, xxh64 } from '../image/index.js';
import {
  EXPANDED_MANIFEST,
  EXPANDED_SIGNATURE,
  ExpandedLookup,
  decodeSignatureFile,
  isReservedName,
} from './expanded.js';
import type { FileReading } from './file-read.js';
import { checkPackageIntegrity, readPackageLayout, type PackageLayout } from './format-decode.js';
import { integrityHash, type DecodedPackageFile, type PackageSignature } from './format.js';
import { inflateMembers } from './inflate.js';
import { validateManifest, type Manifest } from './manifest.js';
import { withOwnedFileEntries } from './manifest-file.js';
import type { PackageReadOptions } from './package-types.js';
import { defaultTrustedKeys } from './signing.js';
import { checkPayload, checkSignature, type KnownHashes, type TrustStatus } from './trust.js';

/** What a `Package` holds. */
export interface PackageState {
  manifest: Manifest;
  manifestBytes: Uint8Array;
  payload: Map<string, Uint8Array>;
  /** Each manifest file's member bytes, in manifest order (found once: installs visit every file). */
  fileBytes: readonly Uint8Array[];
  /** The payload's bytes in member order, made on first use. */
  memberBytes?: readonly Uint8Array[];
  signature: PackageSignature | null;
  trust: TrustStatus;
  compress: boolean;
  /** The format `toBytes` writes when the package was not read from a file. */
  formatVersion?: 1 | 2 | 3;
  encoded?: EncodedPackage;
}

/** A package file whose signature and manifest have been checked and whose named members are inflated. */
interface AuthenticatedFile extends DecodedPackageFile {
  manifest: Manifest;
  trust: TrustStatus;
}

/** A hasher of many items at once: their hex digests, in order. */
type HashMany = (items: readonly Uint8Array[]) => Promise<readonly string[]>;

/** Digests through `hashMany` (the option `name`), one per item (a wrong count is the hasher's bug). */
async function hashesOf(
  hashMany: HashMany,
  items: readonly Uint8Array[],
  name = 'sha256Many',
): Promise<readonly string[]> {
  return counted(await hashMany(items), items, name);
}

/** The digests, when there is one per item. */
function counted(digests: readonly string[], items: readonly Uint8Array[], name: string): readonly string[] {
  if (digests.length !== items.length) {
    throw new Error(
      `Package.fromBytesAsync: ${name} gave ${digests.length} digests for ${items.length} items`,
    );
  }
  return digests;
}

export interface EncodedPackage {
  bytes: Uint8Array;
  integrity: string;
  formatVersion: number;
}

/**
 * The manifest's text: ASCII (as a generated manifest is) read byte for byte, which is its UTF-8
 * decoding (and holds no byte-order mark), without the decoder's pass; anything else decoded strictly.
 */
function manifestText(bytes: Uint8Array): string {
  const buffer = asBuffer(bytes);
  return isAscii(buffer)
    ? buffer.toString('latin1')
    : new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

function decodeManifest(bytes: Uint8Array, source: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(manifestText(bytes));
  } catch (error) {
    throw new InputError(
      source,
      `the manifest is not valid UTF-8 JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return withOwnedFileEntries(() => validateManifest(json, `${source} manifest`));
}

/** Refuses members under the names the expanded form reserves (`update/manifest.json`...). */
export function reservedNames(members: ReadonlyMap<string, unknown>, source: string): void {
  const taken: string[] = [];
  // forEach, not an iterator: this runs once per read, mostly unoptimized, where each step allocates
  members.forEach((_, name) => {
    if (isReservedName(name)) taken.push(name);
  });
  if (taken.length > 0) {
    throw new InputError(
      source,
      taken.map((name) => ({
        where: `payload:${name}`,
        message: 'is reserved for the expanded form of the package',
      })),
    );
  }
}

/** The checks of {@link authenticated} and the payload's, on a file read from bytes (hashed here). */
export function readPackageBytes(bytes: Uint8Array, options: PackageReadOptions): PackageState {
  const source = options.source ?? 'package';
  const layout = readPackageLayout(bytes, source);
  const actual = integrityHash(bytes.subarray(0, layout.hashedLength), layout.integrityAlgorithm);
  const file = authenticated(checkPackageIntegrity(layout, actual), options, source);
  return stateOf(bytes, file, checkPayload(file.manifest, file.members, source));
}

/**
 * The checks after the file's structure and integrity, before any member is inflated or hashed:
 * signature, manifest, names; then the members the manifest names are inflated.
 */
function authenticated(
  file: DecodedPackageFile,
  options: PackageReadOptions,
  source: string,
): AuthenticatedFile {
  const trust = checkSignature(
    file.manifestBytes,
    file.signature,
    options.trusted ?? defaultTrustedKeys(),
    source,
    options.allowUntrusted ?? false,
  );
  const manifest = decodeManifest(file.manifestBytes, source);
  reservedNames(file.members, source);
  const sizes = new Map<string, number>();
  if (file.deflated.length > 0)
    for (const f of manifest.files) if (!sizes.has(f.source)) sizes.set(f.source, f.size);
  const members = inflateMembers(
    file.members,
    file.deflated,
    (name) => sizes.get(name),
    source,
    options.maxInflatedBytes,
  );
  return { ...file, members, manifest, trust };
}

/** The state of an authenticated file whose payload has been checked. */
function stateOf(bytes: Uint8Array, file: AuthenticatedFile, fileBytes: Uint8Array[]): PackageState {
  return {
    manifest: file.manifest,
    manifestBytes: file.manifestBytes,
    payload: file.members,
    fileBytes,
    signature: file.signature,
    trust: file.trust,
    compress: file.deflated.length > 0,
    encoded: { bytes, integrity: file.integrity, formatVersion: file.formatVersion },
  };
}

/**
 * {@link readPackageBytes} with the members' SHA-256s (and a format-1 file's SHA-256 integrity hash)
 * computed by `hashMany`; the members' xxh64s by `options.xxh64Many` when given, else here meanwhile;
 * or both by `options.memberHashes`, which starts on stored members as soon as the structure is read
 * (hashing is no check: its results are looked at only after every check before the payload's).
 */
export async function readPackageBytesHashedBy(
  hashMany: HashMany | undefined,
  bytes: Uint8Array,
  options: PackageReadOptions,
): Promise<PackageState> {
  const source = options.source ?? 'package';
  const layout = readPackageLayout(bytes, source);
  const early =
    options.memberHashes && layout.deflated.length === 0
      ? memberHashesOf(layout.members, hashMany, options)
      : undefined;
  // a package refused before its payload is looked at leaves the early hashes unread
  early?.catch(() => undefined);
  const prefix = bytes.subarray(0, layout.hashedLength);
  const actual =
    layout.integrityAlgorithm === 'sha256' && hashMany
      ? (await hashesOf(hashMany, [prefix]))[0]
      : integrityHash(prefix, layout.integrityAlgorithm);
  const file = authenticated(checkPackageIntegrity(layout, actual), options, source);
  const known = await (early ?? memberHashesOf(file.members, hashMany, options));
  return stateOf(bytes, file, checkPayload(file.manifest, file.members, source, known));
}

/**
 * {@link readPackageBytesHashedBy} of a file being read (see file-read.ts): its structure, integrity
 * hash, signature and manifest are checked on the bytes before the members' while the members' own
 * are read. When the structure reaches past what was read first (a damaged file, an older format),
 * the whole file's read is awaited and it is read from its bytes: the same checks, the same errors.
 * An error reading the file comes before any check's, as when the file was read whole first.
 */
export async function readPackageFileHashedBy(
  hashMany: HashMany | undefined,
  reading: FileReading,
  options: PackageReadOptions,
): Promise<PackageState> {
  const { bytes, rest } = reading;
  const source = options.source ?? 'package';
  const layout = layoutWithin(reading, source);
  if (!layout) {
    await rest;
    return readPackageBytesHashedBy(hashMany, bytes, options);
  }
  let file: AuthenticatedFile;
  try {
    const actual = integrityHash(bytes.subarray(0, layout.hashedLength), layout.integrityAlgorithm);
    // inflating reads the deflated members' bytes
    if (layout.deflated.length > 0) await rest;
    file = authenticated(checkPackageIntegrity(layout, actual), options, source);
  } catch (error) {
    await rest;
    throw error;
  }
  await rest;
  const known = await memberHashesOf(file.members, hashMany, options);
  return stateOf(bytes, file, checkPayload(file.manifest, file.members, source, known));
}

/**
 * The file's structure when it reads, as format 3, from the bytes already read alone (the bytes
 * before the members' and the last few): those and only those are what its reading looks at.
 */
function layoutWithin(reading: FileReading, source: string): PackageLayout | undefined {
  if (reading.prefixEnd === 0) return undefined;
  try {
    const layout = readPackageLayout(reading.bytes, source);
    const covered =
      layout.formatVersion === 3 &&
      layout.hashedLength === reading.prefixEnd &&
      layout.integrityOffset >= reading.tailStart;
    return covered ? layout : undefined;
  } catch {
    return undefined;
  }
}

/** The members' SHA-256s and xxh64s, by name, from the hashers of `options` (see above). */
async function memberHashesOf(
  members: ReadonlyMap<string, Uint8Array>,
  hashMany: HashMany | undefined,
  options: PackageReadOptions,
): Promise<KnownHashes> {
  const names = [...members.keys()];
  const items = [...members.values()];
  let digests: readonly string[];
  let xxh64s: readonly string[];
  if (options.memberHashes) {
    const both = await options.memberHashes(items);
    digests = counted(both.sha256, items, 'memberHashes');
    xxh64s = counted(both.xxh64, items, 'memberHashes');
  } else {
    const xxh64Many = options.xxh64Many;
    [digests, xxh64s] = await Promise.all([
      hashMany ? hashesOf(hashMany, items) : items.map((item) => sha256Hex(item)),
      xxh64Many ? hashesOf(xxh64Many, items, 'xxh64Many') : items.map((item) => hashHex(xxh64(item))),
    ]);
  }
  return {
    sha256: new Map(names.map((name, i) => [name, digests[i]])),
    xxh64: new Map(names.map((name, i) => [name, xxh64s[i]])),
  };
}

/** Reads and checks the expanded form (see `Package.fromExpanded`). */
export function readExpanded(
  files: ReadonlyMap<string, Uint8Array>,
  options: PackageReadOptions,
): PackageState {
  const source = options.source ?? 'expanded package';
  const lookup = new ExpandedLookup(files);
  const manifestBytes = lookup.get(EXPANDED_MANIFEST);
  if (!manifestBytes) throw new InputError(source, 'the manifest is missing', EXPANDED_MANIFEST);
  const signatureBytes = lookup.get(EXPANDED_SIGNATURE);
  const signature = signatureBytes ? decodeSignatureFile(signatureBytes, source) : null;
  const trust = checkSignature(
    manifestBytes,
    signature,
    options.trusted ?? defaultTrustedKeys(),
    source,
    options.allowUntrusted ?? false,
  );
  const manifest = decodeManifest(manifestBytes, source);
  const payload = new Map<string, Uint8Array>();
  for (const file of manifest.files) {
    const bytes = lookup.get(file.source);
    if (bytes) payload.set(file.source, bytes);
  }
  const fileBytes = checkPayload(manifest, payload, source);
  return { manifest, manifestBytes, payload, fileBytes, signature, trust, compress: false };
}
