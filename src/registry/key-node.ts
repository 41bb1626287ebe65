/** The in-memory tree: one node per key, names folded for lookup and stored as given. */

import { compareFolded } from './fold.js';
import type { RawRegValue } from './types.js';

/**
 * A value under its stored name. Never mutated once stored: a change replaces the entry. A value
 * grown by appending keeps its bytes at the start of a larger buffer (`room`), so the next append
 * writes after them instead of copying them.
 */
export interface StoredValue {
  readonly name: string;
  readonly value: RawRegValue;
  readonly room?: Room;
}

/**
 * Spare capacity behind a grown value's bytes. Only `tip`, the newest entry made in this buffer, may
 * be changed in place, and only while nobody outside the store holds it: handing a value out (a read,
 * a clone) seals it, and the next append copies into a new buffer.
 */
export interface Room {
  readonly buffer: Uint8Array;
  tip: StoredValue | undefined;
}

/** Makes a value's bytes permanent: a later append to its key copies them instead of writing past them. */
export function seal(stored: StoredValue | undefined): void {
  if (stored?.room && stored.room.tip === stored) stored.room.tip = undefined;
}

/** A key: its stored name, subkeys and values, both indexed by folded name. */
export class KeyNode {
  constructor(
    public readonly name: string,
    public readonly subkeys: Map<string, KeyNode> = new Map(),
    /** In the order values were created, the order RegEnumValue gives. */
    public readonly values: Map<string, StoredValue> = new Map(),
  ) {}

  /** Deep copy of the tree; value entries (immutable) are shared, so grown ones are sealed. */
  clone(): KeyNode {
    const subkeys = new Map<string, KeyNode>();
    for (const [folded, child] of this.subkeys) subkeys.set(folded, child.clone());
    for (const stored of this.values.values()) seal(stored);
    return new KeyNode(this.name, subkeys, new Map(this.values));
  }

  /** Subkeys in folded name order, the order registry hives keep them in. */
  sortedSubkeys(): KeyNode[] {
    return [...this.subkeys.entries()].sort((a, b) => compareFolded(a[0], b[0])).map((entry) => entry[1]);
  }

  /** Values in folded name order. */
  sortedValues(): StoredValue[] {
    return [...this.values.entries()].sort((a, b) => compareFolded(a[0], b[0])).map((entry) => entry[1]);
  }
}
