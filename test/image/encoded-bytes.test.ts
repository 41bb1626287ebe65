/**
 * The bytes a save writes, pinned: a change to how the body is encoded (entry table, header,
 * same-content pairs, blob order, an append's `blobAt`) that changes one byte of the file fails
 * here, even when the file still loads to the same image. The image covers what the encoder
 * branches on: an installed SP (pending renames queued, files sharing one content, 8.3 aliases,
 * versions, names outside ASCII), names with a surrogate pair and a lone surrogate, 100 ns times,
 * a delete-pending file with its holder's handle, and an open journal. A deliberate change of the
 * format updates the hashes below (and the format version).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateServicePack } from '../../src/generate/index.js';
import { coreOf, createXxh64, encodeImage, hashHex } from '../../src/image/index.js';
import { walkSegments } from '../../src/image/format-layout.js';
import { WinImage, install } from '../../src/machine/index.js';
import { beginTransaction, populate, writeFile } from '../../src/ops/index.js';

const folder = mkdtempSync(join(tmpdir(), 'svcpack-encoded-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const MS = Date.UTC(2004, 7, 6, 12, 30, 15, 123);
/** xxh64 of the buffers, in order, as hex. */
function hashOf(...parts: Uint8Array[]): string {
  const hasher = createXxh64();
  for (const part of parts) hasher.update(part);
  return hashHex(hasher.digest());
}

/** A generated machine with an SP installed (no restart: its renames wait for the reboot). */
async function installedImage(): Promise<WinImage> {
  const image = WinImage.create({ files: 1000, seed: 7 });
  const sp = generateServicePack(image, { level: 4, files: 300, seed: 7 });
  const result = await install(image, sp, { unattended: true, noRestart: true });
  expect(result.code).toBe(3010);
  expect(image.pendingRenames().length).toBeGreaterThan(0);
  return image;
}

/** The installed machine with what only the newer formats hold: odd names, 100 ns times, N3, a journal. */
async function variedImage(): Promise<WinImage> {
  const image = await installedImage();
  const core = coreOf(image);
  const file = (path: string, text: string, fraction: number) => ({
    drive: 'C',
    path,
    data: Buffer.from(text),
    attributes: 0x20,
    version: fraction > 0 ? '5.0.2195.6717' : undefined,
    created: MS - 1,
    createdFraction: fraction,
    modified: MS,
    modifiedFraction: 9999 - fraction,
  });
  populate(
    core,
    [{ drive: 'C', path: 'odd names \u00e9\u4e2d', time: MS, timeFraction: 4567 }],
    [
      file('odd names \u00e9\u4e2d\\pair \ud83d\ude00.txt', 'a surrogate pair', 1),
      file('odd names \u00e9\u4e2d\\lone \ud800 high.txt', 'a lone surrogate', 0),
      file('odd names \u00e9\u4e2d\\A Long File Name Here.dll', 'aliased', 2),
    ],
  );
  image.mkdir('C:\\work');
  image.writeFile('C:\\work\\held.txt', 'in use');
  image.open('C:\\work\\held.txt', {
    access: ['read'],
    share: ['read', 'write', 'delete'],
    process: 'app.exe',
  });
  image.deleteFile('C:\\work\\held.txt');
  beginTransaction(core, 'open', { context: { packageId: 'pinned' } });
  writeFile(core, 'C:\\WINNT\\journalled.txt', Buffer.from('journalled'));
  return image;
}

describe('the encoded bytes of an image file stay the same', () => {
  it('format 8, whole: the installed machine with odd names, 100 ns times, a delete-pending file and a journal', async () => {
    const image = await variedImage();
    expect(coreOf(image).journal).toBeDefined();
    const parts = encodeImage(coreOf(image));
    expect(parts.reduce((sum, part) => sum + part.byteLength, 0)).toBe(117_661_456);
    expect(hashOf(...parts)).toBe('bbc20bb86a897145');
  });

  it('formats 1 to 7 of the installed machine (format 2 writes plain UTF-8)', async () => {
    const core = coreOf(await installedImage());
    const hashes = ([1, 2, 3, 4, 5, 7] as const).map((formatVersion) =>
      hashOf(...encodeImage(core, { formatVersion })),
    );
    expect(hashes).toEqual([
      'dff21375081f4c7a',
      'bc33be8cdd803947',
      '5bc47438733fed40',
      '167a5c8a3e9f97bd',
      'fe6356584229ed02',
      '8140f5ee3c670917',
    ]);
  });

  it('format 8, appended: the segment a save to its own file appends after more changes', async () => {
    const image = await variedImage();
    const path = join(folder, 'appended.svcimg');
    await image.save(path);
    image.writeFile('C:\\WINNT\\after the save.txt', 'new content');
    image.writeFile('C:\\work\\second.txt', 'in use');
    await image.save(path);
    const bytes = readFileSync(path);
    expect(walkSegments(bytes, path).segments).toHaveLength(2);
    expect(hashOf(bytes)).toBe('7e3aef226e55c5a2');
  });
});
