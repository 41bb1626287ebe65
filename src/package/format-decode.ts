/** Reading a package file: its structure, then its integrity hash (the layout is in format.ts). */
import { WinError } from '../errors/index.js';
import { FieldReader } from './field-reader.js';
import {
  FORMATS,
  PACKAGE_FORMAT_VERSIONS,
  PACKAGE_MAGIC,
  SIGNATURE_ED25519,
  SIGNATURE_NONE,
  integrityHash,
  type DecodedPackageFile,
  type IntegrityAlgorithm,
  type PackageSignature,
} from './format.js';
import { DEFAULT_MAX_INFLATED_BYTES, inflateMembers } from './inflate.js';
import { readMemberTable } from './member-table.js';
import { KEY_ID_LENGTH, SIGNATURE_LENGTH } from './signing.js';

/**
 * A package file's structure, read and checked, before its integrity hash is: what
 * `checkPackageIntegrity` needs, so the hashing can be done elsewhere (a worker pool).
 */
export interface PackageLayout {
  bytes: Uint8Array;
  source: string;
  formatVersion: number;
  manifestBytes: Uint8Array;
  /** Members as stored (deflated ones still compressed), views into `bytes`. */
  members: Map<string, Uint8Array>;
  memberOffsets: Map<string, number>;
  /** Names of the members stored deflated. */
  deflated: ReadonlyArray<{ name: string; at: number; originalLength: number }>;
  storedBytes: number;
  /** The integrity hash covers `bytes` up to here. */
  hashedLength: number;
  /** Where the integrity field is. */
  integrityOffset: number;
  /** The integrity hash of the file's format version. */
  integrityAlgorithm: IntegrityAlgorithm;
  /** The integrity hash the file records. */
  recordedIntegrity: Uint8Array;
  signature: PackageSignature | null;
}

/**
 * Decodes a package file and checks its structure and integrity hash, then inflates every deflated
 * member to the length it declares, at most `maxInflatedBytes` in all (default 2 GiB). Does not check
 * the signature or the manifest (`Package.fromBytes` does, before it inflates only what the manifest
 * names). Stored members are views into `bytes`, not copies.
 */
export function decodePackageFile(
  bytes: Uint8Array,
  source = 'package',
  options: { maxInflatedBytes?: number } = {},
): DecodedPackageFile {
  const layout = readPackageLayout(bytes, source);
  const actual = integrityHash(bytes.subarray(0, layout.hashedLength), layout.integrityAlgorithm);
  const file = checkPackageIntegrity(layout, actual);
  const declared = new Map(file.deflated.map((member) => [member.name, member.originalLength]));
  const limit = options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  return {
    ...file,
    members: inflateMembers(file.members, file.deflated, (name) => declared.get(name), source, limit),
  };
}

/**
 * Reads and checks a package file's structure (InputError naming the offset of the first damage)
 * without hashing anything.
 */
export function readPackageLayout(bytes: Uint8Array, source = 'package'): PackageLayout {
  // Members are views of the reader's Buffer; as Buffers they go into an image without a wrapper each.
  const reader = new FieldReader(bytes, source);
  const { formatVersion, format } = readHeader(reader);
  const manifestBytes = reader.slice(reader.u32('the manifest length'), 'the manifest');
  const count = reader.u32('the member count');
  const table = readMemberTable(reader, count, format.members);
  const integrityOffset = reader.offset;
  const integrity = reader.slice(
    format.length,
    `the ${format.length}-byte integrity hash (${format.algorithm})`,
  );
  const signature = readSignature(reader);
  if (reader.offset !== reader.bytes.length) {
    reader.fail(`expected the end of the file but ${reader.bytes.length - reader.offset} more bytes follow`);
  }
  return {
    bytes: reader.bytes,
    source,
    formatVersion,
    manifestBytes,
    members: table.members,
    memberOffsets: table.memberOffsets,
    deflated: table.deflated,
    storedBytes: table.storedBytes,
    hashedLength: table.dataStart ?? table.end,
    integrityOffset,
    integrityAlgorithm: format.algorithm,
    recordedIntegrity: integrity,
    signature,
  };
}

/** The magic and the format version, which must be one this code reads. */
function readHeader(reader: FieldReader): {
  formatVersion: number;
  format: (typeof FORMATS)[keyof typeof FORMATS];
} {
  const magic = reader.slice(6, `the magic '${PACKAGE_MAGIC}'`);
  if (Buffer.from(magic.buffer, magic.byteOffset, magic.length).toString('latin1') !== PACKAGE_MAGIC) {
    reader.fail(`expected the magic '${PACKAGE_MAGIC}': this is not a package file`, 0);
  }
  const formatVersion = reader.u16('the format version');
  const format = FORMATS[formatVersion as keyof typeof FORMATS] as
    (typeof FORMATS)[keyof typeof FORMATS] | undefined;
  if (!format) {
    reader.fail(
      `format version ${formatVersion} is not supported (expected ${PACKAGE_FORMAT_VERSIONS.join(', ')})`,
      6,
    );
  }
  return { formatVersion, format };
}

/** The signature kind and, when signed, the signer's key id and the signature. */
function readSignature(reader: FieldReader): PackageSignature | null {
  const kindAt = reader.offset;
  const kind = reader.u8('the signature kind');
  if (kind === SIGNATURE_ED25519) {
    const keyId = reader.text(KEY_ID_LENGTH, 'the signer key id');
    const signature = reader.slice(SIGNATURE_LENGTH, 'the 64-byte Ed25519 signature');
    return { keyId, signature };
  }
  if (kind !== SIGNATURE_NONE) reader.fail(`unknown signature kind ${kind} (expected 0 or 1)`, kindAt);
  return null;
}

/**
 * Compares the integrity hash of the file up to `layout.hashedLength` (`actual`, hex) with the recorded
 * integrity hash (TRUST_E_BAD_DIGEST when they differ). Inflates nothing: deflated members stay as
 * stored, listed in `deflated`, until the manifest that names them has been authenticated.
 */
export function checkPackageIntegrity(layout: PackageLayout, actual: string): DecodedPackageFile {
  if (actual !== Buffer.from(layout.recordedIntegrity).toString('hex')) {
    throw new WinError(
      'TRUST_E_BAD_DIGEST',
      layout.source,
      `the integrity hash at offset ${layout.integrityOffset} does not match the content: the package is damaged or was changed after it was built`,
    );
  }
  return {
    formatVersion: layout.formatVersion,
    manifestBytes: layout.manifestBytes,
    members: layout.members,
    deflated: layout.deflated,
    signature: layout.signature,
    integrity: actual,
    storedBytes: layout.storedBytes,
    memberOffsets: layout.memberOffsets,
  };
}
