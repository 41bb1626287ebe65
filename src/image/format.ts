/**
 * The image file: the engine's own format, versioned and checksummed.
 *
 *   magic "SVCIMG\r\n" | u32 version | u32 header length | header (JSON, UTF-8)
 *   | [format 2: entry table, see entry-table.ts] | registry blob
 *   | blobs (file contents, then journal data) | u64 xxh64 of all before | magic "SVCEND\r\n"
 *
 * Format 1 listed the entries as JSON rows in the header; format 2 writes them as a binary table
 * after it; format 3 writes the table's names as WTF-8, so that names with lone surrogates stay
 * apart (R3); format 4 writes each distinct content once (same-content.ts); format 5 adds the
 * times' 100 ns units below the millisecond (N9); format 7 adds each process's open handles and the
 * delete-pending files (N3, runtime-state.ts). All are read; format 7 is written. Integers are little-endian. Loading shares file
 * contents with the loaded buffer (no copies).
 */
import { open, rename, unlink } from 'node:fs/promises';
import { InputError, WinError } from '../errors/index.js';
import { RegistryStore } from '../registry/index.js';
import { asBuffer } from './byte-store.js';
import type { Entry } from './entry.js';
import { decodeEntryTable, encodeEntryTable } from './entry-table.js';
import { buildFromRows, formatOneRows } from './format-one.js';
import { adoptChecked, checkHeader, setRootMeta, type Header } from './format-check.js';
import { createXxh64, xxh64InSlices } from './hash.js';
import type { ImageCore } from './image-core.js';
import type { AdoptMeta } from './raw-storage.js';
import { restoreOps, storeOps } from './op-codec.js';
import { ContentReader, ContentWriter } from './same-content.js';
import { readFileWhole, readWholeFile } from './read-shared.js';
import { removeStaleSaveTemps, saveTempFile } from './stale-temp.js';
import { restoreDeletePending, restoreHandles, runtimeHeader } from './runtime-state.js';
import { upcaseOfSpec, volumeSpec } from './volume.js';

const MAGIC = Buffer.from('SVCIMG\r\n', 'latin1');
const END = Buffer.from('SVCEND\r\n', 'latin1');
/** The image file format version this code writes. */
export const IMAGE_FORMAT_VERSION = 7;
/** The image file format versions this code reads. */
export const IMAGE_FORMAT_VERSIONS: readonly number[] = [1, 2, 3, 4, 5, 7];

/** Serialises an image to the buffers of its file, in order (`formatVersion` 1 for older readers). */
export function encodeImage(
  image: ImageCore,
  options: { formatVersion?: 1 | 2 | 3 | 4 | 5 | 7 } = {},
): Buffer[] {
  const parts = encodeImageBody(image, options.formatVersion ?? IMAGE_FORMAT_VERSION);
  const hasher = createXxh64();
  for (const part of parts) hasher.update(part);
  parts.push(trailerOf(hasher.digest()));
  return parts;
}

/** The checksum and end marker that close an image file. */
function trailerOf(checksum: bigint): Buffer {
  const trailer = Buffer.alloc(16);
  trailer.writeBigUInt64LE(checksum, 0);
  END.copy(trailer, 8);
  return trailer;
}

