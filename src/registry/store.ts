/** The registry of one machine: root keys, subkeys and raw values, with the CurrentControlSet alias. */

import { WinError } from '../errors/index.js';
import { readRegistry, writeRegistry } from './binary.js';
import { decodeRegData } from './codec.js';
import { foldKeyName } from './fold.js';
import { KeyNode, seal, type StoredValue } from './key-node.js';
import { MAX_VALUE_NAME, parseKeyPath, ROOT_NAMES, type KeyPath, type RootName } from './key-path.js';
import { nodeOf, snapshotOf, type KeySnapshot } from './key-snapshot.js';
import { checkedPath, checkedValue } from './store-arguments.js';

export type { KeySnapshot } from './key-snapshot.js';
import { REG_TYPES, type RawRegValue, type RegValue } from './types.js';

const { REG_DWORD } = REG_TYPES;
/** The folded name of `HKLM\\SYSTEM\\Select\\Current`, the value the CurrentControlSet alias follows. */
const ALIAS_VALUE = 'CURRENT';
/** How many looked-up key paths are remembered (a boot or an install uses a few, over and over). */
const FOUND_KEYS_KEPT = 64;
/** The smallest buffer a grown value gets. */
const MIN_ROOM = 256;

/** A located key: its node and canonical path. */
interface Located {
  node: KeyNode;
  path: string;
}

/**
 * A machine's registry. Key paths look like `'HKLM\\SOFTWARE\\X'`; roots may be
 * written in full (`HKEY_LOCAL_MACHINE`) or abbreviated (`HKLM`, `HKCU`, `HKU`,
 * `HKCR`, `HKCC`). Names are case-insensitive and case-preserving.
 * `HKLM\\SYSTEM\\CurrentControlSet` is an alias of the control set that
 * `HKLM\\SYSTEM\\Select\\Current` names, when that control set exists (R1). The five roots are independent trees
 * (HKCR and HKCC are not merged views here) and always exist.
 */
export class RegistryStore {
  #roots: Map<RootName, KeyNode>;
  /** Keys found by the exact path string given, until a key is deleted or restored or the alias changes. */
  #found = new Map<string, Located>();
  #changes = 0;
  /** The value name {@link rawSetDword} wrote last, and its fold. */
  #dwordName = '';
  #dwordFolded = '';

  /** How many raw changes the store has had: values derived from it (the image's environment) are cached by it. */
  get changeCount(): number {
    return this.#changes;
  }

  constructor() {
    this.#roots = new Map(ROOT_NAMES.map((name) => [name, new KeyNode(name)]));
  }

