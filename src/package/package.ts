import { createPublicKey } from 'node:crypto';
import { realpath, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError, WinError } from '../errors/index.js';
import { readFileWhole } from '../image/index.js';
import { startReading } from './file-read.js';
import { EXPANDED_MANIFEST, EXPANDED_SIGNATURE, encodeSignatureFile } from './expanded.js';
import { encodePackageFile } from './format-encode.js';
import { PACKAGE_FORMAT_VERSION } from './format.js';
import { validateManifest, type Manifest } from './manifest.js';
import {
  readExpanded,
  readPackageBytes,
  readPackageBytesHashedBy,
  readPackageFileHashedBy,
  reservedNames,
  type EncodedPackage,
  type PackageState,
} from './package-read.js';
import type { PackageBuildOptions, PackageReadOptions, PackageSummary } from './package-types.js';
import { defaultSigningKey, keyIdOf, signManifest, type Signer } from './signing.js';
import type { TrustStatus } from './trust.js';

export type { PackageBuildOptions, PackageReadOptions, PackageSummary } from './package-types.js';

function encodeManifest(manifest: Manifest): Uint8Array {
  return Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`, 'utf8');
}

/**
 * A service pack or hotfix package: a validated manifest, its payload and its signature.
 * Immutable once made. Built from a manifest and payload, read from a `.svcpkg` file, or read from its expanded form.
 * Reading verifies the integrity hash, the signature against trusted keys and every member against the manifest.
 */
export class Package {
  readonly manifest: Manifest;
  readonly #state: PackageState;

  private constructor(state: PackageState) {
    this.#state = state;
    this.manifest = state.manifest;
  }

  /**
   * Builds and signs a package. Every problem of the manifest, and every mismatch between it and the payload
   * (missing, extra or unsafe members, wrong sizes, SHA-256s or xxh64s), is reported at once as an `InputError`.
   * `signer` defaults to the built-in test key; `null` builds an unsigned package.
   * The payload bytes are kept, not copied: do not change them afterwards.
   */
  static build(
    manifest: Manifest,
    payload: ReadonlyMap<string, Uint8Array>,
    signer: Signer | null = defaultSigningKey(),
    options: PackageBuildOptions = {},
  ): Package {
    const valid = validateManifest(manifest, 'manifest', { payload });
    reservedNames(payload, 'payload');
    if (signer && keyIdOf(createPublicKey(signer.privateKey)) !== signer.keyId) {
      throw new InputError('signer', `key id ${signer.keyId} is not the id of the private key`, 'keyId');
    }
    const manifestBytes = encodeManifest(valid);
    const signature = signer
      ? { keyId: signer.keyId, signature: signManifest(manifestBytes, signer.privateKey) }
      : null;
    return new Package({
      manifest: valid,
      manifestBytes,
      payload: new Map(payload),
      fileBytes: valid.files.map((file) => payload.get(file.source)!),
      signature,
      trust: signer ? 'trusted' : 'unsigned',
      compress: options.compress ?? false,
      formatVersion: options.formatVersion,
    });
  }

  /**
   * {@link Package.build}, which checks every file's xxh64 against its payload member too (a wrong one is an
   * `InputError` at `/files/<i>/xxh64`). Kept for callers written when xxh64 needed an asynchronous start.
   */
  static async buildVerified(
    manifest: Manifest,
    payload: ReadonlyMap<string, Uint8Array>,
    signer: Signer | null = defaultSigningKey(),
    options: PackageBuildOptions = {},
  ): Promise<Package> {
    return Promise.resolve(Package.build(manifest, payload, signer, options));
  }

  /**
   * Reads a package file from bytes and verifies it: structure (`InputError` with the byte offset), integrity hash
   * (`TRUST_E_BAD_DIGEST`), signature (`TRUST_E_NOSIGNATURE` when unsigned or by an unknown key,
   * `TRUST_E_BAD_DIGEST` when it does not match), manifest (`InputError` with JSON pointers), and only then the
   * payload: the deflated members the manifest names are inflated (bounded, see `maxInflatedBytes`) and every
   * member is checked against the manifest's size, SHA-256 and xxh64 (`TRUST_E_BAD_DIGEST` naming the member).
   * Stored members are views into `bytes`.
   */
  static fromBytes(bytes: Uint8Array, options: PackageReadOptions = {}): Package {
    return new Package(readPackageBytes(bytes, options));
  }

  /**
   * Like {@link Package.fromBytes}, with the same checks in the same order and the same errors, but
   * the members' SHA-256s (and a format-1 file's SHA-256 integrity hash) are computed by
   * `options.sha256Many` when it is given (the members' xxh64s here meanwhile, or by
   * `options.xxh64Many`), or the members' two hashes by `options.memberHashes`.
   */
  static async fromBytesAsync(bytes: Uint8Array, options: PackageReadOptions = {}): Promise<Package> {
    const hashMany = options.sha256Many;
    if (hashMany === undefined && options.memberHashes === undefined)
      return Package.fromBytes(bytes, options);
    return new Package(await readPackageBytesHashedBy(hashMany, bytes, options));
  }

  /**
   * Reads and verifies a package file on the host (see {@link Package.fromBytesAsync}). With
   * `sha256Many` or `memberHashes` the file is read into shared memory, so hash workers read it
   * where it lies, and the checks before the payload's run while the members' bytes are read;
   * without, into ordinary memory, which V8 reclaims sooner once the package is dropped.
   */
  static async load(file: string, options: PackageReadOptions = {}): Promise<Package> {
    const read = { ...options, source: options.source ?? file };
    if (options.sha256Many === undefined && options.memberHashes === undefined)
      return Package.fromBytes(await readFileWhole(file), read);
    return new Package(await readPackageFileHashedBy(options.sha256Many, await startReading(file), read));
  }

  /**
   * Reads the expanded form (relative path to bytes; `\` or `/` separators, case ignored, other files ignored)
   * and verifies it like {@link Package.fromBytes}. A missing `update/manifest.json` is an `InputError`.
   */
  static fromExpanded(files: ReadonlyMap<string, Uint8Array>, options: PackageReadOptions = {}): Package {
    return new Package(readExpanded(files, options));
  }

  /** The package id (`'W2K-SP4'`, `'Q823980'`). */
  get id(): string {
    return this.manifest.id;
  }

  /** How the signature was judged when the package was read (`'trusted'` for one built here and signed). */
  get trust(): TrustStatus {
    return this.#state.trust;
  }

  /** The signer's key id, or `null` for an unsigned package. */
  signer(): string | null {
    return this.#state.signature?.keyId ?? null;
  }

  /** The payload member names, in package order. */
  members(): string[] {
    return [...this.#state.payload.keys()];
  }

  /** The payload members' bytes, in package order (as {@link members} names them; views: do not change them). */
  memberBytes(): readonly Uint8Array[] {
    const state = this.#state;
    state.memberBytes ??= [...state.payload.values()];
    return state.memberBytes;
  }

  /** Each manifest file's member bytes, in the order of `manifest.files` (views: do not change them). */
  fileBytes(): readonly Uint8Array[] {
    return this.#state.fileBytes;
  }

  /** Whether the payload holds a member. */
  hasMember(name: string): boolean {
    return this.#state.payload.has(name);
  }

  /** A payload member's bytes (a view: do not change them). Throws `ERROR_FILE_NOT_FOUND` when absent. */
  member(name: string): Uint8Array {
    const bytes = this.#state.payload.get(name);
    if (!bytes) throw new WinError('ERROR_FILE_NOT_FOUND', name, `not a member of package ${this.id}`);
    return bytes;
  }

  /** The exact manifest bytes that are signed. */
  manifestBytes(): Uint8Array {
    return this.#state.manifestBytes;
  }

  /** The package file's bytes (encoded once, then cached; the bytes read for a package read from a file). */
  toBytes(): Uint8Array {
    return this.#encoded().bytes;
  }

  /**
   * Writes the package file on the host atomically: a temporary file beside it, flushed, then a rename (over
   * the file a symbolic link names, not over the link).
   */
  async save(path: string): Promise<void> {
    const file = await realpath(resolve(path)).catch(() => path);
    const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
    try {
      await writeFile(temporary, this.toBytes(), { flush: true });
      await rename(temporary, file);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  }

  /** A summary: id, title, kind, level, counts, sizes, signer, trust and integrity hash. */
  inspect(): PackageSummary {
    const m = this.manifest;
    const encoded = this.#encoded();
    const count = (test: (file: Manifest['files'][number]) => boolean | undefined) =>
      m.files.filter(test).length;
    return {
      id: m.id,
      title: m.title,
      product: m.product,
      kind: m.kind,
      level: m.level,
      language: m.language,
      editions: [...m.editions],
      files: m.files.length,
      members: this.#state.payload.size,
      payloadBytes: totalBytes(this.#state.payload),
      packageBytes: encoded.bytes.length,
      protectedFiles: count((f) => f.protected),
      optionalComponentFiles: count((f) => f.optionalComponent !== undefined),
      oemFiles: count((f) => f.oem),
      driverFiles: count((f) => f.driver),
      registryInstructions: m.registry.length,
      tasks: m.tasks.length,
      supersedes: [...m.supersedes],
      includesHotfixes: [...m.includesHotfixes],
      signer: this.signer(),
      trust: this.trust,
      integrity: encoded.integrity,
      formatVersion: encoded.formatVersion,
    };
  }

  /**
   * The expanded form, as written to a CD or a share: each member at its name, plus `update/manifest.json`
   * and (when signed) `update/signature.json`. The bytes are views, not copies.
   */
  expand(): Map<string, Uint8Array> {
    const files = new Map(this.#state.payload);
    files.set(EXPANDED_MANIFEST, this.#state.manifestBytes);
    if (this.#state.signature) files.set(EXPANDED_SIGNATURE, encodeSignatureFile(this.#state.signature));
    return files;
  }

  #encoded(): EncodedPackage {
    const state = this.#state;
    state.encoded ??= {
      ...encodePackageFile(
        { manifestBytes: state.manifestBytes, members: state.payload, signature: state.signature },
        { compress: state.compress, formatVersion: state.formatVersion },
      ),
      formatVersion: state.formatVersion ?? PACKAGE_FORMAT_VERSION,
    };
    return state.encoded;
  }
}

function totalBytes(members: ReadonlyMap<string, Uint8Array>): number {
  let total = 0;
  for (const bytes of members.values()) total += bytes.length;
  return total;
}
