/**
 * The `PendingFileRenameOperations` codec: UTF-16LE `REG_MULTI_SZ` data read in
 * (source, destination) pairs, byte for byte as MoveFileEx writes it.
 */
import { InputError, type InputProblem } from '../errors/index.js';
import type {
  DecodeProblem,
  DecodeResult,
  PendingEntry,
  PendingRenameRequest,
  PendingValue,
} from './queue-entry.js';

const UNIT = 2;
const REPLACE_MARK = '!';
const REACTOS_MARK = '@';

function isNulUnit(bytes: Uint8Array, unit: number): boolean {
  return bytes[unit * UNIT] === 0 && bytes[unit * UNIT + 1] === 0;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Fills `into` in with the entry of a (source, destination) pair as stored, and returns it. */
function fillEntry(
  into: PendingEntry,
  rawSource: string,
  rawDestination: string,
  value: PendingValue,
  index: number,
): PendingEntry {
  if (rawDestination === '') {
    // ReactOS strips '@' from a delete's source only (smss SmpProcessFileRenames).
    into.source = rawSource.startsWith(REACTOS_MARK) ? rawSource.slice(1) : rawSource;
    into.destination = null;
    into.replaceExisting = false;
  } else {
    const marked = rawDestination.startsWith(REPLACE_MARK) || rawDestination.startsWith(REACTOS_MARK);
    into.source = rawSource;
    into.destination = marked ? rawDestination.slice(1) : rawDestination;
    into.replaceExisting = marked;
  }
  into.rawSource = rawSource;
  into.rawDestination = rawDestination;
  into.value = value;
  into.index = index;
  return into;
}

/** An entry to fill in (`PendingPairs.entryInto`), its fields in the order every entry has them. */
export function blankEntry(): PendingEntry {
  return {
    source: '',
    destination: null,
    replaceExisting: false,
    rawSource: '',
    rawDestination: '',
    value: 1,
    index: 0,
  };
}

/**
 * A decoded value's readable pairs, each made into a {@link PendingEntry} only when asked for: a boot
 * of a million entries then keeps each one only while it runs, not all of them for the whole boot.
 */
export interface PendingPairs {
  readonly length: number;
  /** The `i`th readable pair (0-based, skipped pairs not counted), as a new entry. */
  entry(i: number): PendingEntry;
  /**
   * {@link entry} written into `into` (from {@link blankEntry}), which it returns: a boot that keeps
   * nothing of an entry once it has run fills one object in for all of them.
   */
  entryInto(i: number, into: PendingEntry): PendingEntry;
}

/** {@link DecodeResult} with the entries as {@link PendingPairs}. */
export interface PairsDecodeResult extends Omit<DecodeResult, 'entries'> {
  pairs: PendingPairs;
}

class DecodedPairs implements PendingPairs {
  constructor(
    private readonly strings: readonly string[],
    /** The index in `strings` of each readable pair's source. */
    private readonly sources: Int32Array,
    readonly length: number,
    private readonly value: PendingValue,
  ) {}

  entry(i: number): PendingEntry {
    return this.entryInto(i, blankEntry());
  }

  entryInto(i: number, into: PendingEntry): PendingEntry {
    const at = this.sources[i];
    return fillEntry(into, this.strings[at], this.strings[at + 1], this.value, at >>> 1);
  }
}

/**
 * The pairs of a value without any, one per value, made once. They also keep the class's hidden
 * class alive: V8 holds it only while an object has it, and when the last decoded value of a boot
 * died with it, the code that reads pairs was thrown away and compiled again at the next boot.
 */
const NO_PAIRS: Record<PendingValue, DecodedPairs> = {
  1: new DecodedPairs([], new Int32Array(0), 0, 1),
  2: new DecodedPairs([], new Int32Array(0), 0, 2),
};

/** The strings of a value's data, one native decode then a split, the list terminator taken off. */
function splitStrings(bytes: Uint8Array, unitCount: number, problems: DecodeProblem[]): string[] {
  // Each part is a string; the last part is whatever follows the last NUL ('' when the data ends with a NUL).
  const strings = asBuffer(bytes)
    .toString('utf16le', 0, unitCount * UNIT)
    .split('\0');
  const tail = strings.pop() ?? '';
  if (tail !== '') {
    strings.push(tail);
    problems.push({
      offset: unitCount * UNIT,
      message: 'the last string has no terminating NUL and the list no final NUL: the string is still read',
    });
  } else if (strings.length > 0 && strings[strings.length - 1] === '') {
    strings.pop(); // the list terminator
  } else if (strings.length > 0) {
    problems.push({ offset: unitCount * UNIT, message: 'the list has no final NUL after its last string' });
  }
  return strings;
}

/** The index of each readable pair's source in `strings`, problems noted for the others. */
function readablePairs(strings: readonly string[], problems: DecodeProblem[]): Int32Array {
  const sources = new Int32Array(strings.length >>> 1);
  let count = 0;
  let offset = 0; // in bytes, of the pair's source
  for (let i = 0; i < strings.length; i += 2) {
    const rawSource = strings[i];
    if (i + 1 >= strings.length) {
      problems.push({
        offset,
        message:
          rawSource === ''
            ? 'extra NUL after the last pair (odd number of strings)'
            : `source '${rawSource}' has no destination (odd number of strings): not queued`,
      });
      break;
    }
    const rawDestination = strings[i + 1];
    if (rawSource === '') {
      problems.push({
        offset,
        message:
          rawDestination === ''
            ? 'empty pair (extra NULs inside the list): skipped'
            : `empty source for destination '${rawDestination}': the pair is skipped`,
      });
    } else {
      sources[count++] = i;
    }
    offset += (rawSource.length + rawDestination.length + 2) * UNIT;
  }
  return sources.subarray(0, count);
}

/**
 * {@link decodePendingRenames} with each entry made only when asked for ({@link PendingPairs}):
 * same problems, same entries.
 */
export function decodePendingPairs(bytes: Uint8Array, value: PendingValue = 1): PairsDecodeResult {
  const problems: DecodeProblem[] = [];
  const unitCount = bytes.length >>> 1;
  if (bytes.length % UNIT !== 0) {
    problems.push({
      offset: bytes.length - 1,
      message: 'odd byte length: the last byte is not a UTF-16 unit and is ignored',
    });
  }
  const endsWithDoubleNul =
    unitCount >= 2 && isNulUnit(bytes, unitCount - 1) && isNulUnit(bytes, unitCount - 2);
  const strings = splitStrings(bytes, unitCount, problems);
  if (strings.every((text) => text === '')) return { pairs: NO_PAIRS[value], problems, endsWithDoubleNul };
  const sources = readablePairs(strings, problems);
  return { pairs: new DecodedPairs(strings, sources, sources.length, value), problems, endsWithDoubleNul };
}

/** The entries of `pairs` from the `start`th on. */
export function pendingEntriesFrom(pairs: PendingPairs, start = 0): PendingEntry[] {
  const entries: PendingEntry[] = [];
  for (let i = start; i < pairs.length; i++) entries.push(pairs.entry(i));
  return entries;
}

/**
 * Decodes one queue value. UTF-16LE `REG_MULTI_SZ` with EMPTY strings inside (an empty
 * destination = delete): unlike a codec that stops at the first empty string, every later
 * entry is kept. The list terminator is the final NUL when the data ends in two NULs.
 *
 * Damaged data never throws; each problem is reported with its byte offset and every readable
 * pair is still returned:
 * - odd byte length: the last byte is ignored;
 * - missing final NULs: the last string is still read;
 * - odd number of strings: the dangling source is reported and not turned into an entry;
 * - a pair with an empty source is reported and skipped (it cannot name a file);
 * - extra NULs after the list are reported (an all-NUL value is simply an empty list).
 *
 * @param value which value the bytes came from (tags each entry; 1 = `PendingFileRenameOperations`).
 */
export function decodePendingRenames(bytes: Uint8Array, value: PendingValue = 1): DecodeResult {
  const { pairs, problems, endsWithDoubleNul } = decodePendingPairs(bytes, value);
  return { entries: pendingEntriesFrom(pairs), problems, endsWithDoubleNul };
}

function storedDestination(entry: PendingRenameRequest): string {
  if (entry.destination === null) return '';
  return entry.replaceExisting ? REPLACE_MARK + entry.destination : entry.destination;
}

function validate(entries: readonly PendingRenameRequest[]): void {
  const problems: InputProblem[] = [];
  entries.forEach((entry, i) => {
    if (entry.source === '') problems.push({ where: `entries[${i}].source`, message: 'empty source' });
    if (entry.source.includes('\0'))
      problems.push({ where: `entries[${i}].source`, message: 'contains a NUL character' });
    if (entry.destination === null) {
      if (entry.source.startsWith(REACTOS_MARK)) {
        problems.push({
          where: `entries[${i}].source`,
          message: "a delete's source starting with '@' reads back without it",
        });
      }
      return;
    }
    if (entry.destination.includes('\0')) {
      problems.push({ where: `entries[${i}].destination`, message: 'contains a NUL character' });
    }
    if (!entry.replaceExisting && /^[!@]/.test(entry.destination)) {
      problems.push({
        where: `entries[${i}].destination`,
        message: "starts with '!' or '@', which would read back as replace",
      });
    }
    if (entry.destination === '' && !entry.replaceExisting) {
      problems.push({
        where: `entries[${i}].destination`,
        message: 'empty destination would mean delete: use null',
      });
    }
  });
  if (problems.length > 0) throw new InputError('pending rename entries', problems);
}

/**
 * Exactly the bytes Windows (MoveFileEx) writes: for each pair `src\0` + (`!` if replace) + `dst\0`
 * (or just `\0` for a delete), then one final extra NUL. `replaceExisting` is ignored on a delete,
 * as MoveFileEx ignores MOVEFILE_REPLACE_EXISTING without a destination (`!` never marks a delete).
 *
 * @throws InputError listing every entry that would not read back as given: an empty source, a NUL
 *   inside a path, an empty destination without `!` (a delete), a destination starting with `!` or `@`
 *   without replace (a replace), a delete's source starting with `@` (stripped by the reader).
 */
export function encodePendingRenames(entries: readonly PendingRenameRequest[]): Uint8Array {
  validate(entries);
  let units = 1;
  const destinations = entries.map(storedDestination);
  entries.forEach((entry, i) => {
    units += entry.source.length + 1 + destinations[i].length + 1;
  });
  const out = Buffer.alloc(units * UNIT); // zero-filled: every NUL is already in place
  let position = 0;
  entries.forEach((entry, i) => {
    position += out.write(entry.source, position, 'utf16le') + UNIT;
    position += out.write(destinations[i], position, 'utf16le') + UNIT;
  });
  return out;
}

/** Appending one pair to a value: its bytes from `at` on are replaced by `bytes`. */
export interface PendingAppend {
  at: number;
  bytes: Uint8Array;
}

/**
 * How MoveFileEx appends one pair to existing value bytes (Q3: order kept), as a cut and an append, so
 * the queue grows by the pair instead of being rewritten: the list terminator is cut, the pair appended
 * and the list re-terminated. Where Windows would damage data it does not: a missing list terminator
 * is not "cut" (no string loses its NUL), an unterminated last string is terminated first and an odd
 * trailing byte is dropped. Undefined when the value holds no string (absent, empty or all NUL): the
 * pair then replaces it. Reads the value's last two units and its first units up to a non-NUL one.
 */
export function pendingRenameAppend(
  existing: Uint8Array | undefined,
  entry: PendingRenameRequest,
): PendingAppend | undefined {
  const unitCount = existing === undefined ? 0 : existing.length >>> 1;
  if (existing === undefined || !hasNonNulUnit(existing, unitCount)) return undefined;
  const addition = encodePendingRenames([entry]);
  if (!isNulUnit(existing, unitCount - 1)) {
    const bytes = new Uint8Array(UNIT + addition.length); // the NUL the last string lacked, then the pair
    bytes.set(addition, UNIT);
    return { at: unitCount * UNIT, bytes };
  }
  const at = isNulUnit(existing, unitCount - 2) ? (unitCount - 1) * UNIT : unitCount * UNIT;
  return { at, bytes: addition };
}

/** The bytes of `existing` with one pair appended the way {@link pendingRenameAppend} describes. */
export function appendPendingRename(
  existing: Uint8Array | undefined,
  entry: PendingRenameRequest,
): Uint8Array {
  const append = pendingRenameAppend(existing, entry);
  if (existing === undefined || append === undefined) return encodePendingRenames([entry]);
  const out = Buffer.alloc(append.at + append.bytes.length);
  out.set(existing.subarray(0, append.at), 0);
  out.set(append.bytes, append.at);
  return out;
}

function hasNonNulUnit(bytes: Uint8Array, unitCount: number): boolean {
  for (let unit = 0; unit < unitCount; unit++) {
    if (!isNulUnit(bytes, unit)) return true;
  }
  return false;
}
