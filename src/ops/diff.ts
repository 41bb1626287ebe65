import { contentHash, sortedChildren, type Entry, type ImageCore } from '../image/index.js';
import { foldName } from '../path/index.js';

/** One difference between two images' files. */
export interface FileChange {
  path: string;
  change: 'added' | 'removed' | 'modified' | 'metadata';
  /** For `metadata` (and `modified`): which properties differ. */
  details?: string[];
}

/** One difference between two images' registries. */
export interface RegistryChange {
  key: string;
  /** The value name; absent for a key added or removed. */
  name?: string;
  change: 'added' | 'removed' | 'modified';
}

/** What `diffImages` returns. */
export interface ImageDiff {
  files: FileChange[];
  registry: RegistryChange[];
}

/** The differences from image `a` to image `b`: files (names, content, attributes, versions) and registry. */
export function diffImages(a: ImageCore, b: ImageCore): ImageDiff {
  const files: FileChange[] = [];
  const letters = new Set([...a.allVolumes(), ...b.allVolumes()].map((v) => v.letter));
  for (const letter of [...letters].sort()) {
    const rootA = a.allVolumes().find((v) => v.letter === letter)?.root;
    const rootB = b.allVolumes().find((v) => v.letter === letter)?.root;
    compareTrees(a, b, rootA, rootB, `${letter}:`, files);
  }
  return { files, registry: diffRegistry(a, b) };
}

function compareTrees(
  a: ImageCore,
  b: ImageCore,
  x: Entry | undefined,
  y: Entry | undefined,
  path: string,
  out: FileChange[],
): void {
  if (!x && !y) return;
  if (!x || !y) {
    const present = (x ?? y)!;
    const change = x ? 'removed' : 'added';
    for (const e of flatten(present, path)) out.push({ path: e.path, change });
    return;
  }
  if (x.parent || y.parent) {
    const details: string[] = [];
    if (x.name !== y.name) details.push('name case');
    if (x.isDir !== y.isDir) details.push('kind');
    if (x.attributes !== y.attributes) details.push('attributes');
    if ((x.version ?? '') !== (y.version ?? '')) details.push('version');
    const contentDiffers =
      !x.isDir && !y.isDir && (x.size !== y.size || contentHash(a, x) !== contentHash(b, y));
    if (contentDiffers) out.push({ path, change: 'modified', details: ['content', ...details] });
    else if (details.length > 0) out.push({ path, change: 'metadata', details });
  }
  if (!x.isDir || !y.isDir) return;
  // each side folds by its own volume's table (rule P6); names are listed in the first side's order
  const names = new Map<string, string>();
  for (const c of x.children!.values()) names.set(x.children!.fold(c.name), c.name);
  for (const c of y.children!.values())
    if (!names.has(x.children!.fold(c.name))) names.set(x.children!.fold(c.name), c.name);
  for (const [folded, name] of [...names].sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0))) {
    const other = y.children!.get(y.children!.fold(name));
    compareTrees(a, b, x.children!.get(folded), other, `${path}\\${name}`, out);
  }
}

function flatten(entry: Entry, path: string): Array<{ path: string }> {
  const out = [{ path }];
  if (entry.isDir)
    for (const child of sortedChildren(entry)) out.push(...flatten(child, `${path}\\${child.name}`));
  return out;
}

function diffRegistry(a: ImageCore, b: ImageCore): RegistryChange[] {
  const out: RegistryChange[] = [];
  const keysA = new Map([...a.registry.allKeys()].map((k) => [foldName(k), k]));
  const keysB = new Map([...b.registry.allKeys()].map((k) => [foldName(k), k]));
  for (const [folded, key] of keysA) if (!keysB.has(folded)) out.push({ key, change: 'removed' });
  for (const [folded, key] of keysB) if (!keysA.has(folded)) out.push({ key, change: 'added' });
  const valuesA = new Map<string, { key: string; name: string; bytes: Uint8Array; type: number }>();
  for (const { key, name, value } of a.registry.entries())
    valuesA.set(`${foldName(key)}\0${foldName(name)}`, { key, name, ...value });
  for (const { key, name, value } of b.registry.entries()) {
    const id = `${foldName(key)}\0${foldName(name)}`;
    const before = valuesA.get(id);
    valuesA.delete(id);
    if (!before) out.push({ key, name, change: 'added' });
    else if (before.type !== value.type || !Buffer.from(before.bytes).equals(Buffer.from(value.bytes))) {
      out.push({ key, name, change: 'modified' });
    }
  }
  for (const v of valuesA.values()) out.push({ key: v.key, name: v.name, change: 'removed' });
  return out;
}
