/** The in-memory tree: one node per key, names folded for lookup and stored as given. */

import { compareFolded } from './fold.js';
import type { RawRegValue } from './types.js';

/** A value under its stored name. Never mutated once stored: a change replaces the entry. */
export interface StoredValue {
  readonly name: string;
  readonly value: RawRegValue;
}

/** A key: its stored name, subkeys and values, both indexed by folded name. */
export class KeyNode {
  constructor(
    public readonly name: string,
    public readonly subkeys: Map<string, KeyNode> = new Map(),
    /** In the order values were created, the order RegEnumValue gives. */
    public readonly values: Map<string, StoredValue> = new Map(),
  ) {}

  /** Deep copy of the tree; value entries (immutable) are shared. */
  clone(): KeyNode {
    const subkeys = new Map<string, KeyNode>();
    for (const [folded, child] of this.subkeys) subkeys.set(folded, child.clone());
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
