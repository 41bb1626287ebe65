import { inflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import { FieldReader } from '../../src/package/field-reader.js';
import { isReservedDeviceName } from '../../src/path/index.js';
import { encodePackageFile } from '../../src/package/format-encode.js';
import { readMemberTable, type MemberLayout } from '../../src/package/member-table.js';

/** The member count's offset in a package file: magic, version, manifest length, manifest. */
const MANIFEST = Buffer.from('{}');
const TABLE = 6 + 2 + 4 + MANIFEST.length;

/** Formats 1 and 2 keep each member's bytes after its header; format 3 keeps them all after the table. */
const LAYOUTS: readonly MemberLayout[] = ['inline', 'afterTable'];

function packageFile(
  members: ReadonlyArray<[string, Uint8Array]>,
  compress: boolean,
  layout: MemberLayout = 'inline',
): Buffer {
  const { bytes } = encodePackageFile(
    { manifestBytes: MANIFEST, members: new Map(members), signature: null },
    { compress, formatVersion: layout === 'inline' ? 2 : 3 },
  );
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function table(bytes: Buffer, layout: MemberLayout = 'inline') {
  const reader = new FieldReader(bytes, 'test');
  reader.offset = TABLE;
  return readMemberTable(reader, reader.u32('the member count'), layout);
}

/** The message the table fails with (or the table's member names when it reads). */
function failure(bytes: Buffer, layout: MemberLayout = 'inline'): string {
  try {
    return `read: ${[...table(bytes, layout).members.keys()].join(',')}`;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
}

const memberName = fc.oneof(
  fc.constantFrom('i386/a.dll', 'i386/b.dll', 'update/update.exe', 'ß.dll', 'café/x.inf'),
  fc
    .stringMatching(/^[a-z]{1,8}(\/[a-z]{1,8}){0,2}\.(dll|exe)$/)
    // a reserved device name (`prn.dll`) is an unsafe member name, refused by design
    .filter((name) => name.split('/').every((segment) => !isReservedDeviceName(segment))),
);
const members = fc.uniqueArray(
  fc.tuple(memberName, fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.constant(new Uint8Array(200).fill(7)))),
  { maxLength: 6, selector: ([name]) => name },
);

describe('the member table', () => {
  it.each(LAYOUTS)(
    'reads back what was written: names, bytes, offsets, deflated members, sizes (%s)',
    (layout) => {
      fc.assert(
        fc.property(members, fc.boolean(), (list, compress) => {
          const bytes = packageFile(list, compress, layout);
          const read = table(bytes, layout);
          expect([...read.members.keys()]).toEqual(list.map(([name]) => name));
          const deflated = new Set(read.deflated.map((member) => member.name));
          let stored = 0;
          for (const [name, data] of list) {
            const member = read.members.get(name)!;
            stored += member.length;
            expect(
              bytes.subarray(read.memberOffsets.get(name)!, read.memberOffsets.get(name)! + member.length),
            ).toEqual(Buffer.from(member));
            expect(Buffer.from(deflated.has(name) ? inflateRawSync(member) : member)).toEqual(
              Buffer.from(data),
            );
          }
          expect(read.storedBytes).toBe(stored);
          expect(read.dataStart === undefined).toBe(layout === 'inline');
        }),
        { numRuns: 300 },
      );
    },
  );

  it.each(LAYOUTS)(
    'on damaged files: a table or an InputError at an offset, never anything else (%s)',
    (layout) => {
      fc.assert(
        fc.property(
          members,
          fc.boolean(),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }),
          fc.nat(),
          (list, compress, flips, cut) => {
            const sound = packageFile(list, compress, layout);
            const damaged = Buffer.from(sound.subarray(0, TABLE + 4 + (cut % (sound.length - TABLE - 3))));
            for (const [at, value] of flips) {
              const offset = TABLE + 4 + (at % Math.max(1, damaged.length - TABLE - 4));
              if (offset < damaged.length) damaged[offset] = value;
            }
            expect(failure(damaged, layout)).toMatch(/^(read: |test: offset \d+: )/);
          },
        ),
        { numRuns: 600 },
      );
    },
  );

  it('names the damage and its offset: empty, unsafe, badly encoded or repeated names, unknown flags, a short file', () => {
    // format 2's layout: each member's bytes after its header
    const sound = packageFile([['i386/a.dll', new Uint8Array([1, 2, 3])]], false);
    const nameAt = TABLE + 4 + 2;
    const damaged = (change: (bytes: Buffer) => void): string => {
      const bytes = Buffer.from(sound);
      change(bytes);
      return failure(bytes);
    };
    expect(damaged((bytes) => bytes.writeUInt16LE(0, TABLE + 4))).toBe(
      `test: offset ${TABLE + 4}: member 0 has an empty name`,
    );
    // 'i386/C.dll' stays safe: not a device
    expect(damaged((bytes) => bytes.write('C', nameAt + 5, 'latin1'))).toBe('read: i386/C.dll');
    expect(damaged((bytes) => bytes.write('/', nameAt, 'latin1'))).toBe(
      `test: offset ${nameAt}: member 0 '/386/a.dll' has an unsafe name: it is absolute: payload names are relative`,
    );
    expect(damaged((bytes) => (bytes[nameAt] = 0xe9))).toBe(
      `test: offset ${nameAt}: the name of member 0 is not valid UTF-8`,
    );
    expect(damaged((bytes) => (bytes[nameAt + 10] = 0x02))).toBe(
      `test: offset ${nameAt + 10}: member 'i386/a.dll' has unknown flags 0x2`,
    );
    expect(damaged((bytes) => bytes.writeUInt32LE(1000, nameAt + 11))).toBe(
      `test: offset ${nameAt + 15}: expected the 1000 bytes of member 'i386/a.dll' (1000 bytes) but the file ends after 12 more bytes`,
    );
    expect(failure(sound.subarray(0, nameAt + 12))).toBe(
      `test: offset ${nameAt + 11}: expected the stored length of member 'i386/a.dll' (4 bytes) but the file ends after 1 more bytes`,
    );
    const twice = packageFile(
      [
        ['a.dll', new Uint8Array([1])],
        ['b.dll', new Uint8Array([2])],
      ],
      false,
    );
    // the second name, after the first member's 2 + 5 + 1 + 4 + 1 bytes
    twice.write('a', TABLE + 4 + 13 + 2, 'latin1');
    expect(failure(twice)).toBe(`test: offset ${TABLE + 4 + 15}: member 1 'a.dll' appears twice`);
  });

  it('format 3: the bytes after the table, a repeated name, or members longer than the bytes after it', () => {
    const entries: Array<[string, Uint8Array]> = [
      ['a.dll', new Uint8Array([1])],
      ['b.dll', new Uint8Array([2, 3])],
    ];
    const sound = packageFile(entries, false, 'afterTable');
    const read = table(sound, 'afterTable');
    // two headers of 2 + 5 + 1 + 4 bytes, then the members' bytes, one after the other
    expect(read.dataStart).toBe(TABLE + 4 + 24);
    expect([...read.memberOffsets]).toEqual([
      ['a.dll', TABLE + 28],
      ['b.dll', TABLE + 29],
    ]);
    const twice = Buffer.from(sound);
    twice.write('a', TABLE + 4 + 12 + 2, 'latin1');
    expect(failure(twice, 'afterTable')).toMatch(/'a.dll' appears twice/);
    const longer = Buffer.from(sound);
    longer.writeUInt32LE(1000, TABLE + 4 + 12 + 8);
    expect(failure(longer, 'afterTable')).toMatch(/the 1000 bytes of member 'b.dll'/);
  });
});
