/**
 * A growing list of fixed-width rows of cells, kept in chunks of a fixed size. A boot appends a row
 * or two for each of up to millions of changes: one growing array is copied into a larger one each
 * time it fills, and past a few hundred kilobytes each copy is fresh memory the system must map,
 * which cost more than the rest of the append. A chunk, once made, is never copied.
 */

/** Rows per chunk: a chunk of a few rows' cells stays in the young generation (under 128 KiB). */
const ROWS_PER_CHUNK = 2048;
const CHUNK_SHIFT = 11;
const CHUNK_MASK = ROWS_PER_CHUNK - 1;

export class Rows {
  private readonly chunks: unknown[][] = [];
  private rows = 0;
  /** The index in its chunk of the first cell of the row {@link add} added last. */
  at = 0;

  constructor(
    /** Cells per row. */
    readonly width: number,
  ) {}

  get length(): number {
    return this.rows;
  }

  /**
   * Adds a row; returns the chunk its cells are in, from {@link at} on, to fill in (they hold
   * `undefined` until then). The row's number is the length before the call.
   */
  add(): unknown[] {
    const row = this.rows++;
    const chunk = row >>> CHUNK_SHIFT;
    if (chunk === this.chunks.length)
      this.chunks.push(new Array<unknown>(ROWS_PER_CHUNK * this.width).fill(undefined));
    this.at = (row & CHUNK_MASK) * this.width;
    return this.chunks[chunk];
  }

  /** The chunk holding `row`'s cells. */
  chunkOf(row: number): unknown[] {
    return this.chunks[row >>> CHUNK_SHIFT];
  }

  /** The index of `row`'s first cell in its chunk. */
  cellOf(row: number): number {
    return (row & CHUNK_MASK) * this.width;
  }

  /** Drops the rows from `length` on; their cells no longer hold what they held. */
  truncate(length: number): void {
    if (length >= this.rows) return;
    // the rest of the chunk `length` falls in lets go of what it held; later chunks go
    this.chunks[length >>> CHUNK_SHIFT]?.fill(undefined, this.cellOf(length));
    this.chunks.length = Math.ceil(length / ROWS_PER_CHUNK);
    this.rows = length;
  }
}
