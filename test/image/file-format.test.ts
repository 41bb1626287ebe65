import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import {
  ImageCore,
  decodeImage,
  encodeImage,
  saveImageFile,
  digestImage,
  copyImage,
  readImageFileHashed,
  xxh64,
  IMAGE_FORMAT_VERSION,
} from '../../src/image/index.js';
import { beginTransaction, setAttributes, writeFile } from '../../src/ops/index.js';
import { smallImage } from '../helpers/small-image.js';

const load = (bytes: Buffer) => decodeImage(bytes, 'test.svcimg', (registry) => new ImageCore({ registry }));

/**
 * The small image saved in format 1 with the entry rows of drive C changed by `change`, the header's
 * length and the file's checksum made right again.
 */
function withFormat1Rows(change: (rows: unknown[][]) => void): Buffer {
  const bytes = Buffer.concat(encodeImage(smallImage(), { formatVersion: 1 }));
  const headerLength = bytes.readUInt32LE(12);
  const header = JSON.parse(bytes.subarray(16, 16 + headerLength).toString('utf8')) as {
    volumes: Array<{ entries: unknown[][] }>;
  };
  change(header.volumes[0].entries);
  const newHeader = Buffer.from(JSON.stringify(header), 'utf8');
  const fixed = Buffer.from(bytes.subarray(0, 16));
  fixed.writeUInt32LE(newHeader.byteLength, 12);
  const body = Buffer.concat([fixed, newHeader, bytes.subarray(16 + headerLength, bytes.length - 16)]);
  const trailer = Buffer.from(bytes.subarray(bytes.length - 16));
  trailer.writeBigUInt64LE(xxh64(body), 0);
  return Buffer.concat([body, trailer]);
}

