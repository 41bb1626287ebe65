import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FieldReader,
  encodePackageFile,
  readMemberTable,
  readMemberTableQuickly,
} from '../../src/package/format.js';

/** The member count's offset in a package file: magic, version, manifest length, manifest. */
const MANIFEST = Buffer.from('{}');
const TABLE = 6 + 2 + 4 + MANIFEST.length;

function packageFile(members: ReadonlyArray<[string, Uint8Array]>, compress: boolean): Buffer {
  const { bytes } = encodePackageFile(
    { manifestBytes: MANIFEST, members: new Map(members), signature: null },
    { compress },
  );
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The careful reader's table, or the message it fails with. */
function carefully(bytes: Buffer): unknown {
  const reader = new FieldReader(bytes, 'test');
  reader.offset = TABLE;
  try {
    return readMemberTable(reader, reader.u32('the member count'));
  } catch (error) {
    return (error as Error).message;
  }
}

function quickly(bytes: Buffer): unknown {
  return readMemberTableQuickly(bytes, TABLE + 4, bytes.readUInt32LE(TABLE));
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
  it('on sound files: the same members, offsets, deflated list and sizes', () => {
    fc.assert(
      fc.property(members, fc.boolean(), (list, compress) => {
        const unique = [...new Map(list.filter(([name]) => name !== '' && !name.includes('..')))];
        let bytes: Buffer;
        try {
          bytes = packageFile(unique, compress);
        } catch {
          return; // a name the writer refuses
        }
        const careful = carefully(bytes);
        const quick = quickly(bytes);
        if (quick !== undefined) expect(quick).toEqual(careful);
        else expect(typeof careful === 'string' || unique.some(([name]) => /[^ -~]/.test(name))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('on damaged files: a table only when the careful reader reads the same one, never a different one', () => {
    fc.assert(
      fc.property(
        members,
        fc.boolean(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }),
        fc.nat(),
        (list, compress, flips, cut) => {
          const unique = [...new Map(list.filter(([name]) => /^[a-z]+(\/[a-z]+)*\.(dll|exe)$/.test(name)))];
          const sound = packageFile(unique, compress);
          const damaged = Buffer.from(sound.subarray(0, TABLE + 4 + (cut % (sound.length - TABLE - 3))));
          for (const [at, value] of flips) {
            const offset = TABLE + 4 + (at % Math.max(1, damaged.length - TABLE - 4));
            if (offset < damaged.length) damaged[offset] = value;
          }
          const quick = quickly(damaged);
          if (quick !== undefined) expect(quick).toEqual(carefully(damaged));
        },
      ),
      { numRuns: 600 },
    );
  });

  it('hands an empty, unsafe, repeated or non-ASCII name, unknown flags or a short file to the careful reader', () => {
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
});
