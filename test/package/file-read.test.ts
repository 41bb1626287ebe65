import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256Hex, xxh64Hex } from '../../src/catalog/index.js';
import { dataStart, MAX_TAIL, startReading, type FileReading } from '../../src/package/file-read.js';
import { readPackageFileHashedBy } from '../../src/package/package-read.js';
import {
  decodePackageFile,
  encodePackageFile,
  Package,
  type PackageReadOptions,
} from '../../src/package/index.js';
import { builtHotfix } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'svcpack-file-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const memberHashes: NonNullable<PackageReadOptions['memberHashes']> = (items) =>
  Promise.resolve({ sha256: items.map(sha256Hex), xxh64: items.map(xxh64Hex) });

/** What reading gives, as something comparable: the error's class, code and message, or the package's id. */
async function outcome(read: () => Promise<{ id: string }> | { id: string }): Promise<string> {
  try {
    return `ok ${(await read()).id}`;
  } catch (error) {
    const { code } = error as { code?: string };
    return `${(error as Error).constructor.name} ${code ?? ''}: ${(error as Error).message}`;
  }
}

let written = 0;
/** `bytes` in a file of their own; its name. */
function fileOf(bytes: Uint8Array): string {
  const file = join(dir, `p${written++}.svcpkg`);
  writeFileSync(file, bytes);
  return file;
}

/**
 * Package.load through `memberHashes` against fromBytes of the same bytes; and the file read in
 * reads of a few bytes each, so that the checks run while most of it is still being read.
 */
async function expectLoadAsFromBytes(bytes: Uint8Array, why: string): Promise<string> {
  const file = fileOf(bytes);
  const options = { memberHashes, source: file };
  const sync = await outcome(() => Package.fromBytes(bytes, options));
  expect(await outcome(() => Package.load(file, { memberHashes })), why).toBe(sync);
  const inPieces = async () =>
    (await readPackageFileHashedBy(undefined, await startReading(file, smallReads(bytes.length)), options))
      .manifest;
  expect(await outcome(inPieces), `${why}, in small reads`).toBe(sync);
  return sync;
}

/** Reads of a few bytes: the first one, and each of the members' bytes (about eight of them). */
const smallReads = (length: number) => ({ firstRead: 16, piece: Math.max(3, length >> 3) });

/**
 * A reading of `bytes` as `startReading` makes it, caught before any of the members' bytes has
 * landed (they hold 0xEE until `rest`, which lands them once this thread's work so far is done).
 */
function readingCaughtEarly(bytes: Uint8Array): FileReading {
  const found = dataStart(Buffer.from(bytes), bytes.length, bytes.length);
  const prefixEnd = typeof found === 'number' ? found : 0;
  const tailStart = prefixEnd === 0 ? bytes.length : Math.max(prefixEnd, bytes.length - MAX_TAIL);
  const early = Buffer.from(new SharedArrayBuffer(bytes.length));
  early.set(bytes);
  early.fill(0xee, prefixEnd, tailStart);
  const rest = new Promise<void>((resolve) =>
    setTimeout(() => {
      early.set(bytes);
      resolve();
    }, 0),
  );
  return { bytes: early, prefixEnd, tailStart, rest };
}

describe('readPackageFileHashedBy, the checks made before the members have landed', () => {
  it('refuses a flipped byte anywhere in the file exactly as fromBytes does', async () => {
    const { built } = await builtHotfix();
    const good = built.toBytes();
    const options = { memberHashes, source: 'q.svcpkg' };
    const early = (bytes: Uint8Array) => async () =>
      (await readPackageFileHashedBy(undefined, readingCaughtEarly(bytes), options)).manifest;
    expect(await outcome(early(good))).toBe('ok Q123456');
    for (let offset = 0; offset < good.length; offset++) {
      for (const flip of [0x01, 0x80]) {
        const bad = Uint8Array.from(good);
        bad[offset] ^= flip;
        const sync = await outcome(() => Package.fromBytes(bad, options));
        expect(await outcome(early(bad)), `byte ${offset} ^ ${flip}`).toBe(sync);
      }
    }
  });

  it("reports an error reading the file before the checks' own, as when the file was read whole first", async () => {
    const { built } = await builtHotfix();
    const bad = Uint8Array.from(built.toBytes());
    bad[bad.length - 1] ^= 1; // the signature: refused by the checks made before the members land
    const reading = readingCaughtEarly(bad);
    const failed = { ...reading, rest: reading.rest.then(() => Promise.reject(new Error('EIO reading'))) };
    await expect(readPackageFileHashedBy(undefined, failed, { memberHashes })).rejects.toThrow('EIO reading');
    const fine = readingCaughtEarly(bad);
    await expect(readPackageFileHashedBy(undefined, fine, { memberHashes })).rejects.toMatchObject({
      code: 'TRUST_E_BAD_DIGEST',
    });
  });
});

