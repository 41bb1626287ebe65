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

export class FoldedFirsts {
  /** The first index recorded under each hash. */
  private readonly byHash = new Map<number, number>();
  /** Folded names whose hash an earlier, other folded name has: the first index of each. */
  private collided: Map<string, number> | undefined;

  /**
   * The names recorded are `list[index][field]`: a list and a field, not a function, which would be
   * a new call target for each list (and the code calling it compiled again for each).
   */
  constructor(
    private readonly list: readonly unknown[],
    private readonly field: string,
  ) {}

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
    const hash = foldedHash(name);
    const first = this.byHash.get(hash);
    if (first === undefined) {
      if (index !== undefined) this.byHash.set(hash, index);
      return undefined;
    }
    const folded = foldName(name);
    if (foldName(this.nameAt(first)) === folded) return first;
    const other = this.collided?.get(folded);
    if (other === undefined && index !== undefined) (this.collided ??= new Map()).set(folded, index);
    return other;
  }
}
