/**
 * Reading and writing the queue in the image's registry: MoveFileEx with
 * MOVEFILE_DELAY_UNTIL_REBOOT (Q1-Q7), the two queue values and the progress markers a
 * `transactional` boot leaves behind.
 */
import { WinError } from '../errors/index.js';
import type { ImageCore } from '../image/index.js';
import { MOVEFILE, applyOp, checkMoveFlags, setRegistryRawValue } from '../ops/index.js';
import { toNtPath } from '../path/index.js';
import { REG_TYPES, regTypeName } from '../registry/index.js';
import { decodePendingPairs, encodePendingRenames, pendingRenameAppend, type PendingPairs } from './codec.js';
import {
  PENDING_RENAME_VALUES,
  SESSION_MANAGER_KEY,
  type DecodeProblem,
  type PendingValue,
} from './queue-entry.js';

/** The DWORD in the Session Manager key that lets boot-time renames replace protected files (B18). */
export const ALLOW_PROTECTED_RENAMES = 'AllowProtectedRenames';

/**
 * Engine-only DWORDs: how many entries of value 1 / value 2 an interrupted `transactional` boot has
 * already carried out. Written in the same rollback transaction as each entry, deleted with the value.
 */
export const PROGRESS_VALUES = {
  1: 'svcpack.PendingFileRenameOperationsDone',
  2: 'svcpack.PendingFileRenameOperations2Done',
} as const;

const REG_MULTI_SZ = REG_TYPES.REG_MULTI_SZ;
const REG_DWORD = REG_TYPES.REG_DWORD;

const NO_PAIRS: PendingPairs = {
  length: 0,
  entry: () => {
    throw new RangeError('no entries');
  },
  entryInto: () => {
    throw new RangeError('no entries');
  },
};

/** The entries of one queue value still to be processed, as the registry holds it now. */
export interface QueueValue {
  value: PendingValue;
  /** Every readable entry of the value, including those an interrupted transactional boot already did. */
  pairs: PendingPairs;
  /** How many leading entries an interrupted transactional boot already did (0 normally). */
  done: number;
  problems: DecodeProblem[];
  /** The stored bytes (undefined when the value has another type than REG_MULTI_SZ). */
  bytes: Uint8Array | undefined;
}

/** Reads a DWORD of the Session Manager key; undefined if it is absent or not a 4-byte DWORD. */
export function readSessionDword(image: ImageCore, name: string): number | undefined {
  const raw = image.registry.getRawValue(SESSION_MANAGER_KEY, name);
  if (raw === undefined || raw.type !== REG_DWORD || raw.bytes.byteLength !== 4) return undefined;
  return new DataView(raw.bytes.buffer, raw.bytes.byteOffset, 4).getUint32(0, true);
}

/** The little-endian bytes of a REG_DWORD. */
export function dwordBytes(value: number): Uint8Array {
  // From Node's small-buffer pool: a transactional boot writes one per entry.
  const bytes = Buffer.allocUnsafe(4);
  bytes.writeUInt32LE(value >>> 0, 0);
  return bytes;
}

/** Whether `AllowProtectedRenames` is 1 (B18). */
export function allowProtectedRenames(image: ImageCore): boolean {
  return readSessionDword(image, ALLOW_PROTECTED_RENAMES) === 1;
}

/** Reads one queue value, or undefined if it does not exist. */
export function readQueueValue(image: ImageCore, value: PendingValue): QueueValue | undefined {
  const name = PENDING_RENAME_VALUES[value];
  const raw = image.registry.getRawValue(SESSION_MANAGER_KEY, name);
  if (raw === undefined) return undefined;
  if (raw.type !== REG_MULTI_SZ) {
    const type = regTypeName(raw.type) ?? `type ${raw.type}`;
    return {
      value,
      pairs: NO_PAIRS,
      done: 0,
      bytes: undefined,
      problems: [{ offset: 0, message: `${name} is ${type}, not REG_MULTI_SZ: nothing in it is processed` }],
    };
  }
  const decoded = decodePendingPairs(raw.bytes, value);
  const problems = decoded.problems.map((p) => ({ offset: p.offset, message: `${name}: ${p.message}` }));
  const done = Math.min(readSessionDword(image, PROGRESS_VALUES[value]) ?? 0, decoded.pairs.length);
  return { value, pairs: decoded.pairs, done, problems, bytes: raw.bytes };
}

/** Both queue values, value 1 first (B1); absent values are left out. */
export function readQueue(image: ImageCore): QueueValue[] {
  const values: QueueValue[] = [];
  for (const value of [1, 2] as const) {
    const read = readQueueValue(image, value);
    if (read) values.push(read);
  }
  return values;
}

