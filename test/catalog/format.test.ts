import { describe, expect, it } from 'vitest';
import { InputError, WinError } from '../../src/errors/index.js';
import {
  CATALOG_MAGIC,
  decodeCatalog,
  encodeCatalog,
  generateSigningKey,
  initHashing,
  sha256Hex,
  trustedKeys,
  xxh64Hex,
  type Catalog,
} from '../../src/catalog/index.js';
import { encodeCatalogColumns } from '../../src/catalog/format-encode.js';
import { seededBytes } from './helpers.js';

const key = generateSigningKey(seededBytes(32, 11));
const trusted = trustedKeys(key.publicKey);

async function sampleCatalog(): Promise<Omit<Catalog, 'signer'>> {
  await initHashing();
  const files: [string, number][] = [
    ['system32\\ntoskrnl.exe', 3000],
    ['system32\\drivers\\ndis.sys', 0],
    ['Fonts\\ärial.ttf', 77],
  ];
  return {
    name: 'sp4.cat',
    packageId: 'W2K-SP4',
    created: '2003-06-26T00:00:00.000Z',
    entries: files.map(([member, size], i) => {
      const data = seededBytes(size, i + 1);
      return { member, size, xxh64: xxh64Hex(data), sha256: sha256Hex(data) };
    }),
  };
}

function refusal(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the catalog to be refused');
}

