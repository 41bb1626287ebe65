/**
 * Format 4 writes each distinct content once. Files whose content is the same view of the same
 * memory (an install's working copy, installed file and dllcache copy of one package member; a
 * fork's files; a loaded image's files that were written once) share one blob; the header's
 * `sameContent` lists them as pairs of the file's ordinal (in record order over all volumes) and
 * the blob it shares with an earlier file. Content buffers are never written in place, so the same
 * view is the same bytes.
 */
import { InputError } from '../errors/index.js';

/** The save side: which blob, if any, already holds a file's content. */
export class ContentWriter {
  /**
   * Per memory, the blob of the first view at each offset (no text key per file: a loaded image's
   * files are all views of one memory); `other` holds views that start where another length did.
   */
  private readonly seen = new Map<ArrayBufferLike, Map<number, number>>();
  private readonly other = new Map<ArrayBufferLike, Map<string, number>>();
  /** The memory of the last view looked up and its views (files mostly come a memory at a time). */
  private lastMemory: ArrayBufferLike | undefined;
  private lastViews = new Map<number, number>();
  /** Pairs of (file ordinal, earlier blob index) for the header. */
  readonly sameContent: number[] = [];
  private file = 0;
  /** Per blob, its length (the header's `blobSizes`). */
  readonly sizes: number[] = [];
  /** The bytes of every blob. */
  blobBytes = 0;

  /**
   * Format 8: per blob, the file offset where an earlier segment holds it, or -1 for a blob written
   * in this segment (filled only when `locate` is given).
   */
  readonly at: number[] = [];
  /** With `locate`: the blobs this segment writes (those at -1), in order, and their bytes. */
  readonly local: Uint8Array[] = [];
  localBytes = 0;
  /** With `locate`: how many blobs an earlier segment holds. */
  located = 0;

  constructor(
    private readonly blobs: Uint8Array[],
    private readonly dedupe: boolean,
    /** Where the file being appended to already holds these bytes, if it does. */
    private readonly locate?: (data: Uint8Array) => number | undefined,
  ) {}

  /** Adds the next file's content: a new blob, or a pair naming the blob that holds it already. */
  add(data: Uint8Array): void {
    const ordinal = this.file++;
    const earlier = this.dedupe ? this.earlierBlob(data) : undefined;
    if (earlier !== undefined) {
      this.sameContent.push(ordinal, earlier);
      return;
    }
    this.blobs.push(data);
    this.count(data, this.locate?.(data) ?? -1);
  }

  /** The blob of an earlier view the same as `data`, else undefined (and `data` is recorded as the next blob). */
  private earlierBlob(data: Uint8Array): number | undefined {
    const views = this.viewsOf(data.buffer);
    const first = views.get(data.byteOffset);
    if (first === undefined) {
      views.set(data.byteOffset, this.blobs.length);
      return undefined;
    }
    return this.sizes[first] === data.byteLength ? first : this.otherView(data);
  }

  /**
   * Counts the blobs others appended to `blobs` since the last file (the journal's, or format 1's
   * rows'): with `locate`, each is written with the segment.
   */
  countAppended(): void {
    for (let i = this.sizes.length; i < this.blobs.length; i++) this.count(this.blobs[i], -1);
  }

  /** Notes a blob's size and, with `locate`, where the file holds it (-1: written here). */
  private count(blob: Uint8Array, at: number): void {
    this.sizes.push(blob.byteLength);
    this.blobBytes += blob.byteLength;
    if (!this.locate) return;
    this.at.push(at);
    if (at >= 0) {
      this.located++;
      return;
    }
    this.local.push(blob);
    this.localBytes += blob.byteLength;
  }

  /** The first views at each offset of `memory`. */
  private viewsOf(memory: ArrayBufferLike): Map<number, number> {
    if (memory === this.lastMemory) return this.lastViews;
    let views = this.seen.get(memory);
    if (!views) this.seen.set(memory, (views = new Map()));
    this.lastMemory = memory;
    this.lastViews = views;
    return views;
  }

  /** The blob of an earlier view with this offset and length but not the first at its offset, else records it. */
  private otherView(data: Uint8Array): number | undefined {
    let views = this.other.get(data.buffer);
    if (!views) this.other.set(data.buffer, (views = new Map()));
    const key = `${data.byteOffset}:${data.byteLength}`;
    const earlier = views.get(key);
    if (earlier === undefined) views.set(key, this.blobs.length);
    return earlier;
  }
}

/** The load side: each file's content in record order, checked against the size its entry gives. */
export class ContentReader {
  /** Blobs taken by files so far (the next new one is `blobs[next]`). */
  private next = 0;
  private file = 0;
  private pair = 0;

  constructor(
    private readonly blobs: readonly Buffer[],
    private readonly sameContent: readonly number[],
    private readonly source: string,
  ) {}

  /** The next file's content; `where` is asked only for an error. */
  take(size: number, what: string, where: () => string): Buffer {
    let data: Buffer | undefined;
    if (this.pair < this.sameContent.length && this.sameContent[this.pair] === this.file) {
      const blob = this.sameContent[this.pair + 1];
      if (blob >= this.next)
        throw new InputError(
          this.source,
          `content of '${what}' names blob ${blob}, which no earlier file has`,
          where(),
        );
      data = this.blobs[blob];
      this.pair += 2;
    } else {
      data = this.blobs[this.next++];
    }
    this.file++;
    if (!data || data.byteLength !== size)
      throw new InputError(this.source, `content of '${what}' is missing or has the wrong size`, where());
    return data;
  }

  /** After the last file: every pair must have named one of the files. */
  finish(): void {
    if (this.pair < this.sameContent.length)
      throw new InputError(
        this.source,
        `sameContent names file ${this.sameContent[this.pair]}, which is not the next file after the ones before it`,
        `header /sameContent/${this.pair}`,
      );
  }
}