  /**
   * The control set `CurrentControlSet` stands for (`ControlSet00n`), or undefined when Select\Current is
   * not a usable DWORD or names no existing control set: then the name is a plain key (R1: Wine's hives
   * store CurrentControlSet as a real key and have no Select).
   */
  #currentControlSet(): string | undefined {
    const system = this.#roots.get('HKEY_LOCAL_MACHINE')?.subkeys.get('SYSTEM');
    const current = system?.subkeys.get('SELECT')?.values.get('CURRENT')?.value;
    if (current === undefined || current.type !== REG_DWORD || current.bytes.length !== 4) return undefined;
    const number = new DataView(current.bytes.buffer, current.bytes.byteOffset, 4).getUint32(0, true);
    if (number === 0 || number > 999) return undefined;
    const name = `ControlSet${String(number).padStart(3, '0')}`;
    return system!.subkeys.has(name.toUpperCase()) ? name : undefined;
  }

  /** The name to look up at depth `index` below `path.root`, after the CurrentControlSet alias. */
  #effectiveName(path: KeyPath, index: number, folded: string): string | undefined {
    if (index === 1 && path.root === 'HKEY_LOCAL_MACHINE' && folded === 'CURRENTCONTROLSET') {
      if (foldKeyName(path.names[0]) === 'SYSTEM') return this.#currentControlSet();
    }
    return undefined;
  }

  #locatePath(path: KeyPath): Located | undefined {
    let node = this.#roots.get(path.root)!;
    let canonical: string = path.root;
    for (let i = 0; i < path.names.length; i++) {
      let folded = foldKeyName(path.names[i]);
      const alias = this.#effectiveName(path, i, folded);
      if (alias !== undefined) folded = foldKeyName(alias);
      const child = node.subkeys.get(folded);
      if (child === undefined) return undefined;
      node = child;
      canonical += `\\${child.name}`;
    }
    return { node, path: canonical };
  }

  #locate(key: string): Located | undefined {
    const known = this.#found.get(key);
    if (known !== undefined) return known;
    const path = parseKeyPath(key);
    const located = typeof path === 'string' ? undefined : this.#locatePath(path);
    return located === undefined ? undefined : this.#remember(key, located);
  }

  #remember(key: string, located: Located): Located {
    if (this.#found.size >= FOUND_KEYS_KEPT) this.#found.clear();
    this.#found.set(key, located);
    return located;
  }

  /** A value's stored entry, or undefined. */
  #stored(key: string, name: string): StoredValue | undefined {
    return this.#locate(key)?.node.values.get(foldKeyName(name));
  }

  /** Where paths lead changes: a key went or came back, or a value that may be the alias's target changed. */
  #forgetFound(): void {
    this.#found.clear();
  }

  /** Finds or creates the key; `created` receives the canonical paths of keys made, parents first. */
  #ensure(key: string | KeyPath, created: string[]): Located {
    const path = typeof key === 'string' ? checkedPath(key) : key;
    let node = this.#roots.get(path.root)!;
    let canonical: string = path.root;
    for (let i = 0; i < path.names.length; i++) {
      let name = path.names[i];
      let folded = foldKeyName(name);
      const alias = this.#effectiveName(path, i, folded);
      if (alias !== undefined) {
        name = alias;
        folded = foldKeyName(alias);
      }
      let child = node.subkeys.get(folded);
      canonical += `\\${child?.name ?? name}`;
      if (child === undefined) {
        child = new KeyNode(name);
        node.subkeys.set(folded, child);
        created.push(canonical);
        // A new HKLM\SYSTEM\ControlSet00n can become what CurrentControlSet stands for (R1).
        if (i === 1 && path.root === 'HKEY_LOCAL_MACHINE') this.#forgetFound();
      }
      node = child;
    }
    return { node, path: canonical };
  }

  /**
   * The canonical stored path of a key (`'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control'`
   * for `'hklm\\system\\currentcontrolset\\control'`), or undefined if absent.
   */
  resolveKey(key: string): string | undefined {
    return this.#locate(key)?.path;
  }

  /** Whether the key exists (the roots always do). */
  keyExists(key: string): boolean {
    return this.#locate(key) !== undefined;
  }

  /** The value decoded (see {@link decodeRegData}); name `''` is the default value. Undefined if key or value is absent. */
  getValue(key: string, name: string): RegValue | undefined {
    const raw = this.getRawValue(key, name);
    return raw === undefined ? undefined : decodeRegData(raw.type, raw.bytes);
  }

  /** The stored type number and bytes (shared: do not mutate), or undefined. */
  getRawValue(key: string, name: string): RawRegValue | undefined {
    const stored = this.#stored(key, name);
    seal(stored);
    return stored?.value;
  }

  /**
   * Lends a value to `read` without handing it out (so a value grown by appending stays growable in
   * place): `read` must not keep the value or its bytes. Returns what `read` returns, or undefined
   * when the value is absent.
   */
  withRawValue<T>(key: string, name: string, read: (value: RawRegValue) => T): T | undefined {
    const stored = this.#stored(key, name);
    return stored === undefined ? undefined : read(stored.value);
  }

  /** Subkey names as stored, in folded name order (the order RegEnumKey gives). Empty if the key is absent. */
  listSubkeys(key: string): string[] {
    const located = this.#locate(key);
    return located === undefined ? [] : located.node.sortedSubkeys().map((child) => child.name);
  }

  /** Value names as stored, in creation order (the order RegEnumValue gives). Empty if the key is absent. */
  listValues(key: string): string[] {
    const located = this.#locate(key);
    return located === undefined ? [] : [...located.node.values.values()].map((entry) => entry.name);
  }

  /**
   * Creates the key and any missing parents; returns the canonical paths created, parents first.
   * Raw mutators are for the ops layer only (it records undo).
   * Throws WinError ERROR_INVALID_HANDLE for an unknown root, ERROR_INVALID_PARAMETER for a malformed path.
   */
  rawCreateKey(key: string): { created: string[] } {
    this.#changes++;
    const created: string[] = [];
    this.#ensure(key, created);
    return { created };
  }

  /**
   * Sets a value (creating the key if missing); an existing name keeps its stored case and
   * enumeration position. The bytes are copied. Returns the value replaced, if any.
   */
  rawSetValue(key: string, name: string, value: RawRegValue): RawRegValue | undefined {
    this.#changes++;
    const known = this.#found.get(key);
    const path = known === undefined ? checkedPath(key) : undefined;
    const stored = checkedValue(key, name, value);
    const node = known?.node ?? this.#remember(key, this.#ensure(path!, [])).node;
    const folded = foldKeyName(name);
    const previous = node.values.get(folded);
    node.values.set(folded, { name: previous?.name ?? name, value: stored });
    if (folded === ALIAS_VALUE) this.#forgetFound();
    return previous?.value;
  }

  /** {@link rawSetValue} of a REG_DWORD for a caller writing one value often (a boot's progress): nothing to check or copy. */
  rawSetDword(key: string, name: string, value: number): RawRegValue | undefined {
    const bytes = new Uint8Array(4);
    bytes[0] = value & 0xff;
    bytes[1] = (value >>> 8) & 0xff;
    bytes[2] = (value >>> 16) & 0xff;
    bytes[3] = (value >>> 24) & 0xff;
    const known = this.#found.get(key);
    if (known === undefined || name.length > MAX_VALUE_NAME)
      return this.rawSetValue(key, name, { type: REG_DWORD, bytes });
    this.#changes++;
    if (name !== this.#dwordName) this.#dwordFolded = foldKeyName((this.#dwordName = name));
    const folded = this.#dwordFolded;
    const previous = known.node.values.get(folded);
    const stored = Object.freeze({ type: REG_DWORD, bytes });
    known.node.values.set(folded, { name: previous?.name ?? name, value: stored });
    if (folded === ALIAS_VALUE) this.#forgetFound();
    return previous?.value;
  }

  /**
   * Appends to a value: its bytes from `at` on are replaced by `bytes` (a copy is kept), its type,
   * stored name and enumeration position stay. Returns a copy of the bytes cut off, so the same call
   * with them undoes it. It costs the bytes cut and appended, not the value's length: the bytes sit at
   * the start of a buffer with room to spare, copied only when the room runs out or the value was
   * handed out since its last append (see {@link Room}).
   * Throws WinError ERROR_FILE_NOT_FOUND if the value is absent, ERROR_INVALID_PARAMETER if `at` is
   * not within its bytes.
   */
  rawAppendValue(key: string, name: string, at: number, bytes: Uint8Array): Uint8Array {
    this.#changes++;
    const located = this.#locate(key);
    const folded = foldKeyName(name);
    const stored = located?.node.values.get(folded);
    if (located === undefined || stored === undefined)
      throw new WinError('ERROR_FILE_NOT_FOUND', `${key}\\${name}`, 'no such value');
    const old = stored.value.bytes;
    if (!Number.isInteger(at) || at < 0 || at > old.length || !(bytes instanceof Uint8Array)) {
      throw new WinError(
        'ERROR_INVALID_PARAMETER',
        `${key}\\${name}`,
        `an append needs a cut within the value's ${old.length} bytes (got ${at}) and a Uint8Array`,
      );
    }
    const cut = old.slice(at);
    const length = at + bytes.length;
    let room = stored.room;
    if (room === undefined || room.tip !== stored || room.buffer.length < length) {
      const buffer = new Uint8Array(Math.max(MIN_ROOM, length * 2));
      buffer.set(old.subarray(0, at));
      room = { buffer, tip: undefined };
    }
    room.buffer.set(bytes, at);
    const value = Object.freeze({ type: stored.value.type, bytes: room.buffer.subarray(0, length) });
    const next: StoredValue = { name: stored.name, value, room };
    room.tip = next;
    located.node.values.set(folded, next);
    if (folded === ALIAS_VALUE) this.#forgetFound();
    return cut;
  }

  /** Deletes a value; returns it under its stored name (what an undo must set back), or undefined. */
  rawDeleteValue(key: string, name: string): { name: string; value: RawRegValue } | undefined {
    this.#changes++;
    const located = this.#locate(key);
    if (located === undefined) return undefined;
    const folded = foldKeyName(name);
    const previous = located.node.values.get(folded);
    located.node.values.delete(folded);
    if (folded === ALIAS_VALUE) this.#forgetFound();
    return previous && { name: previous.name, value: previous.value };
  }

  /**
   * Deletes a key and its whole subtree; returns a snapshot for {@link rawRestoreKey},
   * or undefined if the key is absent. A root key cannot be deleted (ERROR_ACCESS_DENIED).
   */
  rawDeleteKey(key: string): KeySnapshot | undefined {
    this.#changes++;
    const path = checkedPath(key);
    if (path.names.length === 0)
      throw new WinError('ERROR_ACCESS_DENIED', key, 'a root key cannot be deleted');
    const parentPath: KeyPath = { root: path.root, names: path.names.slice(0, -1) };
    const parent = this.#locatePath(parentPath);
    const located = this.#locatePath(path);
    if (parent === undefined || located === undefined) return undefined;
    parent.node.subkeys.delete(foldKeyName(located.node.name));
    this.#forgetFound();
    return snapshotOf(located.node, located.path);
  }

  /** Puts back a key deleted by {@link rawDeleteKey}, exactly (replacing any key now at that path; missing parents are created). */
  rawRestoreKey(snapshot: KeySnapshot): void {
    this.#changes++;
    const path = checkedPath(snapshot.key);
    if (path.names.length === 0)
      throw new WinError('ERROR_ACCESS_DENIED', snapshot.key, 'a root key cannot be restored');
    const name = path.names[path.names.length - 1];
    const parentKey = snapshot.key.slice(0, snapshot.key.length - name.length - 1);
    const { node: parent } = this.#ensure(parentKey, []);
    parent.subkeys.set(foldKeyName(name), nodeOf(snapshot, name));
    this.#forgetFound();
  }

  /** Every value: depth first, roots and subkeys in folded name order, values in folded name order. */
  *entries(): Iterable<{ key: string; name: string; value: RawRegValue }> {
    for (const { node, path } of this.#walk()) {
      for (const stored of node.sortedValues()) {
        seal(stored);
        yield { key: path, name: stored.name, value: stored.value };
      }
    }
  }

  /** Every key's canonical path (roots included), in the order of {@link entries}. */
  *allKeys(): Iterable<string> {
    for (const { path } of this.#walk()) yield path;
  }

  *#walk(): Generator<Located> {
    const stack: Located[] = [];
    for (const name of [...ROOT_NAMES].reverse()) stack.push({ node: this.#roots.get(name)!, path: name });
    while (stack.length > 0) {
      const current = stack.pop()!;
      yield current;
      const children = current.node.sortedSubkeys();
      for (let i = children.length - 1; i >= 0; i--) {
        stack.push({ node: children[i], path: `${current.path}\\${children[i].name}` });
      }
    }
  }

  /**
   * A key and its subtree in regedit's export order: depth first, subkeys in
   * folded name order, each key's values in enumeration order. Empty if the key is absent.
   */
  *subtree(key: string): Iterable<{ key: string; values: { name: string; value: RawRegValue }[] }> {
    const top = this.#locate(key);
    if (top === undefined) return;
    const stack: Located[] = [top];
    while (stack.length > 0) {
      const { node, path } = stack.pop()!;
      const values = [...node.values.values()].map((stored) => {
        seal(stored);
        return { name: stored.name, value: stored.value };
      });
      yield { key: path, values };
      const children = node.sortedSubkeys();
      for (let i = children.length - 1; i >= 0; i--)
        stack.push({ node: children[i], path: `${path}\\${children[i].name}` });
    }
  }

  /** The number of values in the whole registry. */
  get valueCount(): number {
    let count = 0;
    for (const { node } of this.#walk()) count += node.values.size;
    return count;
  }

  /** An independent deep copy (byte arrays are shared: they are never mutated in place). */
  clone(): RegistryStore {
    const copy = new RegistryStore();
    copy.#roots = new Map([...this.#roots].map(([name, node]) => [name, node.clone()]));
    return copy;
  }

  /** The compact binary form for the image file. */
  serialize(): Uint8Array {
    return writeRegistry(ROOT_NAMES.map((name) => this.#roots.get(name)!));
  }

  /** Reads the binary form back; damage (truncation included) throws InputError with the byte offset. */
  static deserialize(bytes: Uint8Array): RegistryStore {
    const store = new RegistryStore();
    for (const root of readRegistry(bytes)) store.#roots.set(root.name as RootName, root);
    return store;
  }
}
