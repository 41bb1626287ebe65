/** Reading a package file's fields in order, with damage reported at the byte offset where it is found. */
import { InputError } from '../errors/index.js';
import { asBuffer } from '../image/index.js';

/** Reads fields in order and reports damage at the byte offset where it was found. */
export class FieldReader {
  offset = 0;
  /** The file, as a Buffer (a view of the bytes given, not a copy). */
  readonly bytes: Buffer;
  private readonly view: DataView;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(
    bytes: Uint8Array,
    readonly source: string,
  ) {
    this.bytes = asBuffer(bytes);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(message: string, offset = this.offset): never {
    throw new InputError(this.source, message, `offset ${offset}`);
  }

  need(length: number, what: string): number {
    const remaining = this.bytes.length - this.offset;
    if (length > remaining) {
      this.fail(`expected ${what} (${length} bytes) but the file ends after ${remaining} more bytes`);
    }
    const at = this.offset;
    this.offset += length;
    return at;
  }

  u8(what: string): number {
    return this.view.getUint8(this.need(1, what));
  }

  u16(what: string): number {
    return this.view.getUint16(this.need(2, what), true);
  }

  u32(what: string): number {
    return this.view.getUint32(this.need(4, what), true);
  }

  slice(length: number, what: string): Uint8Array {
    const at = this.need(length, what);
    return this.bytes.subarray(at, at + length);
  }

  text(length: number, what: string): string {
    const at = this.offset;
    const bytes = this.slice(length, what);
    let ascii = true;
    for (let i = 0; i < bytes.length && ascii; i++) ascii = bytes[i] < 0x80;
    if (ascii) return this.bytes.toString('latin1', at, at + length);
    try {
      return this.decoder.decode(bytes);
    } catch {
      this.fail(`${what} is not valid UTF-8`, at);
    }
  }
}