describe('catalog format', () => {
  it('round-trips every field and names the signer', async () => {
    const catalog = await sampleCatalog();
    const bytes = encodeCatalog(catalog, key.privateKey);
    expect(new TextDecoder().decode(bytes.subarray(0, 6))).toBe(CATALOG_MAGIC);
    expect(decodeCatalog(bytes, trusted)).toEqual({ ...catalog, signer: key.keyId });
  });

  it('round-trips sizes beyond 32 bits (a u64 written in two halves)', async () => {
    const catalog = await sampleCatalog();
    const sizes = [2 ** 32, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER, 2 ** 32 - 1];
    const big = {
      ...catalog,
      entries: sizes.map((size, i) => ({ ...catalog.entries[0], member: `big${i}`, size })),
    };
    const bytes = Buffer.from(encodeCatalog(big, key.privateKey));
    expect(decodeCatalog(bytes, trusted).entries.map((entry) => entry.size)).toEqual(sizes);
    const at = bytes.indexOf('big0') + 4;
    expect(bytes.readBigUInt64LE(at)).toBe(2n ** 32n);
  });

  it('round-trips a catalog with no entries', () => {
    const catalog = { name: 'empty.cat', packageId: 'KB1', created: '2001-01-01T00:00:00Z', entries: [] };
    expect(decodeCatalog(encodeCatalog(catalog, key.privateKey), trusted)).toEqual({
      ...catalog,
      signer: key.keyId,
    });
  });

  it('refuses a catalog with any single byte changed', async () => {
    const bytes = encodeCatalog(await sampleCatalog(), key.privateKey);
    for (let i = 0; i < bytes.length; i++) {
      const tampered = bytes.slice();
      tampered[i] ^= 0x01 << (i % 8);
      const error = refusal(() => decodeCatalog(tampered, trusted, 'sp4.cat'));
      expect(error instanceof InputError || error instanceof WinError, `byte ${i}`).toBe(true);
    }
  });

  it('refuses a changed hash with TRUST_E_BAD_DIGEST', async () => {
    const catalog = await sampleCatalog();
    const bytes = encodeCatalog(catalog, key.privateKey);
    const sha = Buffer.from(catalog.entries[0].sha256, 'hex');
    const at = Buffer.from(bytes).indexOf(sha);
    expect(at).toBeGreaterThan(0);
    bytes[at + 5] ^= 0xff;
    const error = refusal(() => decodeCatalog(bytes, trusted, 'sp4.cat'));
    expect(error).toBeInstanceOf(WinError);
    expect((error as WinError).code).toBe('TRUST_E_BAD_DIGEST');
    expect((error as WinError).path).toBe('sp4.cat');
  });

  it('refuses a changed signature with TRUST_E_BAD_DIGEST', async () => {
    const bytes = encodeCatalog(await sampleCatalog(), key.privateKey);
    bytes[bytes.length - 1] ^= 0x80;
    expect(() => decodeCatalog(bytes, trusted)).toThrow(
      expect.objectContaining({ code: 'TRUST_E_BAD_DIGEST' }),
    );
  });

  it('refuses a catalog truncated at every length with an InputError giving the byte offset', async () => {
    const bytes = encodeCatalog(await sampleCatalog(), key.privateKey);
    for (let length = 0; length < bytes.length; length++) {
      const error = refusal(() => decodeCatalog(bytes.subarray(0, length), trusted, 'sp4.cat'));
      expect(error, `length ${length}`).toBeInstanceOf(InputError);
      const [problem] = (error as InputError).problems;
      const offset = Number(/^byte (\d+)$/.exec(problem.where)?.[1]);
      expect(offset, `length ${length}: ${problem.where}`).toBeLessThanOrEqual(length);
      expect((error as InputError).message).toMatch(/^sp4\.cat: byte \d+: /);
    }
  });

  it('refuses trailing bytes after the signature, at their offset', async () => {
    const bytes = encodeCatalog(await sampleCatalog(), key.privateKey);
    const longer = new Uint8Array(bytes.length + 3);
    longer.set(bytes);
    expect(() => decodeCatalog(longer, trusted)).toThrow(`byte ${bytes.length}: 3 unexpected bytes`);
  });

  it('refuses a wrong magic and an unknown version as malformed input', async () => {
    const bytes = encodeCatalog(await sampleCatalog(), key.privateKey);
    const badMagic = bytes.slice();
    badMagic[0] = 0x58;
    expect(() => decodeCatalog(badMagic, trusted)).toThrow(/byte 0: not a catalog/);
    const badVersion = bytes.slice();
    badVersion[6] = 9;
    expect(() => decodeCatalog(badVersion, trusted)).toThrow(/byte 6: unsupported catalog version 9/);
  });

  it('refuses an entry count larger than the data with an offset, without allocating for it', async () => {
    const catalog = { name: 'a.cat', packageId: 'P', created: 'c', entries: [] };
    const bytes = encodeCatalog(catalog, key.privateKey);
    const countAt = bytes.length - 64 - 4;
    new DataView(bytes.buffer, bytes.byteOffset).setUint32(countAt, 0xffffffff, true);
    expect(() => decodeCatalog(bytes, trusted)).toThrow(`byte ${countAt}: truncated: 4294967295 entries`);
  });

  it('refuses a catalog signed by an unknown key with TRUST_E_NOSIGNATURE', async () => {
    const stranger = generateSigningKey();
    const bytes = encodeCatalog(await sampleCatalog(), stranger.privateKey);
    const error = refusal(() => decodeCatalog(bytes, trusted, 'sp4.cat'));
    expect(error).toBeInstanceOf(WinError);
    expect((error as WinError).code).toBe('TRUST_E_NOSIGNATURE');
    expect((error as WinError).message).toContain(stranger.keyId);
    expect(decodeCatalog(bytes, trustedKeys(key.publicKey, stranger.publicKey)).signer).toBe(stranger.keyId);
  });

  it('refuses a catalog whose trusted key id maps to a different public key', async () => {
    const other = generateSigningKey(seededBytes(32, 12));
    const bytes = encodeCatalog(await sampleCatalog(), key.privateKey);
    const forged = new Map([[key.keyId, other.publicKey]]);
    expect(() => decodeCatalog(bytes, forged)).toThrow(
      expect.objectContaining({ code: 'TRUST_E_BAD_DIGEST' }),
    );
  });

  it('encodeCatalog reports every bad field with where it is', () => {
    const error = refusal(() =>
      encodeCatalog(
        {
          name: '',
          packageId: 'P',
          created: 'now',
          entries: [
            { member: 'ok.dll', size: 1, xxh64: '0'.repeat(16), sha256: '0'.repeat(64) },
            { member: '', size: -1, xxh64: 'XYZ', sha256: 'A'.repeat(64) },
          ],
        },
        key.privateKey,
      ),
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((p) => p.where).sort()).toEqual(
      ['/entries/1/member', '/entries/1/sha256', '/entries/1/size', '/entries/1/xxh64', '/name'].sort(),
    );
  });
  it('encodeCatalog accepts only lower-case hex of the exact length, and stores it as bytes', async () => {
    const sha256 = 'f0e1d2c3b4a5968778695a4b3c2d1e0f'.repeat(2);
    const good = { member: 'a.dll', size: 3, xxh64: '0123456789abcdef', sha256 };
    const decoded = decodeCatalog(
      encodeCatalog({ name: 'x.cat', packageId: 'P', created: 'now', entries: [good] }, key.privateKey),
      trusted,
    );
    expect(decoded.entries).toEqual([good]);
    const bad = [
      ['xxh64', '0123456789ABCDEF'],
      ['xxh64', '0123456789abcde'],
      ['xxh64', '0123456789abcdef0'],
      ['xxh64', '0123456789abcdeg'],
      ['xxh64', '0123456789abcd\u00e9f'],
      ['sha256', `${sha256.slice(0, 63)}\u0100`],
      ['sha256', `${sha256.slice(0, 62)} f`],
    ] as const;
    for (const [field, value] of bad) {
      const error = refusal(() =>
        encodeCatalog(
          { name: 'x.cat', packageId: 'P', created: 'now', entries: [{ ...good, [field]: value }] },
          key.privateKey,
        ),
      );
      expect((error as InputError).problems.map((p) => p.where)).toEqual([`/entries/0/${field}`]);
    }
  });
  it('encodeCatalogColumns takes an xxh64 as the hash itself: the same bytes as its hex, and a problem outside 64 bits', async () => {
    const header = { name: 'x.cat', packageId: 'P', created: 'now' };
    const sha256 = 'ab'.repeat(32);
    const hashes = [0n, 0x0123456789abcdefn, (1n << 64n) - 1n];
    const asHex = hashes.map((hash) => hash.toString(16).padStart(16, '0'));
    const columns = {
      members: ['a.dll', 'b.dll', 'c.dll'],
      sizes: [1, 2, 3],
      sha256s: [sha256, sha256, sha256],
    };
    const fromBigints = encodeCatalogColumns(header, { ...columns, xxh64s: hashes }, key.privateKey);
    const fromHex = encodeCatalog(
      {
        ...header,
        entries: columns.members.map((member, i) => ({ member, size: i + 1, xxh64: asHex[i], sha256 })),
      },
      key.privateKey,
    );
    expect(Buffer.from(fromBigints).equals(Buffer.from(fromHex))).toBe(true);
    expect(decodeCatalog(fromBigints, trusted).entries.map((entry) => entry.xxh64)).toEqual(asHex);
    for (const bad of [-1n, 1n << 64n]) {
      const error = refusal(() =>
        encodeCatalogColumns(header, { ...columns, xxh64s: [0n, bad, 0n] }, key.privateKey),
      );
      expect((error as InputError).problems.map((p) => p.where)).toEqual(['/entries/1/xxh64']);
    }
  });
});
