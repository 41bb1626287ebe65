/**
 * The image file: the engine's own format, versioned and checksummed. Formats 1 to 7:
 *
 *   magic "SVCIMG\r\n" | u32 version | u32 header length | header (JSON, UTF-8)
 *   | [format 2: entry table, see entry-table.ts] | registry blob
 *   | blobs (file contents, then journal data) | u64 xxh64 of all before | magic "SVCEND\r\n"
 *
 * Format 1 listed the entries as JSON rows in the header; format 2 writes them as a binary table
 * after it; format 3 writes the table's names as WTF-8, so that names with lone surrogates stay
 * apart (R3); format 4 writes each distinct content once (same-content.ts); format 5 adds the
 * times' 100 ns units below the millisecond (N9); format 7 adds each process's open handles and the
 * delete-pending files (N3, runtime-state.ts). Format 8 puts that body (header, entry table,
 * registry, blobs) in segments behind a file header with two commit slots (format-layout.ts): a
 * save of an image to the file it was loaded from or last saved to appends a segment holding only
 * the blobs the file lacks, its header's `blobAt` naming by offset those an earlier segment holds
 * (format-append.ts). All are read; format 8 is written. Integers are little-endian. Loading
 * shares file contents with the loaded buffer (no copies).
 */
import { InputError, WinError } from '../errors/index.js';
import { RegistryStore } from '../registry/index.js';
import { asBuffer } from './byte-store.js';
import { encodeEntryTable } from './entry-table-write.js';
import { buildFromRows, formatOneRows } from './format-one.js';
import { buildFromHeader, buildFromTable } from './format-build.js';
import { checkHeader, type Header } from './format-check.js';
import {
  END,
  FILE_HEADER_BYTES,
  MAGIC,
  SEGMENTED_FORMAT,
  SEGMENT_HEADER_BYTES,
  TRAILER_BYTES,
  fileHeaderBytes,
  inBlobs,
  segmentHeaderBytes,
  trailerOf,
  walkSegments,
  type Segment,
} from './format-layout.js';
import { createXxh64, xxh64InSlices } from './hash.js';
import type { ImageCore } from './image-core.js';
import { filled } from './lazy-file.js';
import type { EntryProgress } from './load-progress.js';
import { storeOps } from './op-codec.js';
import { ContentReader, ContentWriter } from './same-content.js';
import { runtimeHeader } from './runtime-state.js';
import { volumeSpec } from './volume.js';

/** The image file format version this code writes. */
export const IMAGE_FORMAT_VERSION = 8;
/** The image file format versions this code reads. */
export const IMAGE_FORMAT_VERSIONS: readonly number[] = [1, 2, 3, 4, 5, 7, 8];

/** Serialises an image to the buffers of its file, in order (`formatVersion` 1 for older readers). */
export function encodeImage(
  image: ImageCore,
  options: { formatVersion?: 1 | 2 | 3 | 4 | 5 | 7 | 8 } = {},
): Buffer[] {
  const formatVersion = options.formatVersion ?? IMAGE_FORMAT_VERSION;
  const body = encodeBody(image, formatVersion);
  if (formatVersion >= SEGMENTED_FORMAT) {
    const { parts, length } = segmentParts(body);
    const checksum = checksumOf(parts);
    const commit = { sequence: 1, offset: FILE_HEADER_BYTES, length, checksum };
    return [fileHeaderBytes(commit), ...parts, trailerOf(checksum)];
  }
  const fixed = Buffer.alloc(16);
  MAGIC.copy(fixed, 0);
  fixed.writeUInt32LE(formatVersion, 8);
  fixed.writeUInt32LE(body.header.byteLength, 12);
  const parts = [fixed, body.header, ...body.sections, ...body.local.map(asBuffer)];
  parts.push(trailerOf(checksumOf(parts)));
  return parts;
}

/** xxh64 of the buffers, in order. */
function checksumOf(parts: readonly Uint8Array[]): bigint {
  const hasher = createXxh64();
  for (const part of parts) hasher.update(part);
  return hasher.digest();
}

/** The encoded image: header, the sections between it and the blobs, and the blobs it writes. */
export interface ImageBody {
  header: Buffer;
  /** The entry table (format 2 on; in chunks) and the registry. */
  sections: Buffer[];
  /** The blobs written with it, in order (those an earlier segment holds are not among them). */
  local: Uint8Array[];
  /** The bytes of `local`. */
  localBytes: number;
  /** The bytes of every blob the image uses, written here or not. */
  blobBytes: number;
  /** Entries in the table, every volume's together (0 for format 1). */
  entries: number;
}

