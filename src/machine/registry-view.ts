import type { ImageCore } from '../image/index.js';
import {
  checkServicingLock,
  createRegistryKey,
  deleteRegistryKey,
  deleteRegistryValue,
  importRegistry,
  setRegistryValue,
} from '../ops/index.js';
import { decodeRegFile, exportReg, type RegData, type RegType, type RegValue } from '../registry/index.js';

/**
 * `image.registry`: reads from the hives, changes through the door (so they are logged and undoable).
 * Changes are refused with 1618 while an install or another servicing operation holds the image's lock.
 */
export class RegistryView {
  constructor(private readonly core: ImageCore) {}

  /** RegSetValueEx: `data` is a string, string[], number, bigint or bytes as the type needs. */
  setValue(key: string, name: string, type: RegType, data: RegData): void {
    checkServicingLock(this.core, 'setValue', key);
    setRegistryValue(this.core, key, name, type, data);
  }

  /** The value's type and decoded data, or undefined. */
  getValue(key: string, name: string): RegValue | undefined {
    return this.core.registry.getValue(key, name);
  }

  /** The value's type number and a copy of its raw bytes, or undefined. */
  getRawValue(key: string, name: string): { type: number; bytes: Uint8Array } | undefined {
    const raw = this.core.registry.getRawValue(key, name);
    return raw === undefined ? undefined : { type: raw.type, bytes: new Uint8Array(raw.bytes) };
  }

  deleteValue(key: string, name: string): void {
    checkServicingLock(this.core, 'deleteValue', key);
    deleteRegistryValue(this.core, key, name);
  }

  createKey(key: string): void {
    checkServicingLock(this.core, 'createKey', key);
    createRegistryKey(this.core, key);
  }

  /** Deletes a key and everything below it. */
  deleteKey(key: string): void {
    checkServicingLock(this.core, 'deleteKey', key);
    deleteRegistryKey(this.core, key);
  }

  keyExists(key: string): boolean {
    return this.core.registry.keyExists(key);
  }

  listSubkeys(key: string): string[] {
    return this.core.registry.listSubkeys(key);
  }

  listValues(key: string): string[] {
    return this.core.registry.listValues(key);
  }

  /** The text of a `.reg` file of the key and its subtree (`Windows Registry Editor Version 5.00` by default). */
  exportReg(key: string, options?: { format?: '5.00' | 'REGEDIT4' }): string {
    return exportReg(this.core.registry, key, options);
  }

  /** Imports `.reg` text or file bytes; every problem is reported before anything changes. Returns the number of changes. */
  importReg(text: string | Uint8Array, source = '.reg'): number {
    checkServicingLock(this.core, 'importReg', source);
    return importRegistry(this.core, typeof text === 'string' ? text : decodeRegFile(text, source), source);
  }
}
