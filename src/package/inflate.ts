/**
 * Inflating a package's deflated members, bounded. A member table may declare up to 4 GiB per
 * member, so reading a package inflates only what its authenticated manifest names, each to exactly
 * the size the manifest gives it, and no more in all than the caller allows.
 */
import { inflateRawSync } from 'node:zlib';
import { InputError, WinError } from '../errors/index.js';

/** The most bytes that reading a package inflates in all, unless the caller sets another limit: 2 GiB. */
export const DEFAULT_MAX_INFLATED_BYTES = 2 * 1024 * 1024 * 1024;

/** A member stored deflated: its name, where its stored bytes start, and the length it declares inflated. */
export interface DeflatedMember {
  name: string;
  at: number;
  originalLength: number;
}

/**
 * Inflates `deflated` members of `stored` (a copy of the map is returned when any is inflated), each
 * to the length `expected` gives it. A member `expected` gives no length is left as stored (the
 * payload check refuses it as undescribed). Refused before anything is inflated: a member whose
 * declared length is not the expected one (`TRUST_E_BAD_DIGEST` naming it) and a total above
 * `limit` (`InputError`). A member that does not inflate to its length: `InputError` at its offset.
 */
export function inflateMembers(
  stored: Map<string, Uint8Array>,
  deflated: readonly DeflatedMember[],
  expected: (name: string) => number | undefined,
  source: string,
  limit: number = DEFAULT_MAX_INFLATED_BYTES,
): Map<string, Uint8Array> {
  if (deflated.length === 0) return stored;
  const wanted: Array<DeflatedMember & { length: number }> = [];
  const mismatches: string[] = [];
  let total = 0;
  for (const member of deflated) {
    const length = expected(member.name);
    if (length === undefined) continue;
    if (member.originalLength !== length) {
      mismatches.push(
        `member '${member.name}' declares ${member.originalLength} bytes inflated, the manifest says ${length}`,
      );
    }
    total += length;
    wanted.push({ ...member, length });
  }
  if (mismatches.length > 0) {
    const shown = mismatches.slice(0, 10).join('; ');
    const more = mismatches.length > 10 ? `; and ${mismatches.length - 10} more` : '';
    throw new WinError('TRUST_E_BAD_DIGEST', deflated[0].name, `${source}: ${shown}${more}`);
  }
  if (total > limit) {
    throw new InputError(
      source,
      `the deflated members come to ${total} bytes inflated, more than the ${limit} this reader inflates (option maxInflatedBytes)`,
      'payload',
    );
  }
  const members = new Map(stored);
  for (const { name, at, length } of wanted)
    members.set(name, inflateOne(stored.get(name)!, name, at, length, source));
  return members;
}

function inflateOne(data: Uint8Array, name: string, at: number, length: number, source: string): Uint8Array {
  let inflated: Uint8Array;
  try {
    inflated = inflateRawSync(data, { maxOutputLength: Math.max(length, 1) });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new InputError(source, `member '${name}' does not inflate: ${why}`, `offset ${at}`);
  }
  if (inflated.length !== length) {
    throw new InputError(
      source,
      `member '${name}' inflates to ${inflated.length} bytes, expected ${length}`,
      `offset ${at}`,
    );
  }
  return inflated;
}