describe('Package.load with hashers: the checks run while the members are read', () => {
  it('refuses a flipped byte anywhere in the file exactly as fromBytes does', async () => {
    const { built } = await builtHotfix();
    const good = built.toBytes();
    expect(await expectLoadAsFromBytes(good, 'intact')).toBe('ok Q123456');
    for (let offset = 0; offset < good.length; offset++) {
      const bad = Uint8Array.from(good);
      bad[offset] ^= 0x04;
      expect(await expectLoadAsFromBytes(bad, `byte ${offset}`), `byte ${offset}`).not.toMatch(/^ok/);
    }
  });

  it('refuses a cut-off or lengthened file exactly as fromBytes does', async () => {
    const { built } = await builtHotfix();
    const good = built.toBytes();
    for (let length = 0; length < good.length; length += 3)
      expect(await expectLoadAsFromBytes(good.subarray(0, length), `${length} bytes`)).not.toMatch(/^ok/);
    const longer = new Uint8Array(good.length + 5);
    longer.set(good);
    expect(await expectLoadAsFromBytes(longer, 'five more bytes')).not.toMatch(/^ok/);
  });

  it.each([1, 2, 3] as const)(
    'reads format %i, stored or deflated, as fromBytes does',
    async (formatVersion) => {
      const { manifest, payload } = await builtHotfix({
        'i386/big.dll': 'x'.repeat(5000),
        'i386/b.sys': 'b',
      });
      for (const compress of [false, true]) {
        const built = Package.build(manifest, payload, undefined, { compress, formatVersion });
        const file = fileOf(built.toBytes());
        const read = await Package.load(file, { memberHashes });
        expect(read.inspect()).toEqual(Package.fromBytes(built.toBytes(), { source: file }).inspect());
        expect(Buffer.from(read.member('i386/big.dll')).toString()).toBe('x'.repeat(5000));
      }
    },
  );

  it('reads a file whose bytes before the members run past the first read, and members read in pieces', async () => {
    // a 9 MiB title puts the member table past the first 8 MiB read; a 20 MiB member takes three pieces
    const big = new Uint8Array(20 * 1024 * 1024).map((_, i) => (i * 7) & 0xff);
    const { manifest, payload } = await builtHotfix({ 'i386/big.dll': big, 'i386/b.sys': 'b' });
    const built = Package.build({ ...manifest, title: 't'.repeat(9 * 1024 * 1024) }, payload);
    const bytes = built.toBytes();
    const file = fileOf(bytes);
    const reading = await startReading(file);
    await reading.rest;
    expect(Buffer.compare(reading.bytes, bytes)).toBe(0);
    const structure = decodePackageFile(bytes);
    expect(reading.prefixEnd).toBe(bytes.length - structure.storedBytes - 8 - 1 - 16 - 64);
    expect(reading.tailStart).toBe(bytes.length - 8 - 1 - 16 - 64);
    const read = await Package.load(file, { memberHashes });
    expect(sha256Hex(read.member('i386/big.dll'))).toBe(sha256Hex(big));
    const damaged = Uint8Array.from(bytes);
    damaged[reading.prefixEnd + 12 * 1024 * 1024] ^= 1;
    expect(await expectLoadAsFromBytes(damaged, 'a member byte')).toMatch(
      /TRUST_E_BAD_DIGEST.*i386\/big\.dll/,
    );
  });

  it('reads an older format from its whole bytes, none known before', async () => {
    const { built } = await builtHotfix();
    const old = encodePackageFile(decodePackageFile(built.toBytes()), { formatVersion: 2 }).bytes;
    const reading = await startReading(fileOf(old));
    await reading.rest;
    expect(reading.prefixEnd).toBe(0);
    expect(Buffer.compare(reading.bytes, old)).toBe(0);
  });
});
