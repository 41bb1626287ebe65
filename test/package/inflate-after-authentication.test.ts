import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputError, WinError } from '../../src/errors/index.js';
import { hashHex, xxh64 } from '../../src/image/index.js';
import {
  DEFAULT_MAX_INFLATED_BYTES,
  EXPANDED_MANIFEST,
  EXPANDED_SIGNATURE,
  Package,
  defaultSigningKey,
  encodePackageFile,
  type Manifest,
} from '../../src/package/index.js';
import { encodeSignatureFile } from '../../src/package/expanded.js';
import { readPackageLayout } from '../../src/package/format-decode.js';
import { signManifest } from '../../src/package/signing.js';
import { digestImage } from '../../src/image/index.js';
import { install } from '../../src/servicing/index.js';
import { serverImage } from '../servicing/helpers.js';
import { caught } from './helpers.js';
import { smallHotfix } from './samples.js';
import { coreOf } from '../../src/machine/internal.js';

// Every inflation the reader makes goes through this spy.
const inflations = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:zlib', async (importOriginal) => {
  const zlib = await importOriginal<typeof import('node:zlib')>();
  return {
    ...zlib,
    inflateRawSync: (...args: Parameters<typeof zlib.inflateRawSync>) => {
      inflations.count++;
      return zlib.inflateRawSync(...args);
    },
  };
});

afterEach(() => {
  inflations.count = 0;
});

const FOUR_GIB_LESS_ONE = 0xffffffff;

/**
 * A package file whose deflated members declare `declared(name)` bytes inflated (the field patched
 * after encoding, the integrity hash recomputed): a crafted, structurally sound file.
 */
function withDeclaredLengths(bytes: Uint8Array, declared: (name: string) => number | undefined): Buffer {
  const file = Buffer.from(bytes);
  const layout = readPackageLayout(file);
  for (const { name, at } of layout.deflated) {
    const length = declared(name);
    if (length === undefined) continue;
    // format 3: the members' headers come before all their bytes; find this one's by its name
    const nameAt = file.indexOf(Buffer.from(name, 'utf8'), 12 + layout.manifestBytes.length);
    expect(nameAt).toBeGreaterThan(0);
    expect(nameAt).toBeLessThan(at);
    file.writeUInt32LE(length, nameAt + Buffer.byteLength(name) + 1 + 4);
  }
  const patched = readPackageLayout(file);
  file.write(hashHex(xxh64(file.subarray(0, patched.hashedLength))), patched.integrityOffset, 'hex');
  return file;
}

/** An unsigned package with manifest `{}` and 16 deflated members of zeros, each declaring 4 GiB. */
function decompressionBomb(): Buffer {
  const members = new Map<string, Uint8Array>();
  for (let i = 0; i < 16; i++) members.set(`bomb/${i}.bin`, new Uint8Array(1 << 16));
  const { bytes } = encodePackageFile(
    { manifestBytes: Buffer.from('{}'), members, signature: null },
    { compress: true },
  );
  return withDeclaredLengths(bytes, () => FOUR_GIB_LESS_ONE);
}

