import { createHash } from 'node:crypto';
import { mkdtemp, open, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { InputError, WinError } from '../../src/errors/index.js';
import { hashHex, xxh64 } from '../../src/image/index.js';
import { decodePackageFile, encodePackageFile, Package, PACKAGE_MAGIC } from '../../src/package/index.js';
import { builtHotfix, builtSample, caught } from './helpers.js';
import { payloadFor, sampleManifest, smallHotfix } from './samples.js';

describe('Package.build and fromBytes', () => {
  it('round-trips the sample hotfix: manifest, members, signer', () => {
    const { payload, built } = builtSample();
    const bytes = built.toBytes();
    expect(Buffer.from(bytes.subarray(0, 6)).toString('latin1')).toBe(PACKAGE_MAGIC);
    const read = Package.fromBytes(bytes, { source: 'q823980.svcpkg' });
    expect(read.manifest).toEqual(built.manifest);
    expect(read.id).toBe('Q823980');
    expect(read.members()).toEqual([...payload.keys()]);
    for (const [name, data] of payload)
      expect(Buffer.from(read.member(name)).equals(Buffer.from(data))).toBe(true);
    expect(read.signer()).toBe(built.signer());
    expect(read.trust).toBe('trusted');
    expect(read.toBytes()).toBe(bytes);
  });

  it('reads members as views into the file buffer, not copies', async () => {
    const { built } = await builtHotfix();
    const bytes = built.toBytes();
    const read = Package.fromBytes(bytes);
    for (const name of read.members()) expect(read.member(name).buffer).toBe(bytes.buffer);
  });

  it('fileBytes follows the manifest files, memberBytes the members in package order', async () => {
    const { manifest, payload, built } = await builtHotfix();
    // two files sharing one member get the same bytes
    const shared = {
      ...manifest,
      files: [...manifest.files, { ...manifest.files[0], target: 'C:\\other.dll' }],
    };
    for (const pkg of [built, Package.fromBytes(built.toBytes()), Package.build(shared, payload)]) {
      const files = pkg.fileBytes();
      expect(files).toHaveLength(pkg.manifest.files.length);
      pkg.manifest.files.forEach((file, i) => expect(files[i]).toBe(pkg.member(file.source)));
      expect(pkg.memberBytes()).toEqual(pkg.members().map((name) => pkg.member(name)));
      pkg.members().forEach((name, i) => expect(pkg.memberBytes()[i]).toBe(pkg.member(name)));
    }
    const expanded = Package.fromExpanded(built.expand());
    expanded.manifest.files.forEach((file, i) =>
      expect(expanded.fileBytes()[i]).toBe(expanded.member(file.source)),
    );
  });

  it('encodes deterministically', async () => {
    const { manifest, payload, built } = await builtHotfix();
    const a = built.toBytes();
    const b = Package.build(manifest, payload).toBytes();
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('round-trips compressed members', async () => {
    const { manifest, payload } = await smallHotfix({
      'i386/zeros.dll': new Uint8Array(100_000),
      'i386/tiny.dll': 'x',
    });
    const plain = Package.build(manifest, payload).toBytes();
    const packed = Package.build(manifest, payload, undefined, { compress: true }).toBytes();
    expect(packed.length).toBeLessThan(plain.length - 90_000);
    const read = Package.fromBytes(packed);
    expect(Buffer.from(read.member('i386/zeros.dll')).equals(Buffer.alloc(100_000))).toBe(true);
    expect(Buffer.from(read.member('i386/tiny.dll')).toString()).toBe('x');
    expect(Buffer.from(read.toBytes()).equals(Buffer.from(packed))).toBe(true);
  });

  it('build reports every manifest and payload problem at once', async () => {
    const { manifest, payload } = await smallHotfix();
    manifest.files[0].version = 'five';
    payload.set('i386/bar.sys', new Uint8Array([1, 2, 3]));
    payload.set('i386/stray.dll', new Uint8Array(1));
    const error = caught(() => Package.build(manifest, payload));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((p) => p.where)).toEqual([
      '/files/0/version',
      '/files/1/size',
      '/files/1/sha256',
      '/files/1/xxh64',
      'payload:i386/stray.dll',
    ]);
  });

  it('build refuses payload names reserved for the expanded form', async () => {
    const { manifest, payload } = await smallHotfix({ 'Update/Manifest.json': '{}' });
    manifest.files[0].target = '%SystemRoot%\\x.json';
    expect(() => Package.build(manifest, payload)).toThrow(/reserved/);
  });

  it('build refuses a signer whose key id is not its key', async () => {
    const { manifest, payload } = await smallHotfix();
    const { privateKey } = (await import('../../src/package/index.js')).defaultSigningKey();
    expect(() => Package.build(manifest, payload, { privateKey, keyId: '0123456789abcdef' })).toThrow(
      InputError,
    );
  });

  it('build and buildVerified check each xxh64 against its member', async () => {
    const { manifest, payload } = await smallHotfix();
    await expect(Package.buildVerified(manifest, payload)).resolves.toBeInstanceOf(Package);
    manifest.files[1].xxh64 = '0123456789abcdef';
    expect(caught(() => Package.build(manifest, payload))).toMatchObject({
      name: 'InputError',
      problems: [{ where: '/files/1/xxh64', message: expect.stringMatching(/i386\/bar\.sys/) as unknown }],
    });
    await expect(Package.buildVerified(manifest, payload)).rejects.toMatchObject({
      name: 'InputError',
      problems: [{ where: '/files/1/xxh64', message: expect.stringMatching(/i386\/bar\.sys/) }],
    });
  });

  it('member() throws ERROR_FILE_NOT_FOUND for a name not in the payload', async () => {
    const { manifest, payload } = await smallHotfix();
    const pkg = Package.build(manifest, payload);
    const error = caught(() => pkg.member('i386/nothere.dll'));
    expect(error).toBeInstanceOf(WinError);
    expect((error as WinError).code).toBe('ERROR_FILE_NOT_FOUND');
    expect((error as WinError).path).toBe('i386/nothere.dll');
    expect(pkg.hasMember('i386/foo.dll')).toBe(true);
  });
});

describe('damaged package files', () => {
  it('a truncation at any offset is an InputError with the byte offset', async () => {
    const { built } = await builtHotfix();
    const bytes = built.toBytes();
    for (let length = 0; length < bytes.length; length++) {
      const error = caught(() => Package.fromBytes(bytes.subarray(0, length), { source: 'cut.svcpkg' }));
      expect(error, `cut at ${length}`).toBeInstanceOf(InputError);
      const problem = (error as InputError).problems[0];
      const offset = Number(/^offset (\d+)$/.exec(problem.where)?.[1]);
      expect(offset, `cut at ${length}: ${problem.where}`).toBeLessThanOrEqual(length);
      expect(problem.message).toMatch(/expected/);
      expect((error as InputError).source).toBe('cut.svcpkg');
    }
  });

  it('truncating the sample package inside a member names the member', () => {
    const manifest = sampleManifest();
    const bytes = Package.build(manifest, payloadFor(manifest)).toBytes();
    const error = caught(() => Package.fromBytes(bytes.subarray(0, bytes.length - 500_000)));
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/member 'i386\/\w+\.dll'/);
  });

  it('trailing bytes, a bad magic and an unknown format version are InputErrors at their offset', async () => {
    const { manifest, payload } = await smallHotfix();
    const bytes = Buffer.from(Package.build(manifest, payload).toBytes());
    const longer = Buffer.concat([bytes, Buffer.from([0])]);
    expect((caught(() => Package.fromBytes(longer)) as InputError).problems[0].where).toBe(
      `offset ${bytes.length}`,
    );
    const badMagic = Buffer.from(bytes);
    badMagic[0] = 0x58;
    expect((caught(() => Package.fromBytes(badMagic)) as InputError).problems[0]).toMatchObject({
      where: 'offset 0',
      message: expect.stringMatching(/magic/),
    });
    const badVersion = Buffer.from(bytes);
    badVersion.writeUInt16LE(7, 6);
    expect((caught(() => Package.fromBytes(badVersion)) as InputError).problems[0]).toMatchObject({
      where: 'offset 6',
      message: expect.stringMatching(/format version 7/),
    });
  });

  it('a length field pointing past the end is an InputError saying what was expected', async () => {
    const { manifest, payload } = await smallHotfix();
    const bytes = Buffer.from(Package.build(manifest, payload).toBytes());
    bytes.writeUInt32LE(0xffffff, 8);
    const error = caught(() => Package.fromBytes(bytes)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.problems[0].where).toBe('offset 12');
    expect(error.problems[0].message).toMatch(/the manifest \(16777215 bytes\)/);
  });

  it('a flipped byte anywhere is refused; inside the payload it is TRUST_E_BAD_DIGEST', async () => {
    const { built } = await builtHotfix();
    const original = built.toBytes();
    const decoded = decodePackageFile(original);
    const payloadRanges = [...decoded.memberOffsets].map(([name, at]) => [
      at,
      at + decoded.members.get(name)!.length,
    ]);
    for (let at = 0; at < original.length; at++) {
      const bytes = Buffer.from(original);
      bytes[at] ^= 0x01;
      const error = caught(() => Package.fromBytes(bytes));
      expect(
        error instanceof InputError || error instanceof WinError,
        `flip at ${at}: ${String(error)}`,
      ).toBe(true);
      if (payloadRanges.some(([start, end]) => at >= start && at < end)) {
        expect((error as WinError).code, `flip at ${at}`).toBe('TRUST_E_BAD_DIGEST');
      }
    }
  });

  it('an unsafe or duplicated member name in the file is an InputError at its offset', async () => {
    const { manifest, payload } = await smallHotfix({ 'i386/aa.dll': 'a', 'i386/bb.dll': 'b' });
    const bytes = Buffer.from(Package.build(manifest, payload).toBytes());
    const second = bytes.lastIndexOf('i386/bb.dll');
    const dup = Buffer.from(bytes);
    dup.write('i386/aa.dll', second, 'latin1');
    expect((caught(() => Package.fromBytes(dup)) as InputError).problems[0]).toMatchObject({
      where: `offset ${second}`,
      message: expect.stringMatching(/twice/),
    });
    const unsafe = Buffer.from(bytes);
    unsafe.write('../b/bb.dll', second, 'latin1');
    expect((caught(() => Package.fromBytes(unsafe)) as InputError).problems[0]).toMatchObject({
      where: `offset ${second}`,
      message: expect.stringMatching(/unsafe name/),
    });
  });

  it('a member that does not match the signed manifest is refused naming the member', async () => {
    const { built } = await builtHotfix();
    const good = decodePackageFile(built.toBytes());
    const members = new Map(good.members);
    members.set('i386/bar.sys', new TextEncoder().encode('bar drivEr'));
    const { bytes } = encodePackageFile({ ...good, members });
    const error = caught(() => Package.fromBytes(bytes, { source: 'evil.svcpkg' }));
    expect(error).toBeInstanceOf(WinError);
    expect((error as WinError).code).toBe('TRUST_E_BAD_DIGEST');
    expect((error as WinError).path).toBe('i386/bar.sys');
    expect((error as Error).message).toMatch(/evil\.svcpkg/);
  });

  it('members stored in another order than the files name them are read and checked the same', async () => {
    const { built } = await builtHotfix();
    const good = decodePackageFile(built.toBytes());
    const reversed = new Map([...good.members].reverse());
    const read = Package.fromBytes(encodePackageFile({ ...good, members: reversed }).bytes);
    expect(read.members()).toEqual([...reversed.keys()]);
    read.manifest.files.forEach((file, i) => expect(read.fileBytes()[i]).toBe(read.member(file.source)));
    const [name] = [...reversed.keys()];
    const damaged = new Map(reversed).set(name, new TextEncoder().encode('changed'));
    const error = caught(() => Package.fromBytes(encodePackageFile({ ...good, members: damaged }).bytes));
    expect((error as WinError).code).toBe('TRUST_E_BAD_DIGEST');
    expect((error as WinError).path).toBe(name);
  });

  it('a member missing from the payload or not in the manifest is refused naming it', async () => {
    const { built } = await builtHotfix();
    const good = decodePackageFile(built.toBytes());
    const fewer = new Map(good.members);
    fewer.delete('i386/foo.dll');
    const missing = caught(() =>
      Package.fromBytes(encodePackageFile({ ...good, members: fewer }).bytes),
    ) as WinError;
    expect(missing.code).toBe('TRUST_E_BAD_DIGEST');
    expect(missing.path).toBe('i386/foo.dll');
    const more = new Map(good.members).set('i386/extra.dll', new Uint8Array(4));
    const extra = caught(() =>
      Package.fromBytes(encodePackageFile({ ...good, members: more }).bytes),
    ) as WinError;
    expect(extra.code).toBe('TRUST_E_BAD_DIGEST');
    expect(extra.path).toBe('i386/extra.dll');
  });
});

describe('save and load', () => {
  it('saves atomically (no temporary left behind) and loads it back verified', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'svcpkg-'));
    try {
      const manifest = sampleManifest();
      const pkg = Package.build(manifest, payloadFor(manifest));
      const file = join(dir, 'q823980.svcpkg');
      await pkg.save(file);
      expect(await readdir(dir)).toEqual(['q823980.svcpkg']);
      expect(Buffer.from(await readFile(file)).equals(Buffer.from(pkg.toBytes()))).toBe(true);
      const loaded = await Package.load(file);
      expect(loaded.inspect()).toEqual(pkg.inspect());
      // no worker reads it, so it is in ordinary memory (shared memory is reclaimed later)
      expect(loaded.member(manifest.files[0].source).buffer).toBeInstanceOf(ArrayBuffer);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('save flushes the new file before it renames it over the target (a power cut leaves the old or the new package)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'svcpack-pkg-'));
    const probe = await open(join(dir, 'probe'), 'w');
    const handles = Object.getPrototypeOf(probe) as { sync(): Promise<void> };
    await probe.close();
    const events: string[] = [];
    const sync = vi.spyOn(handles, 'sync').mockImplementation(async function (this: { fd: number }) {
      events.push(`sync ${(await readdir(dir)).filter((name) => name.endsWith('.tmp')).length} temporary`);
    });
    try {
      const manifest = sampleManifest();
      await Package.build(manifest, payloadFor(manifest)).save(join(dir, 'q823980.svcpkg'));
      events.push(`renamed: ${(await readdir(dir)).includes('q823980.svcpkg')}`);
      expect(events).toEqual(['sync 1 temporary', 'renamed: true']);
    } finally {
      sync.mockRestore();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('load names the host file in errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'svcpkg-'));
    try {
      const file = join(dir, 'junk.svcpkg');
      const { writeFile } = await import('node:fs/promises');
      await writeFile(file, 'not a package at all');
      await expect(Package.load(file)).rejects.toMatchObject({ name: 'InputError', source: file });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('inspect', () => {
  it('summarises id, kind, counts, sizes, signer and integrity', () => {
    const { manifest, payload, built: pkg } = builtSample();
    const summary = pkg.inspect();
    const total = [...payload.values()].reduce((sum, b) => sum + b.length, 0);
    expect(summary).toMatchObject({
      id: 'Q823980',
      kind: 'hotfix',
      level: 4,
      files: 5,
      members: 5,
      payloadBytes: total,
      packageBytes: pkg.toBytes().length,
      protectedFiles: 3,
      registryInstructions: manifest.registry.length,
      tasks: 1,
      signer: pkg.signer(),
      trust: 'trusted',
      formatVersion: 3,
    });
    expect(summary.integrity).toMatch(/^[0-9a-f]{16}$/);
    expect(summary.integrity).toBe(decodePackageFile(pkg.toBytes()).integrity);
  });
});

describe('format versions', () => {
  it('format 3 puts every member header before all the members, and hashes only what comes before them', () => {
    const { built } = builtSample();
    const bytes = Buffer.from(built.toBytes());
    expect(bytes.readUInt16LE(6)).toBe(3);
    const decoded = decodePackageFile(bytes);
    const offsets = [...decoded.memberOffsets.values()];
    const dataStart = offsets[0];
    // the members' bytes follow one another in table order, then the integrity field
    let next = dataStart;
    for (const [name, at] of decoded.memberOffsets) {
      expect(at, name).toBe(next);
      next += decoded.members.get(name)!.length;
    }
    const signatureTrailer = 1 + 16 + 64;
    expect(next).toBe(bytes.length - signatureTrailer - 8);
    const expected = hashHex(xxh64(bytes.subarray(0, dataStart)));
    expect(bytes.subarray(next, next + 8).toString('hex')).toBe(expected);
    expect(decoded.integrity).toBe(expected);
    // a damaged member header is damage to what the hash covers (here a letter of the first name)
    const damaged = Buffer.from(bytes);
    damaged[12 + bytes.readUInt32LE(8) + 4 + 2] ^= 1;
    expect(caught(() => Package.fromBytes(damaged))).toMatchObject({
      code: 'TRUST_E_BAD_DIGEST',
      message: expect.stringMatching(
        new RegExp(`integrity hash at offset ${next} does not match`),
      ) as unknown,
    });
  });

  it('format 3: a damaged member is refused by its SHA-256 in the manifest, naming it; a deflated one too', () => {
    const { built } = builtSample();
    for (const compress of [false, true]) {
      const decoded = decodePackageFile(built.toBytes());
      const bytes = Buffer.from(encodePackageFile(decoded, { compress }).bytes);
      const layout = decodePackageFile(bytes);
      const [name, at] = [...layout.memberOffsets][1];
      bytes[at + (layout.members.get(name)!.length >> 1)] ^= 0x40;
      const error = caught(() => Package.fromBytes(bytes));
      if (error instanceof InputError) {
        // a deflated member that no longer inflates is damage at its offset
        expect(compress).toBe(true);
        expect(error.problems[0]).toMatchObject({
          where: `offset ${at}`,
          message: expect.stringContaining(name),
        });
      } else {
        expect(error).toMatchObject({
          code: 'TRUST_E_BAD_DIGEST',
          message: expect.stringContaining(`'${name}'`),
        });
      }
    }
  });

  it('format 2 files (xxh64 of every byte before the integrity field) are still read, and refused when damaged', () => {
    const { built } = builtSample();
    const bytes = Buffer.from(
      encodePackageFile(decodePackageFile(built.toBytes()), { formatVersion: 2 }).bytes,
    );
    const signatureTrailer = 1 + 16 + 64;
    const at = bytes.length - signatureTrailer - 8;
    expect(bytes.readUInt16LE(6)).toBe(2);
    expect(bytes.length).toBe(built.toBytes().length);
    expect(bytes.subarray(at, at + 8).toString('hex')).toBe(hashHex(xxh64(bytes.subarray(0, at))));
    const read = Package.fromBytes(bytes);
    expect(read.manifest).toEqual(built.manifest);
    expect(read.inspect()).toMatchObject({
      formatVersion: 2,
      integrity: hashHex(xxh64(bytes.subarray(0, at))),
    });
    expect(Buffer.from(read.toBytes()).equals(bytes)).toBe(true);
    const damaged = Buffer.from(bytes);
    damaged[at - 1] ^= 1;
    expect(caught(() => Package.fromBytes(damaged))).toMatchObject({
      code: 'TRUST_E_BAD_DIGEST',
      message: expect.stringMatching(new RegExp(`integrity hash at offset ${at} does not match`)) as unknown,
    });
  });

  it('Package.build writes the format it is asked for, and each reads back to the same package', () => {
    const manifest = sampleManifest();
    const payload = payloadFor(manifest);
    for (const formatVersion of [1, 2, 3] as const) {
      const built = Package.build(manifest, payload, undefined, { formatVersion });
      const bytes = Buffer.from(built.toBytes());
      expect(bytes.readUInt16LE(6)).toBe(formatVersion);
      expect(built.inspect().formatVersion).toBe(formatVersion);
      const read = Package.fromBytes(bytes);
      expect(read.manifest).toEqual(built.manifest);
      expect(
        read.members().map((name) => Buffer.from(read.member(name)).equals(payload.get(name)!)),
      ).not.toContain(false);
    }
  });

  it('format 1 files (SHA-256 integrity) are still read, and refused when damaged', () => {
    const { built } = builtSample();
    const v1 = Buffer.from(encodePackageFile(decodePackageFile(built.toBytes()), { formatVersion: 1 }).bytes);
    expect(v1.readUInt16LE(6)).toBe(1);
    expect(v1.length).toBe(built.toBytes().length + 24);
    const read = Package.fromBytes(v1);
    expect(read.manifest).toEqual(built.manifest);
    expect(read.inspect()).toMatchObject({ formatVersion: 1, packageBytes: v1.length });
    const at = v1.length - (1 + 16 + 64) - 32;
    expect(read.inspect().integrity).toBe(createHash('sha256').update(v1.subarray(0, at)).digest('hex'));
    expect(Buffer.from(read.toBytes()).equals(v1)).toBe(true);
    const damaged = Buffer.from(v1);
    damaged[at + 3] ^= 1;
    expect(caught(() => Package.fromBytes(damaged))).toMatchObject({
      code: 'TRUST_E_BAD_DIGEST',
      message: expect.stringMatching(/integrity hash at offset \d+ does not match/) as unknown,
    });
  });
});
