/** A deleted key's snapshot, to put it back exactly. */
import { foldKeyName } from './fold.js';
import { KeyNode } from './key-node.js';
import type { RawRegValue } from './types.js';

/**
 * Everything a deleted key held, for `RegistryStore.rawRestoreKey`.
 * Plain data (strings, numbers, byte arrays), so the op log can persist it.
 */
export interface KeySnapshot {
  /** Canonical path of the key, with stored names. */
  readonly key: string;
  /** Values in enumeration order. */
  readonly values: readonly { readonly name: string; readonly value: RawRegValue }[];
  readonly subkeys: readonly KeySnapshot[];
}

/** The snapshot of a key and its subtree. */
export function snapshotOf(node: KeyNode, path: string): KeySnapshot {
  return {
    key: path,
    values: [...node.values.values()].map(({ name, value }) => ({ name, value })),
    subkeys: node.sortedSubkeys().map((child) => snapshotOf(child, `${path}\\${child.name}`)),
  };
}

/** The key a snapshot holds, rebuilt under `name`. */
export function nodeOf(snapshot: KeySnapshot, name: string): KeyNode {
  const node = new KeyNode(name);
  for (const { name: valueName, value } of snapshot.values) {
    node.values.set(foldKeyName(valueName), {
      name: valueName,
      value: Object.freeze({ type: value.type, bytes: value.bytes }),
    });
  }
  for (const child of snapshot.subkeys) {
    const childName = child.key.slice(child.key.lastIndexOf('\\') + 1);
    node.subkeys.set(foldKeyName(childName), nodeOf(child, childName));
  }
  return node;
}
