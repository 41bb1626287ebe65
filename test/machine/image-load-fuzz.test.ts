import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import { encodeImage, xxh64 } from '../../src/image/index.js';
import { slotBytes } from '../../src/image/format-layout.js';
import { WinImage } from '../../src/machine/index.js';
import { MOVEFILE, beginTransaction } from '../../src/ops/index.js';
import { coreOf } from '../../src/machine/internal.js';

/**
 * Issue 14, symptom 10: a crafted or damaged image file either loads to an image that saves and
 * loads identically and reboots, or is refused with an InputError; never another error.
 */

/** A small image with something of every part: files, versions, aliases, registry, queue, events, services, a journal. */
function smallImageBytes(formatVersion: 7 | 8): Buffer {
  const image = WinImage.empty();
  image.addVolume({ letter: 'C', capacity: 1 << 20 });
  image.mkdir('C:\\WINNT\\system32', { recursive: true });
  image.writeFile('C:\\WINNT\\system32\\a.dll', 'aa', { version: '5.0.1.2' });
  image.writeFile('C:\\WINNT\\system32\\b.new', 'bb');
  image.mkdir('C:\\Program Files');
  // a copy shares its content: the file lists it in sameContent (format 4), which the fuzzing covers
  image.copyFile('C:\\WINNT\\system32\\a.dll', 'C:\\Program Files\\a.dll');
  image.registry.setValue('HKLM\\SYSTEM\\Select', 'Current', 'REG_DWORD', 1);
  image.registry.createKey('HKLM\\SYSTEM\\ControlSet001\\Control\\Session Manager');
  image.moveFileEx(
    'C:\\WINNT\\system32\\b.new',
    'C:\\WINNT\\system32\\a.dll',
    MOVEFILE.DELAY_UNTIL_REBOOT | MOVEFILE.REPLACE_EXISTING,
  );
  coreOf(image).logEvent('svcpack', 1, 'information', 'made');
  coreOf(image).defineService({
    name: 'Svc',
    displayName: 'A service',
    imagePath: 'C:\\WINNT\\system32\\a.dll',
    start: 'auto',
    process: 'svc.exe',
    holds: [],
  });
  image.startProcess('app.exe');
  beginTransaction(coreOf(image), 'half done');
  image.writeFile('C:\\half.txt', 'h');
  return Buffer.concat(encodeImage(coreOf(image), { formatVersion }));
}

/** The outcome of loading `bytes`: undefined when it is as the rule says, else what went wrong. */
function violation(bytes: Buffer): string | undefined {
  let image: WinImage;
  try {
    image = WinImage.fromBytes(bytes, 'fuzz.svcimg');
  } catch (error) {
    return error instanceof InputError ? undefined : `load threw ${String(error)}`;
  }
  try {
    const saved = Buffer.concat(encodeImage(coreOf(image)));
    const again = Buffer.concat(encodeImage(coreOf(WinImage.fromBytes(saved))));
    if (!again.equals(saved)) return 'saving the loaded image twice gives different bytes';
    image.digest();
    image.fork().reboot();
    return undefined;
  } catch (error) {
    return `loaded, then ${String(error)}`;
  }
}

/** The file with its JSON header changed by `change`, lengths and checksum made right again. */
function withHeader(bytes: Buffer, change: (header: Record<string, unknown>) => void): Buffer {
  const headerLength = bytes.readUInt32LE(12);
  const header = JSON.parse(bytes.subarray(16, 16 + headerLength).toString('utf8')) as Record<
    string,
    unknown
  >;
  change(header);
  const newHeader = Buffer.from(JSON.stringify(header), 'utf8');
  const fixed = Buffer.from(bytes.subarray(0, 16));
  fixed.writeUInt32LE(newHeader.byteLength, 12);
  return withChecksum(Buffer.concat([fixed, newHeader, bytes.subarray(16 + headerLength)]));
}

