/**
 * The expanded form of a package: a folder, as on a CD or a distribution share (`w2ksp4.exe -x`).
 * Payload members sit at their names; the manifest and its signature sit in `update/`.
 */
import { InputError } from '../errors/index.js';
import type { PackageSignature } from './format.js';
import { foldName } from './names.js';
import { KEY_ID_LENGTH, SIGNATURE_LENGTH } from './signing.js';

/** Where the expanded form keeps the manifest (its exact signed bytes). */
export const EXPANDED_MANIFEST = 'update/manifest.json';
/** Where the expanded form keeps the signature, as JSON `{ algorithm, keyId, signature (base64) }`. */
export const EXPANDED_SIGNATURE = 'update/signature.json';

const RESERVED = new Set([foldName(EXPANDED_MANIFEST), foldName(EXPANDED_SIGNATURE)]);
/** NTFS folding keeps a name's length, so a name of another length is none of them (and is not folded). */
const RESERVED_LENGTHS = new Set([EXPANDED_MANIFEST.length, EXPANDED_SIGNATURE.length]);

/** Whether a payload name is taken by the expanded form's own files (compared ignoring case). */
export function isReservedName(name: string): boolean {
  return RESERVED_LENGTHS.has(name.length) && RESERVED.has(foldName(name));
}

/** Encodes a signature as the expanded form's `signature.json`. */
export function encodeSignatureFile(signature: PackageSignature): Uint8Array {
  const json = {
    algorithm: 'Ed25519',
    keyId: signature.keyId,
    signature: Buffer.from(signature.signature).toString('base64'),
  };
  return Buffer.from(`${JSON.stringify(json, null, 2)}\n`, 'utf8');
}

/** Decodes `signature.json`; every problem is an `InputError` at `update/signature.json#/field`. */
export function decodeSignatureFile(bytes: Uint8Array, source: string): PackageSignature {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'));
  } catch (error) {
    throw new InputError(
      source,
      `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      EXPANDED_SIGNATURE,
    );
  }
  const problems: Array<{ where: string; message: string }> = [];
  const record = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  if (record.algorithm !== 'Ed25519')
    problems.push({ where: `${EXPANDED_SIGNATURE}#/algorithm`, message: "must be 'Ed25519'" });
  const keyId = record.keyId;
  if (typeof keyId !== 'string' || !new RegExp(`^[0-9a-f]{${KEY_ID_LENGTH}}$`).test(keyId)) {
    problems.push({
      where: `${EXPANDED_SIGNATURE}#/keyId`,
      message: `must be ${KEY_ID_LENGTH} lower-case hex digits`,
    });
  }
  const signature =
    typeof record.signature === 'string' ? Buffer.from(record.signature, 'base64') : undefined;
  if (!signature || signature.length !== SIGNATURE_LENGTH) {
    problems.push({
      where: `${EXPANDED_SIGNATURE}#/signature`,
      message: `must be ${SIGNATURE_LENGTH} bytes in base64`,
    });
  }
  if (problems.length > 0) throw new InputError(source, problems);
  return { keyId: keyId as string, signature: new Uint8Array(signature!) };
}

/**
 * Looks files up the way a Windows folder would: `\` or `/` between segments, case ignored.
 * Exact names are found without building the folded index.
 */
export class ExpandedLookup {
  private folded: Map<string, Uint8Array> | undefined;

  constructor(private readonly files: ReadonlyMap<string, Uint8Array>) {}

  get(name: string): Uint8Array | undefined {
    const exact = this.files.get(name);
    if (exact) return exact;
    if (!this.folded) {
      this.folded = new Map();
      for (const [key, bytes] of this.files)
        this.folded.set(foldName(key.replace(/\\/g, '/').replace(/^\/+/, '')), bytes);
    }
    return this.folded.get(foldName(name));
  }
}