/** The buffers of an image file up to its trailer: fixed header, header, [entry table], registry, contents. */
function encodeImageBody(image: ImageCore, formatVersion: number): Buffer[] {
  const blobs: Uint8Array[] = [];
  const contents = new ContentWriter(blobs, formatVersion >= 4);
  const allVolumes = image.allVolumes();
  const table =
    formatVersion >= 2
      ? encodeEntryTable(
          allVolumes.map((volume) => volume.root),
          (file) => contents.add(image.content(file)),
          formatVersion,
        )
      : undefined;
  const volumes: Header['volumes'] = allVolumes.map((volume, v) =>
    table
      ? { ...volumeSpec(volume), entryCount: table.counts[v] }
      : { ...volumeSpec(volume), entries: formatOneRows(image, volume.root, blobs) },
  );
  const registry = image.registry.serialize();
  let journal: Header['journal'];
  if (image.journal) {
    const { undo, plan, ...rest } = image.journal;
    journal = { ...rest, undo: undo.map((ops) => storeOps(ops, blobs)), plan: storeOps(plan, blobs) };
  }
  const { clock, systemDrive, session, poweredOff, ...lists } = headerFields(image, formatVersion);
  // the fields in the order every earlier writer gave them (the same image, the same bytes)
  const header: Header = {
    clock,
    systemDrive,
    session,
    volumes,
    ...(table ? { entryTableBytes: table.bytes.byteLength } : {}),
    registryBytes: registry.byteLength,
    blobSizes: blobs.map((b) => b.byteLength),
    ...(contents.sameContent.length > 0 ? { sameContent: contents.sameContent } : {}),
    ...lists,
    ...(journal ? { journal } : {}),
    poweredOff,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const fixed = Buffer.alloc(16);
  MAGIC.copy(fixed, 0);
  fixed.writeUInt32LE(formatVersion, 8);
  fixed.writeUInt32LE(headerBytes.byteLength, 12);
  return [fixed, headerBytes, ...(table ? [table.bytes] : []), asBuffer(registry), ...blobs.map(asBuffer)];
}

/** The header's fields that are neither the volumes nor the layout of the blobs. */
function headerFields(
  image: ImageCore,
  formatVersion: number,
): Omit<Header, 'volumes' | 'entryTableBytes' | 'registryBytes' | 'blobSizes' | 'sameContent' | 'journal'> {
  return {
    clock: image.clock,
    systemDrive: image.systemDrive,
    session: image.session,
    events: image.events,
    notes: image.notes.saved(),
    protectedPaths: [...image.protectedPaths],
    oemPaths: [...image.oemPaths],
    ...runtimeHeader(image, formatVersion),
    poweredOff: image.poweredOff,
  };
}

/** Writes the image file atomically: a temporary file beside it, flushed, then renamed over it. */
export async function saveImageFile(image: ImageCore, file: string): Promise<number> {
  const parts = encodeImageBody(image, IMAGE_FORMAT_VERSION);
  await removeStaleSaveTemps(file);
  const temp = saveTempFile(file);
  const handle = await open(temp, 'w');
  let written = 0;
  try {
    // the checksum is computed batch by batch while the system writes each batch
    const hasher = createXxh64();
    for (let i = 0; i < parts.length; i += 1024) {
      const batch = parts.slice(i, i + 1024);
      const writing = handle.writev(batch);
      for (const part of batch) hasher.update(part);
      written += (await writing).bytesWritten;
    }
    written += (await handle.writev([trailerOf(hasher.digest())])).bytesWritten;
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await rename(temp, file);
  return written;
}

/** Reads an image file's bytes into an empty image; every check happens before anything is built. */
export function decodeImage(
  bytes: Buffer,
  source: string,
  create: (registry: RegistryStore) => ImageCore,
  /** The xxh64 of every byte before the trailer, when the caller computed it while reading. */
  checksum?: bigint,
): ImageCore {
  const fail = (offset: number, message: string): never => {
    throw new InputError(source, message, `byte ${offset}`);
  };
  if (bytes.byteLength < 32) fail(0, `file is ${bytes.byteLength} bytes: too short to be an image file`);
  if (!bytes.subarray(0, 8).equals(MAGIC)) fail(0, 'not an svcpack image file (bad magic)');
  const version = bytes.readUInt32LE(8);
  if (!IMAGE_FORMAT_VERSIONS.includes(version))
    fail(8, `format version ${version} is not supported (expected ${IMAGE_FORMAT_VERSIONS.join(' or ')})`);
  const end = bytes.byteLength - 16;
  if (!bytes.subarray(end + 8).equals(END))
    fail(end + 8, 'missing end marker: the file is truncated or damaged');
  const stored = bytes.readBigUInt64LE(end);
  const actual = checksum ?? xxh64InSlices(bytes.subarray(0, end));
  if (stored !== actual)
    fail(
      end,
      `checksum mismatch (stored ${stored.toString(16)}, computed ${actual.toString(16)}): the file is damaged`,
    );
  const headerLength = bytes.readUInt32LE(12);
  if (16 + headerLength > end) fail(12, `header length ${headerLength} runs past the end of the file`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.subarray(16, 16 + headerLength).toString('utf8'));
  } catch (error) {
    return fail(16, `header is not valid JSON: ${(error as Error).message}`);
  }
  const header = checkHeader(parsed, source, version);
  let offset = 16 + headerLength;
  const table = { start: offset, end: offset };
  if (version >= 2) {
    const length = header.entryTableBytes;
    const counts = header.volumes.map((volume) => volume.entryCount);
    if (!Number.isInteger(length) || counts.some((count) => !Number.isInteger(count) || count! < 1))
      fail(16, "the header does not give the entry table and its volumes' record counts");
    table.end = offset + length!;
    if (table.end > end) fail(offset, 'the entry table runs past the end of the file');
    offset = table.end;
  }
  const registryEnd = offset + header.registryBytes;
  if (registryEnd > end) fail(offset, 'registry runs past the end of the file');
  const registry = RegistryStore.deserialize(bytes.subarray(offset, registryEnd));
  offset = registryEnd;
  const blobs: Buffer[] = [];
  for (const size of header.blobSizes) {
    if (offset + size > end) fail(offset, `content blob ${blobs.length} runs past the end of the file`);
    blobs.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  if (offset !== end) fail(offset, `${end - offset} unexplained bytes before the checksum`);
  const image = create(registry);
  image.clock = header.clock;
  image.systemDrive = header.systemDrive;
  image.session = header.session;
  const contents = new ContentReader(blobs, header.sameContent ?? [], source);
  try {
    if (version >= 2) buildFromTable(image, header, bytes, table, contents, source, version);
    else buildFromRows(image, header, contents, source);
    contents.finish();
    buildFromHeader(image, header, blobs, source);
  } catch (error) {
    // what the header names but the image refuses (a process holding a missing file, ...)
    if (error instanceof WinError) throw new InputError(source, error.message, 'header');
    throw error;
  }
  return image;
}

/** Format 2: the volumes and their entries from the binary entry table. */
function buildFromTable(
  image: ImageCore,
  header: Header,
  bytes: Buffer,
  table: { start: number; end: number },
  contents: ContentReader,
  source: string,
  version: number,
): void {
  const volumes = header.volumes.map((spec) =>
    image.addVolume({ ...spec, upcase: upcaseOfSpec(spec.upcase) }),
  );
  let built: Entry[] = [];
  // one object refilled for every entry: rawAdopt copies what it needs
  const meta: AdoptMeta = {
    attributes: 0,
    version: undefined,
    created: 0,
    modified: 0,
    createdFraction: 0,
    modifiedFraction: 0,
    shortName: undefined,
    folded: undefined,
    foldedShortName: undefined,
  };
  // where the current record is, made into text only for an error (not once per entry)
  const at = { volume: 0, index: 0 };
  const where = (): string => `/volumes/${at.volume}/entries/${at.index}`;
  const fail = (message: string): never => {
    throw new InputError(source, message, where());
  };
  decodeEntryTable(
    bytes,
    table.start,
    table.end,
    header.volumes.map((volume) => volume.entryCount!),
    source,
    (v, record) => {
      const volume = volumes[v];
      if (record.index === 0) {
        built = [volume.root];
        setRootMeta(volume.root, record);
        return;
      }
      at.volume = v;
      at.index = record.index;
      let data: Buffer | undefined;
      if (!record.isDir) {
        data = contents.take(record.size, record.name, where);
        volume.used += volume.allocation(record.size);
      }
      meta.attributes = record.attributes;
      meta.version = record.version;
      meta.created = record.created;
      meta.modified = record.modified;
      meta.createdFraction = record.createdFraction;
      meta.modifiedFraction = record.modifiedFraction;
      meta.shortName = record.shortName;
      built[record.index] = adoptChecked(image, built[record.parent], record.name, data, meta, fail);
    },
    version,
  );
}

/** What the header holds besides the volumes: services, processes, events, notes, lists, journal. */
function buildFromHeader(image: ImageCore, header: Header, blobs: Buffer[], source: string): void {
  for (const s of header.services) image.defineService(s);
  for (const s of header.services)
    if (s.running) restoreHandles(image, image.startService(s.name), s.handles);
  for (const p of header.processes)
    restoreHandles(image, image.startProcess(p.name, { holds: p.holds, session: p.session }), p.handles);
  restoreDeletePending(image, header.deletePending ?? [], source);
  image.events = header.events;
  image.notes.load(header.notes);
  for (const path of header.protectedPaths) image.protectedPaths.add(path);
  for (const path of header.oemPaths ?? []) image.oemPaths.add(path);
  if (header.journal) {
    const j = header.journal;
    image.journal = {
      ...j,
      undo: j.undo.map((ops, i) => restoreOps(ops, blobs, source, `/journal/undo/${i}`)),
      plan: restoreOps(j.plan, blobs, source, '/journal/plan'),
    };
  }
  image.poweredOff = header.poweredOff;
}

/** Reads an image file from the host (into one buffer of its size, in as few reads as it takes). */
export function readImageFile(file: string): Promise<Buffer> {
  return readFileWhole(file);
}

/**
 * Reads an image file and computes the checksum `decodeImage` checks, each piece hashed while the
 * system reads the next: pass both to `decodeImage`. The checksum is undefined for a file too short
 * to have one.
 */
export async function readImageFileHashed(file: string): Promise<{ bytes: Buffer; checksum?: bigint }> {
  await removeStaleSaveTemps(file);
  const hasher = createXxh64();
  let end = 0;
  let hashed = 0;
  const bytes = await readWholeFile(
    file,
    (size) => {
      end = Math.max(0, size - 16);
      return Buffer.allocUnsafe(size);
    },
    (read, from, to) => {
      // pieces come in order: hash each up to the checksum field
      const upTo = Math.min(to, end);
      if (upTo > hashed) hasher.update(read.subarray(hashed, upTo));
      hashed = Math.max(hashed, upTo);
    },
  );
  return bytes.byteLength >= 32 ? { bytes, checksum: hasher.digest() } : { bytes };
}