/** The InputError loading `bytes` throws (the test fails if it loads or throws something else). */
function refusal(bytes: Buffer): InputError {
  try {
    WinImage.fromBytes(bytes, 'crafted.svcimg');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('the crafted file loaded');
}

function withChecksum(bytes: Buffer): Buffer {
  bytes.writeBigUInt64LE(xxh64(bytes.subarray(0, bytes.length - 16)), bytes.length - 16);
  return bytes;
}

/** Format 8 (one segment after the 96-byte file header): its checksum and commit slot made right again. */
function withSegmentChecksum(bytes: Buffer): Buffer {
  const checksum = xxh64(bytes.subarray(96, bytes.length - 16));
  bytes.writeBigUInt64LE(checksum, bytes.length - 16);
  slotBytes({ sequence: 1, offset: 96, length: bytes.length - 96, checksum }).copy(bytes, 16);
  return bytes;
}

describe('image files: InputError or a sound image, never anything else', () => {
  const original = smallImageBytes(7);
  const formats = [
    { name: 'format 7', bytes: original, checksummed: withChecksum },
    { name: 'format 8', bytes: smallImageBytes(8), checksummed: withSegmentChecksum },
  ];

  it('the small image itself loads, saves identically and reboots', () => {
    for (const { bytes } of formats) expect(violation(bytes)).toBeUndefined();
  });

  it('truncated at every byte: an InputError', () => {
    for (const { name, bytes } of formats) {
      for (let length = 0; length < bytes.length; length++) {
        expect(violation(bytes.subarray(0, length)), `${name} cut at ${length}`).toBeUndefined();
      }
    }
  });

  it('a byte flipped anywhere, checksum not recomputed: an InputError', () => {
    for (const { name, bytes } of formats) {
      for (let at = 0; at < bytes.length; at++) {
        const flipped = Buffer.from(bytes);
        flipped[at] ^= 0x01;
        expect(violation(flipped), `${name} flip at ${at}`).toBeUndefined();
      }
    }
  });

  it('a byte flipped anywhere with the checksum recomputed: an InputError or a sound image', () => {
    const problems: string[] = [];
    for (const { name, bytes, checksummed } of formats) {
      for (let at = 0; at < bytes.length - 16; at++) {
        for (const mask of [0x01, 0xff]) {
          const flipped = Buffer.from(bytes);
          flipped[at] ^= mask;
          const problem = violation(checksummed(flipped));
          if (problem) problems.push(`${name} byte ${at} ^ 0x${mask.toString(16)}: ${problem}`);
        }
      }
    }
    expect(problems.slice(0, 40)).toEqual([]);
  });

  it('a missing event log or a header field of the wrong type: an InputError at its JSON pointer', () => {
    const noEvents = refusal(withHeader(original, (header) => delete header.events));
    expect(noEvents.problems[0].where).toBe('header /events');
    const badSession = refusal(withHeader(original, (header) => (header.session = { session: -1 })));
    expect(badSession.problems.map((p) => p.where)).toContain('header /session/session');
    const twice = refusal(
      withHeader(original, (header) => {
        const volumes = header.volumes as Array<{ letter: string }>;
        volumes.push({ ...volumes[0] });
      }),
    );
    expect(twice.message).toMatch(/drive C: appears twice/);
  });

  it('content sizes that are no counts (checked in one loop, not per element by zod): an InputError at each index', () => {
    const bad = refusal(
      withHeader(original, (header) => {
        const sizes = header.blobSizes as unknown[];
        sizes[1] = -1;
        sizes[2] = 1.5;
        sizes[3] = '7';
      }),
    );
    expect(bad.problems.map((p) => p.where)).toEqual([
      'header /blobSizes/1',
      'header /blobSizes/2',
      'header /blobSizes/3',
    ]);
    const notAList = refusal(withHeader(original, (header) => (header.blobSizes = { 0: 1 })));
    expect(notAList.problems[0].where).toBe('header /blobSizes');
  });

  it('a bad boot note: an InputError, not an image that fails every reboot', () => {
    const error = refusal(
      withHeader(original, (header) => (header.notes = [['boot.windowsQueue', '{not json']])),
    );
    expect(error.message).toMatch(/cannot be recovered|cannot boot/);
  });

  it('an impossible journal: an InputError naming the journal, not an image that fails every reboot', () => {
    const error = refusal(
      withHeader(original, (header) => {
        const journal = header.journal as { undo: unknown[][] };
        journal.undo.push([{ kind: 'delete', path: 'C:\\no such file' }]);
      }),
    );
    expect(error.message).toMatch(/journal 'half done' cannot be recovered: ERROR_FILE_NOT_FOUND/);
    const malformed = refusal(
      withHeader(original, (header) => {
        (header.journal as { undo: unknown[][] }).undo.push([{ kind: 'rename', from: 'C:\\half.txt' }]);
      }),
    );
    expect(malformed.message).toMatch(/a 'rename' operation needs a string 'to'/);
  });

  it("entry names with '..', '\\', NUL, or twice in a folder: an InputError at the entry", () => {
    const image = WinImage.empty();
    image.addVolume({ letter: 'C', capacity: 1 << 20 });
    image.writeFile('C:\\aaa.txt', '1');
    image.writeFile('C:\\bbb.txt', '2');
    const bytes = Buffer.concat(encodeImage(coreOf(image), { formatVersion: 7 }));
    const renamed = (from: string, to: string): Buffer => {
      const copy = Buffer.from(bytes);
      const at = copy.indexOf(from, 16 + copy.readUInt32LE(12), 'latin1');
      copy.write(to, at, 'latin1');
      return withChecksum(copy);
    };
    expect(refusal(renamed('bbb.txt', 'AAA.TXT')).message).toMatch(/'AAA.TXT' appears twice in its folder/);
    expect(refusal(renamed('bbb.txt', 'b\\b.txt')).message).toMatch(/holds the character U\+005c/);
    expect(refusal(renamed('bbb.txt', 'b\0b.txt')).message).toMatch(/holds the character U\+0000/);
    const rows = Buffer.concat(encodeImage(coreOf(image), { formatVersion: 1 }));
    const dots = refusal(
      withHeader(rows, (header) => {
        (header.volumes as Array<{ entries: unknown[][] }>)[0].entries[2][0] = '..';
      }),
    );
    expect(dots.message).toMatch(/the name "\.\." is not a file name/);
    expect(dots.problems[0].where).toBe('/volumes/0/entries/2');
  });
});
