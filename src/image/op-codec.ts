import { isTimeFraction } from './file-time.js';
import { filled } from './lazy-file.js';
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
    if (op.kind === 'regAppend') return { ...op, bytes: { blob: blobs.push(op.bytes) - 1 } };
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
  'regAppend',
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
    return filled(blobs[index]);
  };
  return stored.map((raw, i) => {
    const at = `${where}/${i}`;
    const op = raw as Record<string, unknown>;
    if (!op || typeof op !== 'object' || !KINDS.has(op.kind as string)) {
      throw new InputError(source, `unknown operation ${JSON.stringify(op?.kind)}`, at);
    }
    const problem = fieldProblem(op);
    if (problem) throw new InputError(source, `a '${String(op.kind)}' operation ${problem}`, at);
    if (op.kind === 'write') return { ...op, data: blob(op.data, `${at}/data`) } as PrimitiveOp;
    if (op.kind === 'regSet') {
      const value = op.value as { type: number; bytes: unknown };
      return {
        ...op,
        value: { type: value.type, bytes: blob(value.bytes, `${at}/value/bytes`) },
      } as PrimitiveOp;
    }
    if (op.kind === 'regAppend') return { ...op, bytes: blob(op.bytes, `${at}/bytes`) } as PrimitiveOp;
    return op as PrimitiveOp;
  });
}

const TEXT_FIELDS: Record<string, readonly string[]> = {
  mkdir: ['path'],
  write: ['path'],
  rename: ['from', 'to'],
  delete: ['path'],
  setAttributes: ['path'],
  regCreateKey: ['key'],
  regDeleteKey: ['key'],
  regSet: ['key', 'name'],
  regAppend: ['key', 'name'],
  regDelete: ['key', 'name'],
};

const isU32 = (value: unknown): boolean =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;

/** What is wrong with a stored operation's fields (blob references are checked by the caller). */
function fieldProblem(op: Record<string, unknown>): string | undefined {
  for (const field of TEXT_FIELDS[op.kind as string]) {
    if (typeof op[field] !== 'string') return `needs a string '${field}'`;
  }
  if (op.kind === 'rename' && typeof op.replace !== 'boolean') return "needs a boolean 'replace'";
  if (op.kind === 'setAttributes' && !isU32(op.attributes)) return "needs 32-bit 'attributes'";
  if (op.kind === 'regSet' && !isU32((op.value as { type?: unknown } | null)?.type))
    return 'needs a 32-bit value type';
  if (op.kind === 'regAppend' && !isU32(op.at)) return "needs a 32-bit 'at'";
  if ((op.kind === 'mkdir' || op.kind === 'write') && op.meta !== undefined) return metaProblem(op.meta);
  return undefined;
}

function metaProblem(meta: unknown): string | undefined {
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta))
    return "has a 'meta' that is not an object";
  const { attributes, version, created, modified, createdFraction, modifiedFraction, ...rest } =
    meta as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return `has unknown meta fields ${Object.keys(rest).join(', ')}`;
  if (attributes !== undefined && !isU32(attributes)) return 'has meta attributes that are not 32-bit';
  if (version !== undefined && version !== null && typeof version !== 'string')
    return 'has a meta version that is not text';
  for (const time of [created, modified]) {
    if (time !== undefined && !Number.isFinite(time)) return 'has a meta time that is not a number';
  }
  for (const fraction of [createdFraction, modifiedFraction]) {
    if (fraction !== undefined && !isTimeFraction(fraction))
      return 'has a meta time fraction that is not 0-9999 units of 100 ns';
  }
  return undefined;
}
