/**
 * The first of a list's names that each name folds like (NTFS folding, `foldName`), found by a hash
 * of the folded name: a manifest names tens of thousands of files, and a folded copy of each, hashed
 * again as a `Map` key, cost the manifest check more than the rest of its file list's rules. Names are
 * folded only when two hashes meet (a repeat, or a rare collision).
 */
import { foldName } from './names.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a of a string's UTF-16 units, from `from` on, continuing `hash`. */
function hashUnits(text: string, from: number, hash: number): number {
  for (let i = from; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash;
}

/**
 * The hash of `foldName(name)`: an ASCII name's units are upper-cased on the way, which is its
 * folding; any other name is folded first.
 */
export function foldedHash(name: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < name.length; i++) {
    const unit = name.charCodeAt(i);
    if (unit >= 0x80) return hashUnits(foldName(name), 0, FNV_OFFSET);
    hash = Math.imul(hash ^ (unit >= 0x61 && unit <= 0x7a ? unit - 0x20 : unit), FNV_PRIME);
  }
  return hash;
}

/**
 * The first index of each folded name, in an open-addressing table of two typed arrays (a slot's hash,
 * and its index plus one, 0 when free): a `Map` of tens of thousands of numbers cost the manifest
 * check its growth, rehashing and boxed entries, where the table is sized for the list once.
 */
export class FoldedFirsts {
  private hashes: Int32Array;
  /** Each slot's first index plus one; 0 marks a free slot. */
  private firsts: Int32Array;
  private used = 0;
  /** Folded names whose hash an earlier, other folded name has: the first index of each. */
  private collided: Map<string, number> | undefined;

  /**
   * The names recorded are `list[index][field]`: a list and a field, not a function, which would be
   * a new call target for each list (and the code calling it compiled again for each).
   */
  constructor(
    private readonly list: readonly unknown[],
    private readonly field: string,
  ) {
    const size = tableSize(list.length);
    this.hashes = new Int32Array(size);
    this.firsts = new Int32Array(size);
  }

  private nameAt(index: number): string {
    return (this.list[index] as Record<string, string>)[this.field];
  }

  /** The first index recorded whose name folds like `name`, or undefined after recording `index` as that first. */
  firstOrAdd(name: string, index: number): number | undefined {
    return this.find(name, index);
  }

  /** The first index recorded whose name folds like `name`, or undefined. */
  first(name: string): number | undefined {
    return this.find(name, undefined);
  }

  private find(name: string, index: number | undefined): number | undefined {
    const hash = foldedHash(name) | 0;
    const slot = this.slotOf(hash);
    const held = this.firsts[slot];
    if (held === 0) {
      if (index !== undefined) this.add(slot, hash, index);
      return undefined;
    }
    const first = held - 1;
    const folded = foldName(name);
    if (foldName(this.nameAt(first)) === folded) return first;
    const other = this.collided?.get(folded);
    if (other === undefined && index !== undefined) (this.collided ??= new Map()).set(folded, index);
    return other;
  }

  /** The slot holding `hash`, or the free slot where it would go. */
  private slotOf(hash: number): number {
    const { hashes, firsts } = this;
    const mask = firsts.length - 1;
    let slot = (hash ^ (hash >>> 15)) & mask;
    while (firsts[slot] !== 0 && hashes[slot] !== hash) slot = (slot + 1) & mask;
    return slot;
  }

  private add(slot: number, hash: number, index: number): void {
    this.hashes[slot] = hash;
    this.firsts[slot] = index + 1;
    if (++this.used * 2 > this.firsts.length) this.grow();
  }

  /** Doubles the table (only when more is recorded than the list's length, which the rules never do). */
  private grow(): void {
    const { hashes, firsts } = this;
    this.hashes = new Int32Array(firsts.length * 2);
    this.firsts = new Int32Array(firsts.length * 2);
    for (let i = 0; i < firsts.length; i++) {
      if (firsts[i] === 0) continue;
      const slot = this.slotOf(hashes[i]);
      this.hashes[slot] = hashes[i];
      this.firsts[slot] = firsts[i];
    }
  }
}

/** A power of two at least twice `count` (and at least 16): the table stays at most half full. */
function tableSize(count: number): number {
  let size = 16;
  while (size < count * 2) size *= 2;
  return size;
}
