import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FieldReader,
  encodePackageFile,
  readMemberTable,
  readMemberTableQuickly,
  type MemberLayout,
} from '../../src/package/format.js';

/** The member count's offset in a package file: magic, version, manifest length, manifest. */
const MANIFEST = Buffer.from('{}');
const TABLE = 6 + 2 + 4 + MANIFEST.length;

/** Formats 1 and 2 keep each member's bytes after its header; format 3 keeps them all after the table. */
const LAYOUTS: ReadonlyArray<[MemberLayout, 2 | 3]> = [
  ['inline', 2],
  ['afterTable', 3],
];

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

/** The careful reader's table, or the message it fails with. */
function carefully(bytes: Buffer, layout: MemberLayout = 'inline'): unknown {
  const reader = new FieldReader(bytes, 'test');
  reader.offset = TABLE;
  try {
    return readMemberTable(reader, reader.u32('the member count'), layout);
  } catch (error) {
    return (error as Error).message;
  }
}

function quickly(bytes: Buffer, layout: MemberLayout = 'inline'): unknown {
  return readMemberTableQuickly(bytes, TABLE + 4, bytes.readUInt32LE(TABLE), layout);
}

const memberName = fc.oneof(
  fc.constantFrom(
    'i386/a.dll',
    'i386/b.dll',
    'update/update.exe',
    'ß.dll',
    'café/x.inf',
    'CON',
    'a/../b',
    '',
  ),
  fc.stringMatching(/^[a-z]{1,8}(\/[a-z]{1,8}){0,2}\.(dll|exe)$/),
);
const members = fc.array(
  fc.tuple(memberName, fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.constant(new Uint8Array(200).fill(7)))),
  { maxLength: 6 },
);

describe('the member table read quickly agrees with the careful reader', () => {
  it.each(LAYOUTS)('on sound files: the same members, offsets, deflated list and sizes (%s)', (layout) => {
    fc.assert(
      fc.property(members, fc.boolean(), (list, compress) => {
        const unique = [...new Map(list.filter(([name]) => name !== '' && !name.includes('..')))];
        let bytes: Buffer;
        try {
          bytes = packageFile(unique, compress, layout);
        } catch {
          return; // a name the writer refuses
        }
        const careful = carefully(bytes, layout);
        const quick = quickly(bytes, layout);
        if (quick !== undefined) expect(quick).toEqual(careful);
        else expect(typeof careful === 'string' || unique.some(([name]) => /[^ -~]/.test(name))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it.each(LAYOUTS)(
    'on damaged files: a table only when the careful reader reads the same one, never a different one (%s)',
    (layout) => {
      fc.assert(
        fc.property(
          members,
          fc.boolean(),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }),
          fc.nat(),
          (list, compress, flips, cut) => {
            const unique = [...new Map(list.filter(([name]) => /^[a-z]+(\/[a-z]+)*\.(dll|exe)$/.test(name)))];
            const sound = packageFile(unique, compress, layout);
            const damaged = Buffer.from(sound.subarray(0, TABLE + 4 + (cut % (sound.length - TABLE - 3))));
            for (const [at, value] of flips) {
              const offset = TABLE + 4 + (at % Math.max(1, damaged.length - TABLE - 4));
              if (offset < damaged.length) damaged[offset] = value;
            }
            const quick = quickly(damaged, layout);
            if (quick !== undefined) expect(quick).toEqual(carefully(damaged, layout));
          },
        ),
        { numRuns: 600 },
      );
    },
  );

  it('hands an empty, unsafe, repeated or non-ASCII name, unknown flags or a short file to the careful reader', () => {
    // format 2's layout: each member's bytes after its header
    const sound = packageFile([['i386/a.dll', new Uint8Array([1, 2, 3])]], false);
    expect(quickly(sound)).toEqual(carefully(sound));
    const nameAt = TABLE + 4 + 2;
    const variants: Array<(bytes: Buffer) => void> = [
      (bytes) => bytes.writeUInt16LE(0, TABLE + 4),
      (bytes) => bytes.write('C', nameAt + 5, 'latin1'), // 'i386/C.dll' stays safe: not a device
      (bytes) => bytes.write('/', nameAt, 'latin1'),
      (bytes) => (bytes[nameAt] = 0xe9),
      (bytes) => (bytes[nameAt + 10] = 0x02),
      (bytes) => bytes.writeUInt32LE(1000, nameAt + 11),
    ];
    variants.forEach((change, i) => {
      const bytes = Buffer.from(sound);
      change(bytes);
      if (i === 1) {
        expect(quickly(bytes)).toEqual(carefully(bytes));
      } else {
        expect(quickly(bytes)).toBeUndefined();
        expect(carefully(bytes)).toEqual(expect.stringMatching(/^test: offset \d+: /));
      }
    });
    const twice = packageFile(
      [
        ['a.dll', new Uint8Array([1])],
        ['b.dll', new Uint8Array([2])],
      ],
      false,
    );
    // the second name, after the first member's 2 + 5 + 1 + 4 + 1 bytes
    twice.write('a', TABLE + 4 + 13 + 2, 'latin1');
    expect(quickly(twice)).toBeUndefined();
    expect(carefully(twice)).toMatch(/appears twice/);
  });

  it('format 3: a repeated name, or members longer than the bytes after the table, go to the careful reader', () => {
    const entries: Array<[string, Uint8Array]> = [
      ['a.dll', new Uint8Array([1])],
      ['b.dll', new Uint8Array([2, 3])],
    ];
    const sound = packageFile(entries, false, 'afterTable');
    const table = quickly(sound, 'afterTable') as { dataStart: number; memberOffsets: Map<string, number> };
    // two headers of 2 + 5 + 1 + 4 bytes, then the members' bytes, one after the other
    expect(table.dataStart).toBe(TABLE + 4 + 24);
    expect([...table.memberOffsets]).toEqual([
      ['a.dll', TABLE + 28],
      ['b.dll', TABLE + 29],
    ]);
    expect(table).toEqual(carefully(sound, 'afterTable'));
    const twice = Buffer.from(sound);
    twice.write('a', TABLE + 4 + 12 + 2, 'latin1');
    expect(quickly(twice, 'afterTable')).toBeUndefined();
    expect(carefully(twice, 'afterTable')).toMatch(/'a.dll' appears twice/);
    const longer = Buffer.from(sound);
    longer.writeUInt32LE(1000, TABLE + 4 + 12 + 8);
    expect(quickly(longer, 'afterTable')).toBeUndefined();
    expect(carefully(longer, 'afterTable')).toMatch(/the 1000 bytes of member 'b.dll'/);
  });
});
