import { invalidArgument } from './errors.js';

/** Options every call reads: its encoding and flag, and all of them as given. */
export interface CallOptions {
  encoding: BufferEncoding | null;
  flag: unknown;
  raw: Record<string, unknown>;
}

function checkEncoding(encoding: unknown): BufferEncoding | null {
  if (encoding === undefined || encoding === null || encoding === 'buffer') return null;
  if (typeof encoding === 'string' && Buffer.isEncoding(encoding)) return encoding;
  throw invalidArgument(
    `The argument 'encoding' is invalid encoding. Received '${String(encoding)}'`,
    'ERR_INVALID_ARG_VALUE',
  );
}

/**
 * Reads a call's options (a string is the encoding). Every option Node has for these calls is
 * honoured; a name Node does not know is ignored, as Node ignores it (libraries such as jsonfile
 * pass their own options, `fs`, `spaces`, `throws`, on to readFile and writeFile).
 */
export function callOptions(options: unknown): CallOptions {
  if (options === undefined || options === null) return { encoding: null, flag: undefined, raw: {} };
  if (typeof options === 'string') return { encoding: checkEncoding(options), flag: undefined, raw: {} };
  if (typeof options !== 'object') throw invalidArgument(`The "options" argument must be of type object`);
  const raw = options as Record<string, unknown>;
  return { encoding: checkEncoding(raw.encoding), flag: raw.flag, raw };
}

/** Data given to a write, as bytes (a string in the given encoding). */
export function bytesOf(data: unknown, encoding: BufferEncoding | null): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, encoding ?? 'utf8');
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw invalidArgument(
    `The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView.`,
  );
}

/** Bytes as a call returns them: a string in the encoding, or a Buffer. */
export function encoded(data: Buffer, encoding: BufferEncoding | null): Buffer | string {
  return encoding ? data.toString(encoding) : data;
}

/**
 * Node's `parseFileMode`: a mode is a 32-bit unsigned integer or an octal string ('444');
 * undefined or null gives `fallback` (with none, a TypeError as Node's chmod gives).
 */
export function fileMode(value: unknown, fallback?: number): number {
  const mode = value ?? fallback;
  if (typeof mode === 'string') {
    if (!/^[0-7]+$/.test(mode))
      throw invalidArgument(
        `The argument 'mode' must be a 32-bit unsigned integer or an octal string. Received '${mode}'`,
        'ERR_INVALID_ARG_VALUE',
      );
    return parseInt(mode, 8);
  }
  if (typeof mode !== 'number') throw invalidArgument(`The "mode" argument must be of type number`);
  if (!Number.isInteger(mode) || mode < 0 || mode > 0xffffffff) {
    const error = new RangeError(`The value of "mode" is out of range. Received ${mode}`);
    throw Object.assign(error, { code: 'ERR_OUT_OF_RANGE' });
  }
  return mode;
}
