import { InputError } from '../errors/index.js';
import type { PrimitiveOp } from './primitive.js';

/** A primitive operation with its byte arrays moved out into a blob table (for files and traces). */
export type StoredOp = Record<string, unknown>;

/** Replaces every Uint8Array in the ops by `{ blob: index }`, appending the bytes to `blobs`. */
export function storeOps(ops: readonly PrimitiveOp[], blobs: Uint8Array[]): StoredOp[] {
  return ops.map((op) => {
    if (op.kind === 'write') return { ...op, data: { blob: blobs.push(op.data) - 1 } };
    if (op.kind === 'regSet') {
      return { ...op, value: { type: op.value.type, bytes: { blob: blobs.push(op.value.bytes) - 1 } } };
    }
    return { ...op };
  });
}

const KINDS = new Set([
  'mkdir',
  'write',
  'rename',
  'delete',
  'setAttributes',
  'regCreateKey',
  'regDeleteKey',
  'regSet',
  'regDelete',
]);

/** The inverse of `storeOps`; `where` names the place for errors. */
export function restoreOps(
  stored: unknown,
  blobs: readonly Uint8Array[],
  source: string,
  where: string,
): PrimitiveOp[] {
  if (!Array.isArray(stored)) throw new InputError(source, 'expected a list of operations', where);
  const blob = (ref: unknown, at: string): Uint8Array => {
    const index = (ref as { blob?: unknown } | null)?.blob;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= blobs.length) {
      throw new InputError(source, `blob reference ${JSON.stringify(ref)} is out of range`, at);
    }
    return blobs[index];
  };
  return stored.map((raw, i) => {
    const at = `${where}/${i}`;
    const op = raw as Record<string, unknown>;
    if (!op || typeof op !== 'object' || !KINDS.has(op.kind as string)) {
      throw new InputError(source, `unknown operation ${JSON.stringify(op?.kind)}`, at);
    }
    if (op.kind === 'write') return { ...op, data: blob(op.data, `${at}/data`) } as PrimitiveOp;
    if (op.kind === 'regSet') {
      const value = op.value as { type: number; bytes: unknown };
      return {
        ...op,
        value: { type: value.type, bytes: blob(value.bytes, `${at}/value/bytes`) },
      } as PrimitiveOp;
    }
    return op as PrimitiveOp;
  });
}