/** A signed package of `manifest` and `payload`, its members deflated, built without the builder's checks. */
function signedFile(manifest: Manifest, payload: Map<string, Uint8Array>): Uint8Array {
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`);
  const key = defaultSigningKey();
  const signature = { keyId: key.keyId, signature: signManifest(manifestBytes, key.privateKey) };
  return encodePackageFile({ manifestBytes, members: payload, signature }, { compress: true }).bytes;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const recordingHasher = () => {
  const calls: number[] = [];
  return {
    calls,
    sha256Many: (items: readonly Uint8Array[]) => {
      calls.push(items.length);
      return Promise.resolve(items.map(sha256));
    },
  };
};

describe('decompression only after authentication', () => {
  it('an unsigned package with manifest {} and members declaring 4 GiB each: TRUST_E_NOSIGNATURE, nothing inflated', async () => {
    const bomb = decompressionBomb();
    expect(readPackageLayout(bomb).deflated).toHaveLength(16);
    expect(caught(() => Package.fromBytes(bomb))).toMatchObject({ code: 'TRUST_E_NOSIGNATURE' });
    const hasher = recordingHasher();
    await expect(Package.fromBytesAsync(bomb, { sha256Many: hasher.sha256Many })).rejects.toMatchObject({
      code: 'TRUST_E_NOSIGNATURE',
    });
    expect(hasher.calls).toEqual([]);
    expect(inflations.count).toBe(0);
  });

  it('the same bomb read as untrusted: the manifest {} is an InputError, nothing inflated', () => {
    const error = caught(() => Package.fromBytes(decompressionBomb(), { allowUntrusted: true }));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/manifest/);
    expect(inflations.count).toBe(0);
  });

  it('a signed package whose deflated member declares more than the manifest size: refused by name, nothing inflated', async () => {
    const { manifest, payload } = await smallHotfix({ 'i386/big.dll': 'x'.repeat(5000), 'i386/b.sys': 'b' });
    const good = Package.build(manifest, payload, undefined, { compress: true }).toBytes();
    const crafted = withDeclaredLengths(good, (name) =>
      name === 'i386/big.dll' ? FOUR_GIB_LESS_ONE : undefined,
    );
    const error = caught(() => Package.fromBytes(crafted));
    expect(error).toBeInstanceOf(WinError);
    expect(error).toMatchObject({
      code: 'TRUST_E_BAD_DIGEST',
      path: 'i386/big.dll',
      message: expect.stringMatching(/declares 4294967295 bytes inflated, the manifest says 5000/) as unknown,
    });
    expect(inflations.count).toBe(0);
  });

  it('a deflated member the signed manifest does not name is refused without being inflated', async () => {
    const { manifest, payload } = await smallHotfix({ 'i386/big.dll': 'x'.repeat(5000) });
    const extra = new Map(payload).set('i386/stray.bin', new Uint8Array(1 << 16));
    const file = signedFile(manifest, extra);
    expect(readPackageLayout(file).deflated.map((m) => m.name)).toEqual(['i386/big.dll', 'i386/stray.bin']);
    expect(caught(() => Package.fromBytes(file))).toMatchObject({
      code: 'TRUST_E_BAD_DIGEST',
      message: expect.stringMatching(/'i386\/stray\.bin' is not described by the signed manifest/) as unknown,
    });
    expect(inflations.count).toBe(1);
  });

  it('maxInflatedBytes bounds what reading inflates in all (default 2 GiB)', async () => {
    expect(DEFAULT_MAX_INFLATED_BYTES).toBe(2 ** 31);
    const { manifest, payload } = await smallHotfix({
      'i386/a.dll': 'a'.repeat(5000),
      'i386/b.dll': 'b'.repeat(5000),
    });
    const packed = Package.build(manifest, payload, undefined, { compress: true }).toBytes();
    const error = caught(() => Package.fromBytes(packed, { maxInflatedBytes: 9999 }));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(
      /10000 bytes inflated, more than the 9999 .*maxInflatedBytes/,
    );
    expect(inflations.count).toBe(0);
    expect(Package.fromBytes(packed, { maxInflatedBytes: 10_000 }).member('i386/b.dll')).toHaveLength(5000);
    expect(inflations.count).toBe(2);
  });
});

describe("the manifest's xxh64 is verified", () => {
  async function wrongXxh64(): Promise<{ manifest: Manifest; payload: Map<string, Uint8Array> }> {
    const { manifest, payload } = await smallHotfix();
    manifest.files[1].xxh64 =
      manifest.files[1].xxh64 === '0123456789abcdef' ? 'fedcba9876543210' : '0123456789abcdef';
    return { manifest, payload };
  }

  it('a signed package whose manifest gives a member a wrong xxh64 (right size and SHA-256): TRUST_E_BAD_DIGEST naming it', async () => {
    const { manifest, payload } = await wrongXxh64();
    const file = signedFile(manifest, payload);
    const expected = {
      code: 'TRUST_E_BAD_DIGEST',
      path: 'i386/bar.sys',
      message: expect.stringMatching(
        /member 'i386\/bar\.sys' does not match its xxh64 in the manifest/,
      ) as unknown,
    };
    expect(caught(() => Package.fromBytes(file))).toMatchObject(expected);
    await expect(Package.fromBytesAsync(file, recordingHasher())).rejects.toMatchObject(expected);
    const expanded = new Map<string, Uint8Array>(payload);
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`);
    const key = defaultSigningKey();
    expanded.set(EXPANDED_MANIFEST, manifestBytes);
    expanded.set(
      EXPANDED_SIGNATURE,
      encodeSignatureFile({ keyId: key.keyId, signature: signManifest(manifestBytes, key.privateKey) }),
    );
    expect(caught(() => Package.fromExpanded(expanded))).toMatchObject({
      code: expected.code,
      path: expected.path,
    });
  });

  it('install given such bytes refuses them (1603) and changes nothing', async () => {
    const { manifest, payload } = await wrongXxh64();
    for (const bytes of [signedFile(manifest, payload), decompressionBomb()]) {
      const core = coreOf(serverImage());
      const before = digestImage(core);
      const result = await install(core, bytes, { noRestart: true });
      expect(result.code).toBe(1603);
      expect(result.message).toMatch(/failed verification/);
      expect(digestImage(core)).toBe(before);
    }
    expect(inflations.count).toBe(0);
  });
});