describe('image file: save, load, damage', () => {
  it('round-trips names, content, attributes, versions, registry, times, events and journal', async () => {
    const image = smallImage();
    setAttributes(image, 'C:\\boot.ini', ['readonly', 'system']);
    image.logEvent(
      'Service Control Manager',
      7036,
      'information',
      'The Spooler service entered the running state.',
    );
    beginTransaction(image, 'open', { context: { packageId: 'X' } });
    writeFile(image, 'C:\\WINNT\\j.txt', Buffer.from('journalled'));
    const dir = mkdtempSync(join(tmpdir(), 'svcimg-'));
    const file = join(dir, 'm.svcimg');
    await saveImageFile(image, file);
    const loaded = load(readFileSync(file));
    expect(digestImage(loaded)).toBe(digestImage(image));
    expect(loaded.stat('C:\\boot.ini')).toEqual(image.stat('C:\\boot.ini'));
    expect(loaded.stat('C:\\WINNT\\system32\\kernel32.dll').version).toBe('5.0.2195.1');
    expect(loaded.events).toEqual(image.events);
    expect(loaded.journal?.undo.length).toBe(1);
    expect(loaded.stat('C:\\Program Files').shortName).toBe('PROGRA~1');
  });

  it('refuses a truncated file with an InputError naming the byte', () => {
    const bytes = Buffer.concat(encodeImage(smallImage()));
    for (const length of [0, 10, 40, bytes.length >> 1, bytes.length - 1]) {
      expect(() => load(bytes.subarray(0, length))).toThrow(InputError);
    }
    expect(() => load(bytes.subarray(0, bytes.length - 3))).toThrow(/byte \d+/);
  });

  it('refuses a file with a flipped byte (checksum)', () => {
    const bytes = Buffer.concat(encodeImage(smallImage()));
    for (const at of [9, 30, bytes.length >> 1, bytes.length - 20]) {
      const damaged = Buffer.from(bytes);
      damaged[at] ^= 0x40;
      expect(() => load(damaged)).toThrow(InputError);
    }
  });

  it('format 1: refuses an entry listed under a file, as under a folder not yet listed, with where it is', () => {
    let entries: Array<[string, number, ...unknown[]]> = [];
    let file = -1;
    let folder = -1;
    const damaged = withFormat1Rows((rows) => {
      entries = rows as typeof entries;
      file = entries.findIndex(([, isDir]) => isDir === 0);
      folder = entries.findIndex(([path, isDir], i) => i > file && isDir === 1 && path !== '');
      // a folder renamed to sit under the file (its own children now come before their folder too)
      entries[folder][0] = `${entries[file][0]}\\sub`;
    });
    const error = (() => {
      try {
        load(damaged);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems[0]).toEqual({
      where: `/volumes/0/entries/${folder}`,
      message: `entry '${entries[folder][0]}' comes before its folder`,
    });
  });

  it('reading a file of several pieces hashes it as it reads: the checksum the file holds, and damage anywhere refused', async () => {
    const image = smallImage();
    // 20 MiB of content: the file is read in three 8 MiB pieces
    const big = Buffer.alloc(20 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big[i] = i & 0xff;
    writeFile(image, 'C:\\big.bin', big);
    const dir = mkdtempSync(join(tmpdir(), 'svcimg-'));
    const file = join(dir, 'm.svcimg');
    await saveImageFile(image, file);
    const onDisk = readFileSync(file);
    expect(onDisk.equals(Buffer.concat(encodeImage(image)))).toBe(true);
    const { bytes, checksum } = await readImageFileHashed(file);
    // format 8: one checksum per segment, by the segment's start (one segment, after the 96-byte file header)
    expect(checksum).toEqual(new Map([[96, onDisk.readBigUInt64LE(onDisk.length - 16)]]));
    expect(digestImage(decodeImage(bytes, file, (registry) => new ImageCore({ registry }), checksum))).toBe(
      digestImage(image),
    );
    for (const at of [200, 9 * 1024 * 1024 + 5, onDisk.length - 17]) {
      const damaged = Buffer.from(onDisk);
      damaged[at] ^= 0x01;
      writeFileSync(file, damaged);
      const read = await readImageFileHashed(file);
      expect(() =>
        decodeImage(read.bytes, file, (registry) => new ImageCore({ registry }), read.checksum),
      ).toThrow(/checksum mismatch/);
    }
  });

  it('format 1: refuses an 8.3 alias that is not an 8.3 name, with where it is', () => {
    let aliased = -1;
    let path = '';
    const damaged = withFormat1Rows((entries) => {
      aliased = entries.findIndex((row) => row[7] === 'PROGRA~1');
      entries[aliased][7] = 'PROGRAM FILES';
      path = String(entries[aliased][0]);
    });
    expect(() => load(damaged)).toThrow(InputError);
    try {
      load(damaged);
    } catch (error) {
      expect((error as InputError).problems[0]).toEqual({
        where: `/volumes/0/entries/${aliased}`,
        message: `the 8.3 alias 'PROGRAM FILES' of '${path}' is not an 8.3 name`,
      });
    }
  });

  it('format 1 and 2 files (JSON rows; UTF-8 entry table) still load to the same image', () => {
    const image = smallImage();
    setAttributes(image, 'C:\\boot.ini', ['readonly', 'system']);
    const v1 = Buffer.concat(encodeImage(image, { formatVersion: 1 }));
    const v2 = Buffer.concat(encodeImage(image));
    expect(v1.readUInt32LE(8)).toBe(1);
    expect(v2.readUInt32LE(8)).toBe(IMAGE_FORMAT_VERSION);
    expect(digestImage(load(v1))).toBe(digestImage(image));
    expect(digestImage(load(v2))).toBe(digestImage(image));
    const written2 = Buffer.concat(encodeImage(image, { formatVersion: 2 }));
    expect(written2.readUInt32LE(8)).toBe(2);
    expect(digestImage(load(written2))).toBe(digestImage(image));
    expect(load(v1).stat('C:\\Program Files').shortName).toBe('PROGRA~1');
  });

  it('format 2: a damaged entry table is refused at the byte where it is', () => {
    const image = smallImage();
    const bytes = Buffer.concat(encodeImage(image, { formatVersion: 7 }));
    const headerLength = bytes.readUInt32LE(12);
    const header = JSON.parse(bytes.subarray(16, 16 + headerLength).toString('utf8')) as {
      entryTableBytes: number;
    };
    const tableStart = 16 + headerLength;
    /** The file with its entry table changed by `change`, checksum made right again. */
    const withTable = (change: (table: Buffer) => void): Buffer => {
      const copy = Buffer.from(bytes);
      change(copy.subarray(tableStart, tableStart + header.entryTableBytes));
      copy.writeBigUInt64LE(xxh64(copy.subarray(0, copy.length - 16)), copy.length - 16);
      return copy;
    };
    const refusal = (damaged: Buffer): InputError => {
      try {
        load(damaged);
      } catch (error) {
        return error as InputError;
      }
      throw new Error('loaded a damaged file');
    };
    // the root record is 35 bytes (no name); record 1's folder made record 5: not a folder before it
    const later = refusal(withTable((table) => table.writeUInt32LE(5, 35)));
    expect(later).toBeInstanceOf(InputError);
    expect(later.message).toMatch(/record 1 of volume 0 names record 5 as its folder/);
    expect(later.problems[0].where).toBe(`byte ${tableStart + 35}`);
    // the root record made a file
    expect(refusal(withTable((table) => (table[4] = 0))).message).toMatch(
      /record 0 of volume 0 is not its root/,
    );
    // an 8.3 alias that is not an 8.3 name (the folder cache and lookups rely on aliases being 8.3)
    const alias = bytes.indexOf('PROGRA~1', tableStart, 'latin1') - tableStart;
    const badAlias = refusal(withTable((table) => table.write('PRO*RA~1', alias, 'latin1')));
    expect(badAlias.message).toMatch(/the 8\.3 alias 'PRO\*RA~1' of record \d+ is not an 8\.3 name/);
    expect(badAlias.problems[0].where).toBe(`byte ${tableStart + alias - 1}`);
    // a name length running past the table
    expect(refusal(withTable((table) => table.writeUInt16LE(0xffff, 33))).message).toMatch(
      /entry table ends inside the name of record 0/,
    );
  });

  it('a failed save leaves the previous file intact (atomic)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'svcimg-'));
    const file = join(dir, 'm.svcimg');
    writeFileSync(file, 'previous');
    await expect(saveImageFile(smallImage(), join(dir, 'missing-dir', 'x.svcimg'))).rejects.toThrow();
    expect(readFileSync(file, 'utf8')).toBe('previous');
  });
});

describe('fork', () => {
  it('gives an independent copy with the same digest', () => {
    const image = smallImage();
    image.startProcess('spoolsv.exe', { holds: ['C:\\WINNT\\system32\\spoolsv.exe'] });
    const copy = new ImageCore({ registry: image.registry.clone() });
    copyImage(image, copy);
    expect(digestImage(copy)).toBe(digestImage(image));
    writeFile(copy, 'C:\\WINNT\\system32\\kernel32.dll', Buffer.from('changed in the fork'));
    expect(image.readFile('C:\\WINNT\\system32\\kernel32.dll').toString()).toBe('kernel32 v1');
    expect(digestImage(copy)).not.toBe(digestImage(image));
    expect(copy.processes()[0].holds).toEqual(['C:\\WINNT\\system32\\spoolsv.exe']);
  });
});
