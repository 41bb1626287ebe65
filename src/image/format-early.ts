/**
 * Decoding a format 8 file's body while its blobs are still being read. A load reads the file in
 * pieces that the system's threads fill in parallel (read-shared.ts); the header, entry table and
 * registry come first, so this thread builds the image from them while the threads read (and fault
 * in the fresh memory of) the contents. Nothing built counts before the whole file is read and
 * checked: `decodeImage` walks the segments and checks every checksum first, and takes the early
 * result (the image, or the error the decode met) only when the file's one segment is the one it
 * decoded. Only a file whose committed segment is its only one is decoded early (a full save); an
 * appended file is decoded after the read, as before. The decode reads no byte at or past the
 * blobs' start (decodeBody), so its result is the one a decode after the read would give.
 */
import type { RegistryStore } from '../registry/index.js';
import {
  FILE_HEADER_BYTES,
  MAGIC,
  SEGMENTED_FORMAT,
  SEGMENT_HEADER_BYTES,
  SEGMENT_MAGIC,
  TRAILER_BYTES,
  latestCommit,
  type Segment,
} from './format-layout.js';
import { IMAGE_FORMAT_VERSIONS, decodeBody, type EarlyBody } from './format.js';
import type { ImageCore } from './image-core.js';
import type { EntryProgress } from './load-progress.js';

/** Decodes the body once the bytes before its blobs are read (a `PrefixWatch` of format-file.ts). */
export class EarlyDecode {
  /** The result, once decoded (undefined when the file is not one to decode early). */
  decoded: EarlyBody | undefined;
  private settled = false;

  constructor(
    private readonly source: string,
    private readonly create: (registry: RegistryStore) => ImageCore,
    private readonly onEntries?: EntryProgress,
  ) {}

  /** With the file's bytes `[0, read)` read: where its blobs start, or 0 if it is not one to decode early. */
  prefixEnd(bytes: Buffer, read: number): number {
    if (read < FILE_HEADER_BYTES + SEGMENT_HEADER_BYTES) return 0;
    const segment = soleSegment(bytes);
    if (!segment) return 0;
    // a header that runs into the blobs would be parsed from bytes not read yet: decoded after the read
    const headerEnd = segment.start + SEGMENT_HEADER_BYTES + bytes.readUInt32LE(segment.start + 8);
    return headerEnd > segment.blobsStart ? 0 : segment.blobsStart;
  }

  /** The file's bytes `[0, to)` are read (the rest is being read): decodes the body if they hold it. */
  onPrefix(bytes: Buffer, to: number): void {
    if (this.settled) return;
    this.settled = true;
    const blobsStart = this.prefixEnd(bytes, to);
    if (blobsStart === 0 || to < blobsStart) return;
    const segment = soleSegment(bytes)!;
    const place = {
      headerStart: segment.start + SEGMENT_HEADER_BYTES,
      headerLength: bytes.readUInt32LE(segment.start + 8),
      end: segment.blobsEnd,
      segments: [segment],
    };
    try {
      const version = bytes.readUInt32LE(8);
      const image = decodeBody(bytes, this.source, this.create, version, place, this.onEntries);
      this.decoded = { segment, image };
    } catch (error) {
      this.decoded = { segment, error };
    }
  }
}

/**
 * The committed segment of a format 8 file from its opening bytes, when it is the file's only one
 * and its header's fields are in range; undefined otherwise (the walk after the read says why).
 */
function soleSegment(bytes: Buffer): Segment | undefined {
  const version = bytes.readUInt32LE(8);
  if (!bytes.subarray(0, 8).equals(MAGIC) || version < SEGMENTED_FORMAT) return undefined;
  if (!IMAGE_FORMAT_VERSIONS.includes(version)) return undefined;
  const commit = latestCommit(bytes);
  if (!commit || commit.offset !== FILE_HEADER_BYTES) return undefined;
  const { offset: start, length } = commit;
  const end = start + length;
  if (end > bytes.byteLength || length < SEGMENT_HEADER_BYTES + TRAILER_BYTES) return undefined;
  if (!bytes.subarray(start, start + 8).equals(SEGMENT_MAGIC)) return undefined;
  if (bytes.readBigUInt64LE(start + 16) !== BigInt(length)) return undefined;
  const blobsStart = bytes.readBigUInt64LE(start + 24);
  if (blobsStart < SEGMENT_HEADER_BYTES || blobsStart > BigInt(length - TRAILER_BYTES)) return undefined;
  return { start, blobsStart: start + Number(blobsStart), blobsEnd: end - TRAILER_BYTES, end };
}
