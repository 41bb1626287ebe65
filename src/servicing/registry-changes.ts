/**
 * Registry changes made by servicing, through the ops door, with the old values remembered so that
 * removal can put them back (the restore manifest keeps them).
 */
import type { ImageCore } from '../image/index.js';
import { applyOp } from '../ops/index.js';
import { ADDREG_FLAGS, addRegData, addRegValueType, type RegistryInstruction } from '../package/index.js';
import {
  REG_TYPES,
  encodeRegData,
  foldKeyName,
  type RawRegValue,
  type RegData,
  type RegType,
} from '../registry/index.js';

/** A value as the restore manifest stores it. */
export interface StoredValue {
  type: number;
  /** The bytes, hex. */
  hex: string;
}

/** One value's state before servicing touched it (`old` null: it did not exist). */
export interface ValueRecord {
  key: string;
  name: string;
  old: StoredValue | null;
}

/** A key servicing deleted, with its values (subkeys are separate records, parents first). */
export interface DeletedKey {
  key: string;
  values: Array<{ name: string; value: StoredValue }>;
}

/** What the registry looked like before: enough to undo every change. */
export interface RegistryUndo {
  values: ValueRecord[];
  createdKeys: string[];
  deletedKeys: DeletedKey[];
}

function stored(value: RawRegValue): StoredValue {
  return { type: value.type, hex: Buffer.from(value.bytes).toString('hex') };
}

/** The raw value a stored value stands for. */
export function rawOf(value: StoredValue): RawRegValue {
  return { type: value.type, bytes: new Uint8Array(Buffer.from(value.hex, 'hex')) };
}

/** Makes registry changes and remembers the old state. */
export class RegistryRecorder {
  readonly undo: RegistryUndo = { values: [], createdKeys: [], deletedKeys: [] };
  private readonly seen = new Set<string>();

  constructor(private readonly image: ImageCore) {}

  private remember(key: string, name: string): void {
    const id = `${foldKeyName(key)}\0${foldKeyName(name)}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    const old = this.image.registry.getRawValue(key, name);
    // the stored spelling: a value the install deletes comes back under it, not the INF's
    const folded = foldKeyName(name);
    const storedName = old && this.image.registry.listValues(key).find((n) => foldKeyName(n) === folded);
    this.undo.values.push({ key, name: storedName || name, old: old ? stored(old) : null });
  }

  private rememberCreatedKey(key: string): void {
    if (this.image.registry.keyExists(key)) return;
    const parts = key.split('\\');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('\\');
      if (!this.image.registry.keyExists(prefix)) {
        this.undo.createdKeys.push(prefix);
        return;
      }
    }
  }

  /** Creates a key (and its missing parents). */
  createKey(key: string): void {
    if (this.image.registry.keyExists(key)) return;
    this.rememberCreatedKey(key);
    applyOp(this.image, { kind: 'regCreateKey', key });
  }

  /**
   * Sets a raw value. A missing key is created by an operation of its own first, so that a value
   * the registry then refuses leaves a key that the transaction's rollback removes.
   */
  setRaw(key: string, name: string, value: RawRegValue): void {
    this.createKey(key);
    this.remember(key, name);
    applyOp(this.image, { kind: 'regSet', key, name, value });
  }

  /** Sets a typed value. */
  set(key: string, name: string, type: RegType, data: RegData): void {
    this.setRaw(key, name, { type: REG_TYPES[type], bytes: encodeRegData(type, data) });
  }

  /** Deletes a value if it exists. */
  deleteValue(key: string, name: string): void {
    if (!this.image.registry.getRawValue(key, name)) return;
    this.remember(key, name);
    applyOp(this.image, { kind: 'regDelete', key, name });
  }

  /** Deletes a key and its subtree if it exists, remembering every value. */
  deleteKey(key: string): void {
    if (!this.image.registry.keyExists(key)) return;
    const capture = (path: string): void => {
      const values = this.image.registry
        .listValues(path)
        .map((name) => ({ name, value: stored(this.image.registry.getRawValue(path, name)!) }));
      this.undo.deletedKeys.push({ key: path, values });
      for (const sub of this.image.registry.listSubkeys(path)) capture(`${path}\\${sub}`);
    };
    capture(key);
    applyOp(this.image, { kind: 'regDeleteKey', key });
  }

  /** Applies INF AddReg/DelReg instructions (NOCLOBBER, DELVAL, KEYONLY, APPEND, OVERWRITEONLY honoured). */
  applyInstructions(instructions: readonly RegistryInstruction[]): void {
    for (const instruction of instructions) {
      const key = `${instruction.root}\\${instruction.key}`;
      if (instruction.op === 'DelReg') {
        if (instruction.name === undefined) this.deleteKey(key);
        else this.deleteValue(key, instruction.name);
        continue;
      }
      const flags = instruction.flags ?? 0;
      const name = instruction.name ?? '';
      if (flags & ADDREG_FLAGS.DELVAL) {
        this.deleteValue(key, name);
        continue;
      }
      if (flags & ADDREG_FLAGS.KEYONLY) {
        this.createKey(key);
        continue;
      }
      const exists = this.image.registry.getRawValue(key, name) !== undefined;
      if (flags & ADDREG_FLAGS.NOCLOBBER && exists) continue;
      if (flags & ADDREG_FLAGS.OVERWRITEONLY && !exists) continue;
      const type = addRegValueType(flags);
      let data = addRegData(instruction);
      if (!type || data === undefined) continue;
      if (flags & ADDREG_FLAGS.APPEND && Array.isArray(data)) {
        const current = this.image.registry.getValue(key, name)?.data;
        data = appendMissingStrings(Array.isArray(current) ? current : [], data);
      }
      this.set(key, name, type, data);
    }
  }
}

/**
 * FLG_ADDREG_APPEND: each string not already in the list, compared without case, goes on its end (a
 * string given twice, or in another case, is added once), as SetupInstallFromInfSection appends.
 */
function appendMissingStrings(current: readonly string[], added: readonly string[]): string[] {
  const result = [...current];
  const present = new Set(current.map(foldKeyName));
  for (const item of added) {
    const folded = foldKeyName(item);
    if (present.has(folded)) continue;
    present.add(folded);
    result.push(item);
  }
  return result;
}

/** Puts the registry back as `undo` says, through the ops door. */
export function restoreRegistry(image: ImageCore, undo: RegistryUndo): void {
  for (let i = undo.values.length - 1; i >= 0; i--) {
    const { key, name, old } = undo.values[i];
    if (old) applyOp(image, { kind: 'regSet', key, name, value: rawOf(old) });
    else if (image.registry.getRawValue(key, name)) applyOp(image, { kind: 'regDelete', key, name });
  }
  for (const deleted of undo.deletedKeys) {
    if (!image.registry.keyExists(deleted.key)) applyOp(image, { kind: 'regCreateKey', key: deleted.key });
    for (const { name, value } of deleted.values)
      applyOp(image, { kind: 'regSet', key: deleted.key, name, value: rawOf(value) });
  }
  for (let i = undo.createdKeys.length - 1; i >= 0; i--) {
    if (image.registry.keyExists(undo.createdKeys[i]))
      applyOp(image, { kind: 'regDeleteKey', key: undo.createdKeys[i] });
  }
}