/** A format 8 segment's buffers up to its trailer, its length and where its blobs start in it. */
export function segmentParts(body: ImageBody): { parts: Buffer[]; length: number; blobsStart: number } {
  const blobsStart =
    SEGMENT_HEADER_BYTES + body.header.byteLength + body.sections.reduce((sum, s) => sum + s.byteLength, 0);
  const local = body.local.map(asBuffer);
  const length = blobsStart + body.localBytes + TRAILER_BYTES;
  const fixed = segmentHeaderBytes(body.header.byteLength, length, blobsStart);
  return { parts: [fixed, body.header, ...body.sections, ...local], length, blobsStart };
}

/**
 * Encodes the image's header, entry table, registry and blobs. With `locate` (format 8, appending),
 * a blob the file already holds is named by its offset (`blobAt`) instead of being written again.
 */
export function encodeBody(
  image: ImageCore,
  formatVersion: number,
  locate?: (data: Uint8Array) => number | undefined,
): ImageBody {
  const blobs: Uint8Array[] = [];
  const contents = new ContentWriter(blobs, formatVersion >= 4, locate);
  const allVolumes = image.allVolumes();
  const table =
    formatVersion >= 2
      ? encodeEntryTable(
          allVolumes.map((volume) => volume.root),
          // a lazily loaded content the file holds is not read: filled below only if written
          (file) => contents.add(image.storedContent(file)),
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
  contents.countAppended();
  const appended = contents.located > 0;
  const { clock, systemDrive, session, poweredOff, ...lists } = headerFields(image, formatVersion);
  // the fields in the order every earlier writer gave them (the same image, the same bytes)
  const header: Header = {
    clock,
    systemDrive,
    session,
    volumes,
    ...(table ? { entryTableBytes: table.byteLength } : {}),
    registryBytes: registry.byteLength,
    blobSizes: contents.sizes,
    ...(appended ? { blobAt: contents.at } : {}),
    ...(contents.sameContent.length > 0 ? { sameContent: contents.sameContent } : {}),
    ...lists,
    ...(journal ? { journal } : {}),
    poweredOff,
  };
  const local = appended ? contents.local : blobs;
  for (const blob of local) filled(blob);
  return {
    header: Buffer.from(JSON.stringify(header), 'utf8'),
    sections: [...(table ? table.chunks : []), asBuffer(registry)],
    local,
    localBytes: appended ? contents.localBytes : contents.blobBytes,
    blobBytes: contents.blobBytes,
    entries: table ? table.counts.reduce((sum, count) => sum + count, 0) : 0,
  };
}

/** The header's fields that are neither the volumes nor the layout of the blobs. */
function headerFields(
  image: ImageCore,
  formatVersion: number,
): Omit<
  Header,
  'volumes' | 'entryTableBytes' | 'registryBytes' | 'blobSizes' | 'blobAt' | 'sameContent' | 'journal'
> {
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

/** Where the image's body lies in the file: its JSON header, and the end of its blobs. */
export interface BodyPlace {
  headerStart: number;
  headerLength: number;
  end: number;
  /** Format 8: the file's segments (the body is the last one's). */
  segments?: Segment[];
}

/** Per segment start, the checksums a reader computed while reading (format 8); one checksum before. */
export type FileChecksums = bigint | ReadonlyMap<number, bigint>;

/**
 * A format 8 body decoded before its file was fully read and checked (format-early.ts): the segment
 * it took to be the file's only one, and the image or the error the decode gave.
 */
export interface EarlyBody {
  segment: Segment;
  image?: ImageCore;
  error?: unknown;
}

/** Whether the walked segments are the early decode's one segment (then its result is the file's). */
function earlyMatches(early: EarlyBody | undefined, segments: readonly Segment[]): early is EarlyBody {
  if (!early || segments.length !== 1) return false;
  const [walked] = segments;
  const { segment } = early;
  return (
    walked.start === segment.start &&
    walked.blobsStart === segment.blobsStart &&
    walked.blobsEnd === segment.blobsEnd &&
    walked.end === segment.end
  );
}

/** Reads an image file's bytes into an empty image; every check happens before anything is built. */
export function decodeImage(
  bytes: Buffer,
  source: string,
  create: (registry: RegistryStore) => ImageCore,
  /** The checksums of what the trailers close, when the caller computed them while reading. */
  checksum?: FileChecksums,
  /** The body as decoded while the file was read: used once the file checks out, if it is the body. */
  early?: EarlyBody,
  onEntries?: EntryProgress,
): ImageCore {
  const fail = (offset: number, message: string): never => {
    throw new InputError(source, message, `byte ${offset}`);
  };
  if (bytes.byteLength < 32) fail(0, `file is ${bytes.byteLength} bytes: too short to be an image file`);
  if (!bytes.subarray(0, 8).equals(MAGIC)) fail(0, 'not an svcpack image file (bad magic)');
  const version = bytes.readUInt32LE(8);
  if (!IMAGE_FORMAT_VERSIONS.includes(version))
    fail(8, `format version ${version} is not supported (expected ${IMAGE_FORMAT_VERSIONS.join(' or ')})`);
  if (version >= SEGMENTED_FORMAT) {
    const { segments } = walkSegments(bytes, source, typeof checksum === 'bigint' ? undefined : checksum);
    if (earlyMatches(early, segments)) {
      if (early.error !== undefined) throw early.error;
      return early.image!;
    }
    const last = segments.at(-1)!;
    const headerStart = last.start + SEGMENT_HEADER_BYTES;
    const place = {
      headerStart,
      headerLength: bytes.readUInt32LE(last.start + 8),
      end: last.blobsEnd,
      segments,
    };
    return decodeBody(bytes, source, create, version, place, onEntries);
  }
  const end = bytes.byteLength - 16;
  if (!bytes.subarray(end + 8).equals(END))
    fail(end + 8, 'missing end marker: the file is truncated or damaged');
  const stored = bytes.readBigUInt64LE(end);
  const actual = typeof checksum === 'bigint' ? checksum : xxh64InSlices(bytes.subarray(0, end));
  if (stored !== actual)
    fail(
      end,
      `checksum mismatch (stored ${stored.toString(16)}, computed ${actual.toString(16)}): the file is damaged`,
    );
  return decodeBody(
    bytes,
    source,
    create,
    version,
    { headerStart: 16, headerLength: bytes.readUInt32LE(12), end },
    onEntries,
  );
}

/**
 * Builds the image from its checked header, entry table, registry and blobs. It reads no byte at or
 * past the blobs' start (format 8) but the header's (format-early.ts decodes it before they are read).
 */
export function decodeBody(
  bytes: Buffer,
  source: string,
  create: (registry: RegistryStore) => ImageCore,
  version: number,
  place: BodyPlace,
  onEntries?: EntryProgress,
): ImageCore {
  const fail = (offset: number, message: string): never => {
    throw new InputError(source, message, `byte ${offset}`);
  };
  const { headerStart, headerLength, end } = place;
  if (headerStart + headerLength > end)
    fail(
      place.segments ? place.segments.at(-1)!.start + 8 : 12,
      `header length ${headerLength} runs past the end of the file`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.subarray(headerStart, headerStart + headerLength).toString('utf8'));
  } catch (error) {
    return fail(headerStart, `header is not valid JSON: ${(error as Error).message}`);
  }
  const header = checkHeader(parsed, source, version);
  let offset = headerStart + headerLength;
  const table = { start: offset, end: offset };
  if (version >= 2) {
    const length = header.entryTableBytes;
    const counts = header.volumes.map((volume) => volume.entryCount);
    if (!Number.isInteger(length) || counts.some((count) => !Number.isInteger(count) || count! < 1))
      fail(headerStart, "the header does not give the entry table and its volumes' record counts");
    table.end = offset + length!;
    if (table.end > end) fail(offset, 'the entry table runs past the end of the file');
    offset = table.end;
  }
  const registryEnd = offset + header.registryBytes;
  if (registryEnd > end) fail(offset, 'registry runs past the end of the file');
  const last = place.segments?.at(-1);
  if (last && registryEnd !== last.blobsStart)
    fail(last.start + 24, `the blobs start at byte ${registryEnd}, not where the segment says`);
  const registry = RegistryStore.deserialize(bytes.subarray(offset, registryEnd));
  const blobs = takeBlobs(bytes, header, registryEnd, place, source);
  const image = create(registry);
  image.clock = header.clock;
  image.systemDrive = header.systemDrive;
  image.session = header.session;
  const contents = new ContentReader(blobs, header.sameContent ?? [], source);
  try {
    if (version >= 2) buildFromTable(image, header, bytes, table, contents, source, version, onEntries);
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

/**
 * The blobs the header lists: those written after the registry, in order, up to the end of the
 * body; in format 8 also those it names by offset, each inside the blobs of an earlier segment.
 */
function takeBlobs(bytes: Buffer, header: Header, start: number, place: BodyPlace, source: string): Buffer[] {
  // decodeBody checked that they start where the last segment says
  const earlier = place.segments?.slice(0, -1) ?? [];
  const blobs: Buffer[] = [];
  let offset = start;
  const { blobSizes, blobAt } = header;
  for (let i = 0; i < blobSizes.length; i++) {
    const size = blobSizes[i];
    const at = blobAt?.[i] ?? -1;
    if (at >= 0) {
      if (!inBlobs(earlier, at, size))
        throw new InputError(
          source,
          `blob ${i} (${size} bytes at byte ${at}) is not inside an earlier segment's blobs`,
          `header /blobAt/${i}`,
        );
      blobs.push(bytes.subarray(at, at + size));
      continue;
    }
    if (offset + size > place.end)
      throw new InputError(source, `content blob ${i} runs past the end of the file`, `byte ${offset}`);
    blobs.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  if (offset !== place.end)
    throw new InputError(
      source,
      `${place.end - offset} unexplained bytes before the checksum`,
      `byte ${offset}`,
    );
  return blobs;
}
