import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import { decodePackageFile, encodePackageFile, Package } from '../../src/package/index.js';
import { MemberOffsets } from '../../src/package/lazy-offsets.js';
import { FILE_FIELDS } from '../../src/package/manifest-file.js';
import { builtSample, caught } from './helpers.js';
import { payloadFor, sampleManifest } from './samples.js';

/** An unsigned package file holding `manifestBytes` and the sample's payload. */
function unsignedWith(manifestBytes: Uint8Array): Uint8Array {
  return encodePackageFile({ manifestBytes, members: payloadFor(sampleManifest()), signature: null }).bytes;
}

describe('the manifest text (ASCII read byte for byte, anything else decoded as strict UTF-8)', () => {
  it('reads an ASCII manifest as its UTF-8 decoding', () => {
    const { built } = builtSample();
    expect(Package.fromBytes(built.toBytes()).manifest).toEqual(built.manifest);
  });

  it('reads file entries whose keys come in another order with their fields in field order, as before', () => {
    const manifest = sampleManifest();
    const reordered = {
      ...manifest,
      files: manifest.files.map((file) => Object.fromEntries(Object.entries(file).reverse())),
    };
    const bytes = unsignedWith(Buffer.from(JSON.stringify(reordered), 'utf8'));
    const read = Package.fromBytes(bytes, { allowUntrusted: true }).manifest;
    expect(read).toEqual(manifest);
    for (let i = 0; i < manifest.files.length; i++)
      expect(Object.keys(read.files[i])).toEqual(FILE_FIELDS.filter((field) => field in manifest.files[i]));
  });

  it('reads a manifest that is not ASCII as UTF-8', () => {
    const manifest = { ...sampleManifest(), title: 'Sicherheitsupdate für Windows 2000 – Ελληνικά 日本語' };
    const built = Package.build(manifest, payloadFor(manifest));
    expect(Package.fromBytes(built.toBytes()).manifest.title).toBe(manifest.title);
  });

  it('skips a UTF-8 byte-order mark before the manifest, as the strict decoder does', () => {
    const json = Buffer.from(JSON.stringify(sampleManifest()), 'utf8');
    const bytes = unsignedWith(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json]));
    expect(Package.fromBytes(bytes, { allowUntrusted: true }).manifest).toEqual(sampleManifest());
  });

  it('refuses a manifest that is not valid UTF-8, naming the package', () => {
    const json = Buffer.from(JSON.stringify(sampleManifest()), 'latin1');
    const damaged = Buffer.from(json);
    damaged[json.indexOf('"title"') + 10] = 0xff;
    const error = caught(() =>
      Package.fromBytes(unsignedWith(damaged), { allowUntrusted: true, source: 'q.svcpkg' }),
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/q\.svcpkg.*the manifest is not valid UTF-8 JSON/);
  });
});

describe('MemberOffsets (built on first use)', () => {
  it('gives each member the offset of its bytes in the file, as a Map does', () => {
    const { built } = builtSample();
    const bytes = built.toBytes();
    const decoded = decodePackageFile(bytes);
    expect(decoded.memberOffsets).toBeInstanceOf(Map);
    expect(decoded.memberOffsets.size).toBe(decoded.members.size);
    for (const [name, at] of decoded.memberOffsets) {
      const member = decoded.members.get(name)!;
      expect(Buffer.from(bytes.subarray(at, at + member.length)).equals(Buffer.from(member))).toBe(true);
    }
  });

  it('answers every Map method from the offsets added, in order', () => {
    const offsets = new MemberOffsets();
    offsets.add('a.dll', 10);
    offsets.add('b.dll', 20);
    expect(offsets.get('b.dll')).toBe(20);
    expect(offsets.has('a.dll')).toBe(true);
    expect([...offsets.keys()]).toEqual(['a.dll', 'b.dll']);
    expect([...offsets.values()]).toEqual([10, 20]);
    expect(new Map(offsets)).toEqual(
      new Map([
        ['a.dll', 10],
        ['b.dll', 20],
      ]),
    );
    offsets.set('c.dll', 30);
    offsets.delete('a.dll');
    expect([...offsets]).toEqual([
      ['b.dll', 20],
      ['c.dll', 30],
    ]);
  });
});
