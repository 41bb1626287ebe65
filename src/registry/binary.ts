/**
 * The compact binary form of the registry inside the image file.
 *
 * Layout, little-endian: magic `SVRG`, u16 version (1), u16 root count, then
 * each root as a key record. A key record is u16 name length (UTF-16 units),
 * the name, u32 value count, the values, u32 subkey count, the subkey records.
 * A value is u16 name length, the name, u32 type, u32 byte length, the bytes.
 * Subkeys are written in folded name order so equal trees give equal bytes;
 * values keep their enumeration order.
 */

import { InputError } from '../errors/index.js';
import { foldKeyName } from './fold.js';
import { KeyNode, type StoredValue } from './key-node.js';
import { MAX_KEY_DEPTH, MAX_KEY_NAME, MAX_VALUE_NAME, ROOT_NAMES } from './key-path.js';
import { decodeUtf16le } from './utf16.js';

const MAGIC = [0x53, 0x56, 0x52, 0x47]; // 'SVRG'
const VERSION = 1;
const SOURCE = 'registry data';

function keySize(node: KeyNode): number {
  let size = 2 + 2 * node.name.length + 8;
  for (const { name, value } of node.values.values()) size += 2 + 2 * name.length + 8 + value.bytes.length;
  for (const child of node.subkeys.values()) size += keySize(child);
  return size;
}

class Writer {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private at = 0;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  u16(value: number): void {
    this.view.setUint16(this.at, value, true);
    this.at += 2;
  }

  u32(value: number): void {
    this.view.setUint32(this.at, value, true);
    this.at += 4;
  }

  name(text: string): void {
    this.u16(text.length);
    for (let i = 0; i < text.length; i++) this.u16(text.charCodeAt(i));
  }

  raw(bytes: Uint8Array): void {
    this.bytes.set(bytes, this.at);
    this.at += bytes.length;
  }

  key(node: KeyNode): void {
    this.name(node.name);
    this.u32(node.values.size);
    for (const { name, value } of node.values.values()) {
      this.name(name);
      this.u32(value.type);
      this.u32(value.bytes.length);
      this.raw(value.bytes);
    }
    this.u32(node.subkeys.size);
    for (const child of node.sortedSubkeys()) this.key(child);
  }
}

/** Writes the root keys (in the given order) to the binary form. */
export function writeRegistry(roots: readonly KeyNode[]): Uint8Array {
  const writer = new Writer(8 + roots.reduce((sum, root) => sum + keySize(root), 0));
  writer.raw(Uint8Array.from(MAGIC));
  writer.u16(VERSION);
  writer.u16(roots.length);
  for (const root of roots) writer.key(root);
  return writer.bytes;
}

class Reader {
  private readonly view: DataView;
  at = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(message: string, at = this.at): never {
    throw new InputError(SOURCE, [{ where: `byte ${at}`, message }]);
  }

  need(count: number, what: string): void {
    if (this.at + count > this.bytes.length) {
      this.fail(`truncated: ${what} needs ${count} bytes, ${this.bytes.length - this.at} left`);
    }
  }

  u16(what: string): number {
    this.need(2, what);
    const value = this.view.getUint16(this.at, true);
    this.at += 2;
    return value;
  }

  u32(what: string): number {
    this.need(4, what);
    const value = this.view.getUint32(this.at, true);
    this.at += 4;
    return value;
  }

  name(what: string, max: number): string {
    const start = this.at;
    const units = this.u16(`${what} length`);
    if (units > max) this.fail(`${what} is ${units} units long (at most ${max})`, start);
    this.need(2 * units, what);
    const text = decodeUtf16le(this.bytes, this.at, this.at + 2 * units);
    this.at += 2 * units;
    return text;
  }

  key(depth: number): KeyNode {
    const start = this.at;
    if (depth > MAX_KEY_DEPTH) this.fail(`keys nested deeper than ${MAX_KEY_DEPTH}`);
    const name = this.name('key name', MAX_KEY_NAME);
    if (name === '' || name.includes('\\')) this.fail(`invalid key name ${JSON.stringify(name)}`, start);
    const values = new Map<string, StoredValue>();
    const valueCount = this.u32('value count');
    for (let i = 0; i < valueCount; i++) {
      const valueStart = this.at;
      const valueName = this.name('value name', MAX_VALUE_NAME);
      const type = this.u32('value type');
      const length = this.u32('value length');
      this.need(length, 'value data');
      const bytes = this.bytes.slice(this.at, this.at + length);
      this.at += length;
      const folded = foldKeyName(valueName);
      if (values.has(folded)) this.fail(`duplicate value name ${JSON.stringify(valueName)}`, valueStart);
      values.set(folded, { name: valueName, value: Object.freeze({ type, bytes }) });
    }
    const subkeys = new Map<string, KeyNode>();
    const subkeyCount = this.u32('subkey count');
    for (let i = 0; i < subkeyCount; i++) {
      const childStart = this.at;
      const child = this.key(depth + 1);
      const folded = foldKeyName(child.name);
      if (subkeys.has(folded)) this.fail(`duplicate key name ${JSON.stringify(child.name)}`, childStart);
      subkeys.set(folded, child);
    }
    return new KeyNode(name, subkeys, values);
  }
}

/** Reads the binary form back to root keys. Damage throws InputError with the byte offset. */
export function readRegistry(bytes: Uint8Array): KeyNode[] {
  const reader = new Reader(bytes);
  reader.need(4, 'magic');
  if (MAGIC.some((byte, i) => bytes[i] !== byte)) reader.fail('not registry data (bad magic)');
  reader.at = 4;
  const version = reader.u16('version');
  if (version !== VERSION) reader.fail(`unsupported version ${version}`, 4);
  const rootCount = reader.u16('root count');
  const roots: KeyNode[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < rootCount; i++) {
    const start = reader.at;
    const root = reader.key(0);
    if (!(ROOT_NAMES as readonly string[]).includes(root.name))
      reader.fail(`unknown root key ${JSON.stringify(root.name)}`, start);
    if (seen.has(root.name)) reader.fail(`duplicate root key ${root.name}`, start);
    seen.add(root.name);
    roots.push(root);
  }
  if (reader.at !== bytes.length)
    reader.fail(`${bytes.length - reader.at} unexpected bytes after the last key`);
  return roots;
}