/** The NT form (`\??\C:\x`) of a Win32 path as MoveFileEx stores it; a UNC source is refused (Q4). */
function ntPathOf(image: ImageCore, path: string, what: 'source' | 'destination'): string {
  const resolved = image.resolve(path);
  if (what === 'source' && resolved.drive === undefined) {
    throw new WinError(
      'ERROR_INVALID_PARAMETER',
      path,
      'a delayed move needs a local source, not a network path',
    );
  }
  return toNtPath(resolved);
}

/**
 * MoveFileEx with MOVEFILE_DELAY_UNTIL_REBOOT: appends one (source, destination) pair to the queue
 * exactly as Windows writes it (`\??\` paths, `!` for REPLACE_EXISTING, an empty destination for a
 * delete, the list's final extra NUL). Returns only once the entry is recorded; it says nothing about
 * whether the boot-time operation will succeed (Q7).
 *
 * - Q4: COPY_ALLOWED or CREATE_HARDLINK with DELAY_UNTIL_REBOOT, or a UNC source: ERROR_INVALID_PARAMETER
 *   (so are flags without DELAY_UNTIL_REBOOT and unknown bits). WRITE_THROUGH is accepted and ignored (Q5).
 * - Q1: a caller without administrative rights: ERROR_ACCESS_DENIED.
 * - Q2: the source is not looked up; a missing or locked source is queued.
 * - Q6: `destination` null queues a delete.
 * - Q3: the pair is appended, order kept. An existing queue value of another type than REG_MULTI_SZ
 *   fails with ERROR_INVALID_DATATYPE. As ReactOS does, the pair goes to `PendingFileRenameOperations2`
 *   when that value already exists.
 */
export function queueRename(
  image: ImageCore,
  source: string,
  destination: string | null,
  flags: number,
): void {
  if (image.poweredOff) throw new WinError('ERROR_NOT_READY', source, 'the machine is off: reboot it');
  checkMoveFlags(flags);
  if (!(flags & MOVEFILE.DELAY_UNTIL_REBOOT)) {
    throw new WinError('ERROR_INVALID_PARAMETER', source, 'queueRename needs MOVEFILE_DELAY_UNTIL_REBOOT');
  }
  if (flags & (MOVEFILE.COPY_ALLOWED | MOVEFILE.CREATE_HARDLINK)) {
    throw new WinError(
      'ERROR_INVALID_PARAMETER',
      source,
      'MOVEFILE_DELAY_UNTIL_REBOOT cannot be combined with MOVEFILE_COPY_ALLOWED or MOVEFILE_CREATE_HARDLINK',
    );
  }
  const ntSource = ntPathOf(image, source, 'source');
  const ntDestination = destination === null ? null : ntPathOf(image, destination, 'destination');
  if (!image.session.administrator) {
    throw new WinError(
      'ERROR_ACCESS_DENIED',
      SESSION_MANAGER_KEY,
      'only an administrator may queue a boot-time rename',
    );
  }
  const registry = image.registry;
  const value: PendingValue = registry.withRawValue(SESSION_MANAGER_KEY, PENDING_RENAME_VALUES[2], () => true)
    ? 2
    : 1;
  const name = PENDING_RENAME_VALUES[value];
  const request = {
    source: ntSource,
    destination: ntDestination,
    replaceExisting: ntDestination !== null && (flags & MOVEFILE.REPLACE_EXISTING) !== 0,
  };
  // Lent, not read out: reading the value would make the next append copy it.
  const append = registry.withRawValue(SESSION_MANAGER_KEY, name, (existing) => {
    if (existing.type !== REG_MULTI_SZ) {
      throw new WinError(
        'ERROR_INVALID_DATATYPE',
        `${SESSION_MANAGER_KEY}\\${name}`,
        'the queue value is not REG_MULTI_SZ',
      );
    }
    return pendingRenameAppend(existing.bytes, request);
  });
  if (append === undefined) {
    setRegistryRawValue(image, SESSION_MANAGER_KEY, name, REG_MULTI_SZ, encodePendingRenames([request]));
  } else {
    applyOp(image, { kind: 'regAppend', key: SESSION_MANAGER_KEY, name, ...append });
  }
}

/**
 * Sets `AllowProtectedRenames` to 1, as update.exe does when it queues a rename onto a file that
 * Windows File Protection guards (B18: without it the boot leaves the protected file alone).
 */
export function setAllowProtectedRenames(image: ImageCore): void {
  applyOp(image, {
    kind: 'regSet',
    key: SESSION_MANAGER_KEY,
    name: ALLOW_PROTECTED_RENAMES,
    value: { type: REG_TYPES.REG_DWORD, bytes: dwordBytes(1) },
  });
}
